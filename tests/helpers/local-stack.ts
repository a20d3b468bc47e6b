import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { signDevToken, type DevTokenRequest } from '../../functions/api/authenticate';
import { createStores, type Stores } from '../../functions/adapters/create-stores';
import type { ReferralItem } from '../../functions/adapters/table/items';
import { startLocalStack as startEmbeddedStack, type LocalStack, type LocalStackOptions } from '../../infra/local/local-stack';
import type { RunningStack } from '../../infra/local/running-stack';
import { referralsOutsideEveryQueue } from './queue-reachability';

export interface LocalStackHandle {
  apiUrl: string;
  dataDir: string;
  stack: LocalStack;
  /** The stack's stores, from the same composition root as the handlers. */
  stores: Stores;
  /** What tests read back or count directly, by the names they use. */
  store: {
    getSubmission: Stores['submissions']['get'];
    getReferral: Stores['referrals']['get'];
    listReports: Stores['referrals']['listReports'];
    countReferral: Stores['counters']['countReferral'];
    listPostedIn: Stores['referrals']['listPostedIn'];
  };
  documentClient: DynamoDBDocumentClient;
  tokenFor(request: DevTokenRequest): Promise<string>;
  api: { stop(): Promise<void>; start(): Promise<void> };
  waitForSubmission(submissionId: string, timeoutMs?: number): Promise<{ referralId: string }>;
  getReferral(referralId: string): Promise<ReferralItem | undefined>;
  countReferrals(): Promise<number>;
  scanEntities(entity: string): Promise<Record<string, unknown>[]>;
  /** Writes `<dataDir>/local-stack.json` as `npm start` does, so command-line tools find this stack; the test process stands in for its pid. */
  announceRunning(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the embedded local stack for a test on free ports in a fresh temporary data
 * folder (or the given one, to test restarts), and removes the folder on stop.
 */
export interface TestStackOptions {
  dataDir?: string;
  keepData?: boolean;
  retryAfterSeconds?: number;
  counterClaimLeaseSeconds?: number;
  processConcurrency?: number;
  processHandlerFactory?: LocalStackOptions['processHandlerFactory'];
  handlerDynamoEndpoint?: LocalStackOptions['handlerDynamoEndpoint'];
}

export const startLocalStack = async (options: TestStackOptions = {}): Promise<LocalStackHandle> => {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'referral-desk-')));
  const stack = await startEmbeddedStack({
    dataDir,
    apiPort: 0,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    ...(options.processConcurrency === undefined ? {} : { processConcurrency: options.processConcurrency }),
    ...(options.counterClaimLeaseSeconds === undefined ? {} : { counterClaimLeaseSeconds: options.counterClaimLeaseSeconds }),
    ...(options.processHandlerFactory ? { processHandlerFactory: options.processHandlerFactory } : {}),
    ...(options.handlerDynamoEndpoint ? { handlerDynamoEndpoint: options.handlerDynamoEndpoint } : {}),
    onPollerError: () => undefined,
  });
  const documentClient = DynamoDBDocumentClient.from(stack.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const stores = createStores(stack.config, { documentClient });
  const store: LocalStackHandle['store'] = {
    getSubmission: (submissionId) => stores.submissions.get(submissionId),
    getReferral: (referralId) => stores.referrals.get(referralId),
    listReports: (referralId) => stores.referrals.listReports(referralId),
    countReferral: (day, referralId, cells) => stores.counters.countReferral(day, referralId, cells),
    listPostedIn: (parentReferralId) => stores.referrals.listPostedIn(parentReferralId),
  };

  const scanEntities = async (entity: string) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new ScanCommand({
          TableName: stack.config.TABLE_NAME,
          FilterExpression: 'entity = :entity',
          ExpressionAttributeValues: { ':entity': { S: entity } },
          ...(startKey ? { ExclusiveStartKey: startKey as never } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(item as Record<string, unknown>);
      startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (startKey);
    return items;
  };

  return {
    get apiUrl() {
      return stack.apiUrl;
    },
    dataDir,
    stack,
    stores,
    store,
    documentClient,
    tokenFor: (request) => signDevToken(stack.devAuthSecret, request),
    api: { stop: () => stack.stopApi(), start: () => stack.startApi() },
    waitForSubmission: async (submissionId, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const submission = await store.getSubmission(submissionId);
        if (submission?.status === 'processed' && submission.referralId) return { referralId: submission.referralId };
        if (submission?.status === 'rejected') throw new Error(`submission ${submissionId} rejected: ${submission.rejection?.message}`);
        if (Date.now() > deadline) throw new Error(`submission ${submissionId} not processed within ${timeoutMs} ms (state: ${submission?.status ?? 'unknown'})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    getReferral: (referralId) => store.getReferral(referralId),
    countReferrals: async () => (await scanEntities('referral')).length,
    scanEntities,
    announceRunning: async () => {
      const running: RunningStack = {
        pid: process.pid,
        apiUrl: stack.apiUrl,
        dynamoEndpoint: stack.dynamoEndpoint,
        sqsEndpoint: stack.sqsEndpoint,
        region: stack.config.AWS_REGION,
        tableName: stack.config.TABLE_NAME,
        queues: stack.queues,
      };
      await writeFile(join(dataDir, 'local-stack.json'), JSON.stringify(running));
    },
    // Every test's referrals must be reachable: each is checked to sit in a queue the dashboard lists.
    stop: async () => {
      const unreachable = referralsOutsideEveryQueue((await scanEntities('referral')).map((item) => unmarshall(item as never)));
      await stack.stop();
      if (!options.keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
      if (unreachable.length > 0) throw new Error(`referrals no officer's queue shows:\n${unreachable.join('\n')}`);
    },
  };
};
