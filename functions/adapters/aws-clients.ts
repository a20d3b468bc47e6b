import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { RuntimeConfig } from './runtime-config';

/** Clients a stage may be given instead of its own, so tests can wrap the real ones (e.g. with fault injection). */
export interface AwsClients {
  documentClient?: DynamoDBDocumentClient;
  sqsClient?: SQSClient;
}

export const createDocumentClient = (config: Pick<RuntimeConfig, 'AWS_REGION' | 'AWS_ENDPOINT_URL_DYNAMODB'>): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: config.AWS_REGION,
      ...(config.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: config.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    }),
    { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } },
  );

export const createSqsClient = (config: Pick<RuntimeConfig, 'AWS_REGION' | 'AWS_ENDPOINT_URL_SQS'>): SQSClient =>
  new SQSClient({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL_SQS ? { endpoint: config.AWS_ENDPOINT_URL_SQS } : {}),
  });

/** The page topics' SNS (fauxqs on the local stack, which gives its endpoint). */
export const createSnsClient = (region: string, endpoint: string | undefined): SNSClient => new SNSClient({ region, ...(endpoint ? { endpoint } : {}) });
