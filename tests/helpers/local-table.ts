import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableHandle } from '../../functions/adapters/table/operations';
import { startLocalDynamo } from '../../infra/local/dynamodb-server';
import { provisionTable } from '../../infra/local/provision';

export interface LocalTable extends TableHandle {
  /** dynalite's URL, for tools run in a process of their own. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The table alone, for store tests: dynalite in its own process (as the local stack runs it)
 * in a fresh temporary folder, with the table and its indexes created from infra/resources.ts.
 */
export const startLocalTable = async (): Promise<LocalTable> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'referral-desk-table-'));
  const server = await startLocalDynamo({ dataDir });
  const dynamo = new DynamoDBClient({ region: 'eu-west-1', endpoint: server.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const name = await provisionTable(dynamo);
  const client = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    name,
    endpoint: server.endpoint,
    stop: async () => {
      dynamo.destroy();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/**
 * The table for the tests of one file (or describe block): started before them, stopped after.
 * What it returns stands for the started table, so tests read `table.name` and pass `table` on
 * as they would the table itself, without each file repeating its own start and stop.
 */
export const useLocalTable = (): LocalTable => {
  let started: LocalTable | undefined;
  beforeAll(async () => {
    started = await startLocalTable();
  }, 60_000);
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as LocalTable, {
    get: (_, property) => {
      if (!started) throw new Error('the local table starts in beforeAll: use it inside a test or hook');
      return Reflect.get(started, property);
    },
  });
};
