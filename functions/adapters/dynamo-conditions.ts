import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * A conditional write that DynamoDB refused because its condition did not hold: for the
 * idempotent writes of this project, usually "already done". The name check also covers
 * errors deserialized by another copy of the SDK (the Lambda runtime's).
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
