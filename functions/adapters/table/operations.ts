import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** The table and the client that reaches it: what every store is built with. */
export interface TableHandle {
  client: DynamoDBDocumentClient;
  name: string;
}

/**
 * A conditional write that DynamoDB refused because its condition did not hold: for the
 * idempotent writes of this project, usually "already done". The name check also covers
 * errors deserialized by another copy of the SDK (the Lambda runtime's).
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/** Runs a conditional write: false when its condition did not hold, any other error thrown. */
export const whenConditionHolds = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export interface QueryAllResult {
  items: Record<string, unknown>[];
  /** Round trips it took: DynamoDB returns at most 1 MB per page, measured before any projection. */
  pages: number;
}

/** Every item a Query matches, following LastEvaluatedKey page by page. */
export const queryAll = async (client: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<QueryAllResult> => {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    pages += 1;
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, pages };
};

/** Every item of a partition whose sort key starts with `prefix` (consistent read, all pages). */
export const queryPrefix = async (table: TableHandle, pk: string, prefix: string): Promise<Record<string, unknown>[]> => {
  const { items } = await queryAll(table.client, {
    TableName: table.name,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ConsistentRead: true,
  });
  return items;
};
