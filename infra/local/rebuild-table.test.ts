import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralTable, retiredGlobalIndexes, type TableDescription } from '../resources';
import { startLocalDynamo, type LocalDynamoServer } from './dynamodb-server';
import { provisionTable } from './provision';
import { describeTable, waitUntilActive } from './rebuild-table';

/** The table as an earlier version described it: the retired whole-item indexes. */
const earlier: TableDescription = { ...referralTable, globalIndexes: retiredGlobalIndexes };

describe('provisionTable on a table kept from a version with other indexes', () => {
  let dataDir: string;
  let server: LocalDynamoServer;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'referral-desk-rebuild-'));
    server = await startLocalDynamo({ dataDir });
    client = new DynamoDBClient({ region: 'eu-west-1', endpoint: server.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const items = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      pk: { S: `REF#ref_${String(i).padStart(24, '0')}` },
      sk: { S: 'META' },
      entity: { S: 'referral' },
      gsi1pk: { S: 'QUEUE#telegram#new' },
      gsi1sk: { S: `P2#2026-12-06T10:00:00.000Z#ref_${String(i).padStart(24, '0')}` },
      lastEvent: { S: 'x'.repeat(200) },
    }));
  const indexesOf = async () => ((await client.send(new DescribeTableCommand({ TableName: referralTable.logicalName }))).Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.Projection?.ProjectionType]);
  const stored = async () => ((await client.send(new ScanCommand({ TableName: referralTable.logicalName, ConsistentRead: true }))).Items ?? []).length;

  it('rebuilds it with the described indexes and projections, keeping every item; a second start changes nothing', async () => {
    await provisionTable(client, earlier);
    for (const item of items(60)) await client.send(new PutItemCommand({ TableName: referralTable.logicalName, Item: item }));
    expect(await indexesOf()).toEqual([['gsi1', 'ALL'], ['gsi2', 'ALL']]);

    await provisionTable(client);
    expect(await indexesOf()).toEqual([['gsi1q', 'INCLUDE'], ['gsi2d', 'INCLUDE']]);
    expect(await stored()).toBe(60);
    expect(await describeTable(client, `${referralTable.logicalName}.rebuild`)).toBeUndefined();
    await provisionTable(client);
    expect(await stored()).toBe(60);
  });

  it('a start stopped while copying keeps the table whole; one stopped after the table was dropped finishes from the complete copy', async () => {
    const scratch = `${referralTable.logicalName}.rebuild`;
    const createScratch = async () => {
      await client.send(
        new CreateTableCommand({
          TableName: scratch,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        }),
      );
      await waitUntilActive(client, scratch);
    };
    // Stopped mid-copy: a scratch table with some items and no completion marker, the table whole.
    await createScratch();
    await client.send(new PutItemCommand({ TableName: scratch, Item: { pk: { S: 'REF#stale' }, sk: { S: 'META' } } }));
    await provisionTable(client);
    expect(await stored()).toBe(60);
    expect(await describeTable(client, scratch)).toBeUndefined();

    // Stopped after the table was dropped: only the complete copy is left.
    await createScratch();
    for (const item of items(60)) await client.send(new PutItemCommand({ TableName: scratch, Item: item }));
    await client.send(new PutItemCommand({ TableName: scratch, Item: { pk: { S: '#local-rebuild' }, sk: { S: 'copy-complete' } } }));
    await client.send(new DeleteTableCommand({ TableName: referralTable.logicalName }));
    for (let n = 0; n < 100 && (await describeTable(client, referralTable.logicalName)); n++) await new Promise((resolve) => setTimeout(resolve, 20));
    await provisionTable(client);
    expect(await indexesOf()).toEqual([['gsi1q', 'INCLUDE'], ['gsi2d', 'INCLUDE']]);
    expect(await stored()).toBe(60);
    expect(await describeTable(client, scratch)).toBeUndefined();
  });
});
