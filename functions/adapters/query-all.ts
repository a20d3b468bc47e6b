import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

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
