import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TableDescription as DescribedTable,
} from '@aws-sdk/client-dynamodb';
import type { TableDescription } from '../resources';

/**
 * dynalite cannot create or delete an index of an existing table (its UpdateTable changes only
 * throughput), so a table kept in .data from a version with other indexes is rebuilt: every item is
 * copied to a scratch table, the table is created anew from the description and the items copied
 * back. The scratch table is marked complete only after the whole copy, and the table is deleted
 * only then, so a stop at any point loses nothing: the next start resumes from a complete copy, or
 * discards an incomplete one while the table is still whole.
 */
type Item = Record<string, AttributeValue>;

/** Written last into the scratch table; never copied back. */
const completeMarker = (table: TableDescription): Item => ({
  [table.partitionKey.name]: { S: '#local-rebuild' },
  [table.sortKey.name]: { S: 'copy-complete' },
});

export const describeTable = async (client: DynamoDBClient, name: string): Promise<DescribedTable | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const until = async (check: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; !(await check()); attempt++) {
    if (attempt > 200) throw new Error('dynalite did not finish creating or deleting a table');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

export const waitUntilActive = (client: DynamoDBClient, name: string) => until(async () => (await describeTable(client, name))?.TableStatus === 'ACTIVE');

const deleteTable = async (client: DynamoDBClient, name: string): Promise<void> => {
  await client.send(new DeleteTableCommand({ TableName: name }));
  await until(async () => (await describeTable(client, name)) === undefined);
};

const copyItems = async (client: DynamoDBClient, from: string, to: string, skip?: (item: Item) => boolean): Promise<void> => {
  let startKey: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    const items = (page.Items ?? []).filter((item) => !skip?.(item));
    for (let start = 0; start < items.length; start += 25) {
      let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [to]: requests } }));
        requests = (answer.UnprocessedItems?.[to] ?? []) as typeof requests;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
};

/** Whether the table's indexes are those of the description, with the same projections. */
export const indexesMatch = (described: DescribedTable, table: TableDescription): boolean => {
  const shape = (name: string, type: string | undefined, attributes: readonly string[] | undefined) => JSON.stringify([name, type, [...(attributes ?? [])].sort()]);
  const existing = (described.GlobalSecondaryIndexes ?? []).map((index) => shape(index.IndexName ?? '', index.Projection?.ProjectionType, index.Projection?.NonKeyAttributes)).sort();
  const wanted = table.globalIndexes.map((index) => shape(index.indexName, index.projection.type, index.projection.type === 'INCLUDE' ? index.projection.nonKeyAttributes : undefined)).sort();
  return JSON.stringify(existing) === JSON.stringify(wanted);
};

/**
 * Makes the table match the description, keeping its items. `create` creates the table from the
 * description (provision.ts). Returns whether a rebuild ran.
 */
export const rebuildWithDescribedIndexes = async (client: DynamoDBClient, table: TableDescription, create: () => Promise<void>): Promise<boolean> => {
  const name = table.logicalName;
  const scratch = `${name}.rebuild`;
  const marker = completeMarker(table);
  if (await describeTable(client, scratch)) {
    const complete = (await client.send(new GetItemCommand({ TableName: scratch, Key: marker, ConsistentRead: true }))).Item !== undefined;
    // An incomplete copy was made while the table was still whole: start again from the table.
    if (!complete) await deleteTable(client, scratch);
  }
  const current = await describeTable(client, name);
  const scratchComplete = (await describeTable(client, scratch)) !== undefined;
  if (!scratchComplete && (!current || indexesMatch(current, table))) {
    if (!current) {
      await create();
      // dynalite answers CreateTable while the table is still CREATING: a Scan right after (the
      // start-up migrations) would find no table, as DynamoDB's would.
      await waitUntilActive(client, name);
    }
    return false;
  }
  if (!scratchComplete) {
    await client.send(
      new CreateTableCommand({
        TableName: scratch,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [table.partitionKey, table.sortKey].map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
        ],
      }),
    );
    await waitUntilActive(client, scratch);
    await copyItems(client, name, scratch);
    await client.send(new PutItemCommand({ TableName: scratch, Item: marker }));
  }
  const now = await describeTable(client, name);
  if (now && !indexesMatch(now, table)) await deleteTable(client, name);
  if (!now || !indexesMatch(now, table)) {
    await create();
    await waitUntilActive(client, name);
  }
  const isMarker = (item: Item) => item[table.partitionKey.name]?.S === marker[table.partitionKey.name]?.S && item[table.sortKey.name]?.S === marker[table.sortKey.name]?.S;
  await copyItems(client, scratch, name, isMarker);
  await deleteTable(client, scratch);
  return true;
};
