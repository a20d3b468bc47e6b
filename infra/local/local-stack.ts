import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { indexSnapshotDirOf } from './running-stack';
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { answerClientErrorsAsJson } from './client-errors';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { readRuntimeConfig, type RuntimeConfig } from '../../functions/adapters/runtime-config';
import { createApi } from '../../functions/api/app';
import { createApiDependencies } from '../../functions/api/dependencies';
import { processFunction, queues as queueDescriptions, referralTable, type QueueName } from '../resources';
import { counterCompactionWindowDays } from '../../functions/core/trends/counter-compaction';
import { loadDevSecret } from './dev-secret';
import { startLocalDynamo, type LocalDynamoServer } from './dynamodb-server';
import { EventSourcePoller, type SqsHandler } from './event-source-poller';
import { startLocalSqs, type LocalSqsServer } from './fauxqs-server';
import { provisionPageTopics, provisionQueues, provisionTable, type ProvisionedPageTopics, type ProvisionedQueue } from './provision';
import { describeTable } from './rebuild-table';
import { SNSClient } from '@aws-sdk/client-sns';
import { devUsers } from './dev-users';
import { sandboxSecretFor, startSandboxPlatform, type SandboxBehaviour, type SandboxPlatform } from './sandbox-platform';
import { sandboxPagerSecretFor, startSandboxPager, type SandboxPager } from './sandbox-pager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrateOtherHostsQueue } from '../../functions/adapters/table/migrate-other-hosts-queue';
import { migrateCounterShards } from '../../functions/adapters/table/migrate-counter-shards';
import { migrateUnitReportDays } from '../../functions/adapters/table/migrate-unit-report-days';
import { migrateClosedIncidents } from '../../functions/adapters/table/migrate-closed-incidents';
import { createStores } from '../../functions/adapters/create-stores';
import { allPlatforms } from '../../functions/core/platforms/platforms';
import { stages } from '../stages';
import type { IngestLane } from '../../functions/core/ingest-lane';
import { createSchedulerStage } from '../../functions/scheduler/handler';
import { runScheduler as runSchedulerOnce, type SchedulerSummary } from '../../functions/scheduler/run-scheduler';
import { startTestTsa, type TestTsa } from './test-tsa';

export interface LocalStackOptions {
  /** Everything the stack keeps lives here (LevelDB, SQLite, evidence, the dev secret). */
  dataDir: string;
  /** API port on 127.0.0.1; 0 picks a free one. */
  apiPort: number;
  region?: string;
  /** Concurrent process batches; Lambda's maximum concurrency in the cloud. */
  processConcurrency?: number;
  /** Test acceleration: redeliver failed messages after this many seconds. */
  retryAfterSeconds?: number;
  /** How long a trend counter claim lives before a dead holder's is taken over (COUNTER_CLAIM_LEASE_SECONDS). @default 5 */
  counterClaimLeaseSeconds?: number;
  onPollerError?: (error: unknown) => void;
  /**
   * Replaces the process handler (tests wrap the real one, e.g. to inject faults).
   * Receives the runtime configuration the stack built, and the ingest lane the handler reads.
   */
  processHandlerFactory?: (config: RuntimeConfig, lane: IngestLane) => SqsHandler;
  /**
   * The sandbox platform every webhook platform delivers to (port 0 picks a free one);
   * false runs no sandbox and configures no webhook.
   * @default { port: 0 }
   */
  sandbox?: ({ port: number } & Partial<SandboxBehaviour>) | false;
  /** First delivery retry delay in seconds (doubled per attempt). @default 2 */
  deliveryRetryBaseSeconds?: number;
  /** Where the sandbox logs what it receives and calls back. */
  sandboxLog?: (line: string) => void;
  /**
   * The sandbox pager every unit's rota can point at (port 0 picks a free one); false runs none.
   * @default { port: 0 }
   */
  sandboxPager?: { port: number } | false;
  /** Where the sandbox pager logs the pages it receives. */
  sandboxPagerLog?: (line: string) => void;
  /**
   * Runs the scheduler stage's handler code every `intervalSeconds` (near-deadline flags, retention
   * purge, expired items, which dynalite's missing TTL leaves to it); false runs none (tests drive it
   * with their own clock through `runScheduler`).
   * @default { intervalSeconds: 60 }
   */
  scheduler?: { intervalSeconds: number } | false;
  /**
   * The DynamoDB endpoint the handlers use, given dynalite's: the benchmark puts a proxy in between
   * that measures consumed capacity. The stack's own clients keep dynalite's endpoint.
   * @default - dynalite's endpoint
   */
  handlerDynamoEndpoint?: (dynaliteEndpoint: string) => string;
  /**
   * Runs the test TSA (its own CA, made afresh at every start) and configures the process stage
   * to stamp verified capture manifests with it; false configures no TSA.
   * @default true
   */
  timestampAuthority?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  config: RuntimeConfig;
  queues: Record<QueueName, ProvisionedQueue>;
  /** The units' page topics in fauxqs, and the queue that receives what they publish. */
  pageTopics: ProvisionedPageTopics;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  devAuthSecret: string;
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  processPoller: EventSourcePoller;
  urgentPoller: EventSourcePoller;
  deliveryPoller: EventSourcePoller;
  escalationPoller: EventSourcePoller;
  financialPoller: EventSourcePoller;
  /** One scheduler run at `now` (default: the real clock), as the EventBridge schedule invokes it. */
  runScheduler(now?: Date): Promise<SchedulerSummary>;
  /** Stops the periodic scheduler loop (tests that inject their own clock). */
  stopScheduler(): void;
  sandbox?: SandboxPlatform;
  /** The test TSA, unless the stack runs without one (or openssl failed to make its CA). */
  tsa?: TestTsa;
  sandboxPager?: SandboxPager;
  startApi(): Promise<void>;
  stopApi(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The embedded local stack: dynalite and fauxqs on 127.0.0.1, tables and queues from
 * infra/resources.ts, the API's Hono app on Node, and an event-source poller that
 * invokes the very same `process` Lambda handler with real SQS event records.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const region = options.region ?? 'eu-west-1';
  await mkdir(options.dataDir, { recursive: true });
  const devAuthSecret = await loadDevSecret(options.dataDir);
  const evidenceDir = join(options.dataDir, 'evidence');
  await mkdir(evidenceDir, { recursive: true });

  let dynamoServer: LocalDynamoServer | undefined;
  let sqsServer: LocalSqsServer | undefined;
  try {
    dynamoServer = await startLocalDynamo({ dataDir: join(options.dataDir, 'dynamodb') });
    sqsServer = await startLocalSqs({ dataDir: join(options.dataDir, 'sqs') });
  } catch (error) {
    await dynamoServer?.stop();
    throw error;
  }
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamo = new DynamoDBClient({ region, endpoint: dynamoServer.endpoint, credentials });
  const sqs = new SQSClient({ region, endpoint: sqsServer.endpoint, credentials });
  // A table made by this start holds nothing to migrate: the migrations (a Scan of the table each)
  // run only on data kept in .data from an earlier start.
  const keptData = (await describeTable(dynamo, referralTable.logicalName)) !== undefined;
  const tableName = await provisionTable(dynamo);
  if (keptData) {
    const table = { client: DynamoDBDocumentClient.from(dynamo), name: tableName };
    // Referrals of unlisted hosts move to the other-hosts queue, trend counters to their shard partitions.
    await migrateOtherHostsQueue(table);
    await migrateCounterShards(table);
    // Reports kept from before the unit index was keyed by day move to their day's partition.
    await migrateUnitReportDays(table);
    // Incidents closed before closing listed them join the closed list. All four are idempotent.
    await migrateClosedIncidents(table);
  }
  const queues = await provisionQueues(sqs);
  const pageTopics = await provisionPageTopics(new SNSClient({ region, endpoint: sqsServer.endpoint, credentials }), sqs, [...new Set(devUsers.map((user) => user.unit))]);
  const tsa = options.timestampAuthority === false ? undefined : await startLocalTsa(join(options.dataDir, 'tsa'));

  // The handlers read their configuration from the environment, as in Lambda.
  const environment: Record<string, string> = {
    TABLE_NAME: tableName,
    INGEST_QUEUE_URL: queues.ingest.url,
    INGEST_DLQ_URL: queues.ingest.deadLetterUrl,
    URGENT_QUEUE_URL: queues.urgent.url,
    URGENT_DLQ_URL: queues.urgent.deadLetterUrl,
    DELIVERY_QUEUE_URL: queues.delivery.url,
    DELIVERY_DLQ_URL: queues.delivery.deadLetterUrl,
    DELIVERY_RETRY_BASE_SECONDS: String(options.deliveryRetryBaseSeconds ?? 2),
    ESCALATION_QUEUE_URL: queues.escalation.url,
    ESCALATION_DLQ_URL: queues.escalation.deadLetterUrl,
    FINANCIAL_QUEUE_URL: queues.financial.url,
    FINANCIAL_DLQ_URL: queues.financial.deadLetterUrl,
    EVIDENCE_DIR: evidenceDir,
    INDEX_SNAPSHOT_DIR: indexSnapshotDirOf(options.dataDir),
    PACKAGE_SIGNING_KEY_FILE: join(options.dataDir, 'package-signing-key.pem'),
    AUTH_MODE: 'local',
    DEV_AUTH_SECRET: devAuthSecret,
    AWS_REGION: region,
    AWS_ENDPOINT_URL_DYNAMODB: options.handlerDynamoEndpoint?.(dynamoServer.endpoint) ?? dynamoServer.endpoint,
    AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
    // fauxqs serves SNS on the SQS endpoint; its page topics deliver into the page inbox queue.
    AWS_ENDPOINT_URL_SNS: sqsServer.endpoint,
    PAGE_TOPIC_ARN_PREFIX: pageTopics.arnPrefix,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env['POWERTOOLS_LOG_LEVEL'] ?? 'WARN',
    STAGE: 'local',
    COUNTER_COMPACTION_WINDOW_DAYS: String(counterCompactionWindowDays(queueDescriptions)),
    // A failed message comes back within seconds here, and a crash is an exception: no holder outlives this.
    COUNTER_CLAIM_LEASE_SECONDS: String(options.counterClaimLeaseSeconds ?? 5),
    ...(tsa ? { TSA_URL: tsa.url, TSA_TRUST_ANCHOR_FILE: tsa.trustAnchorFile } : {}),
  };
  // A stack started before in this process must not leave its TSA configured for one without.
  if (!tsa) for (const name of ['TSA_URL', 'TSA_TRUST_ANCHOR_FILE']) Reflect.deleteProperty(process.env, name);
  Object.assign(process.env, environment);
  const config = readRuntimeConfig();

  // Imported after the environment is set: the handler module is what Lambda loads.
  const { createProcessHandler, createProcessStage, processImageReaders } = await import('../../functions/process/handler');
  // Lambda's handler, built as its module builds it, with the same image readers.
  const { createUrgentHandler } = await import('../../functions/urgent/handler');
  const processHandler = options.processHandlerFactory ? options.processHandlerFactory(config, 'ingest') : createProcessHandler(() => createProcessStage(config, processImageReaders));
  const urgentHandler = options.processHandlerFactory ? options.processHandlerFactory(config, 'urgent') : createUrgentHandler(config);
  const processPoller = new EventSourcePoller({
    sqs,
    queueUrl: queues.ingest.url,
    queueArn: queues.ingest.arn,
    region,
    functionName: 'process',
    handler: processHandler,
    batchSize: processFunction.batchSize,
    concurrency: options.processConcurrency ?? 2,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    onError: options.onPollerError ?? ((error) => console.error('[process poller]', error)),
  });
  processPoller.start();

  // The urgent lane's own poller, as its own function in the cloud: a threat to life is read at
  // once, however long the ingest queue is.
  const urgentPoller = new EventSourcePoller({
    sqs,
    queueUrl: queues.urgent.url,
    queueArn: queues.urgent.arn,
    region,
    functionName: 'urgent',
    handler: urgentHandler,
    batchSize: stages.urgent.trigger.batchSize,
    concurrency: stages.urgent.trigger.maxConcurrency,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    onError: options.onPollerError ?? ((error) => console.error('[urgent process poller]', error)),
  });
  urgentPoller.start();

  // The delivery stage's retries set their own visibility (backoff), so no retryAfterSeconds here.
  const { handler: deliveryHandler } = await import('../../functions/delivery/handler');
  const deliveryPoller = new EventSourcePoller({
    sqs,
    queueUrl: queues.delivery.url,
    queueArn: queues.delivery.arn,
    region,
    functionName: 'delivery',
    handler: deliveryHandler,
    batchSize: stages.delivery.trigger.batchSize,
    concurrency: 1,
    onError: options.onPollerError ?? ((error) => console.error('[delivery poller]', error)),
  });
  deliveryPoller.start();

  // Pages go out at once (a threat to life); a page the pager refused is retried after a few seconds.
  const { handler: escalationHandler } = await import('../../functions/escalation/handler');
  const escalationPoller = new EventSourcePoller({
    sqs,
    queueUrl: queues.escalation.url,
    queueArn: queues.escalation.arn,
    region,
    functionName: 'escalation',
    handler: escalationHandler,
    batchSize: stages.escalation.trigger.batchSize,
    // Two batches at once, as the cloud's event source runs several: a page never waits for another unit's pager to answer.
    concurrency: 2,
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    onError: options.onPollerError ?? ((error) => console.error('[escalation poller]', error)),
  });
  escalationPoller.start();

  // Dossiers are filed as the cloud files them, a batch at a time; a failed write is retried after a few seconds.
  const { handler: financialHandler } = await import('../../functions/financial/handler');
  const financialPoller = new EventSourcePoller({
    sqs,
    queueUrl: queues.financial.url,
    queueArn: queues.financial.arn,
    region,
    functionName: 'financial',
    handler: financialHandler,
    batchSize: stages.financial.trigger.batchSize,
    concurrency: 1,
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    onError: options.onPollerError ?? ((error) => console.error('[financial poller]', error)),
  });
  financialPoller.start();

  // The scheduler stage on a timer, standing in for the EventBridge schedule of infra/stages.ts.
  const schedulerStage = createSchedulerStage(config, { scanExpiredItems: true, emit: (line) => (process.env['REFERRAL_DESK_SHOW_METRICS'] ? console.log(line) : undefined) });
  const runScheduler = (now: Date = new Date()) => runSchedulerOnce(schedulerStage, now);
  const schedulerOption = options.scheduler ?? { intervalSeconds: 60 };
  let schedulerTimer: NodeJS.Timeout | undefined;
  if (schedulerOption !== false) {
    schedulerTimer = setInterval(() => {
      runScheduler().catch((error: unknown) => (options.onPollerError ?? ((e) => console.error('[scheduler]', e)))(error));
    }, schedulerOption.intervalSeconds * 1000);
    schedulerTimer.unref();
  }
  const stopScheduler = () => {
    if (schedulerTimer) clearInterval(schedulerTimer);
    schedulerTimer = undefined;
  };

  let apiServer: ServerType | undefined;
  let apiPort = options.apiPort;
  let apiUrl = '';
  const startApi = async () => {
    if (apiServer) return;
    await new Promise<void>((resolve, reject) => {
      // The public base URL is only known once bound; evidence tickets read it lazily.
      let api: ReturnType<typeof createApi> | undefined;
      const server = serve({ fetch: (request) => (api ? api.fetch(request) : new Response(null, { status: 503 })), hostname: '127.0.0.1', port: apiPort }, (info: AddressInfo) => {
        apiPort = info.port;
        apiUrl = `http://127.0.0.1:${info.port}`;
        api = createApi(createApiDependencies(config, apiUrl));
        resolve();
      });
      server.once('error', reject);
      answerClientErrorsAsJson(server as Server);
      apiServer = server;
    });
  };
  const stopApi = async () => {
    const server = apiServer;
    apiServer = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  };
  await startApi();

  // Every webhook platform delivers to the sandbox, with a per-platform secret it shares.
  let sandbox: SandboxPlatform | undefined;
  if (options.sandbox !== false) {
    const { port, ...behaviour } = options.sandbox ?? { port: 0 };
    sandbox = await startSandboxPlatform({
      port,
      apiUrl: () => apiUrl,
      secretFor: (platform) => sandboxSecretFor(devAuthSecret, platform),
      behaviour,
      ...(options.sandboxLog ? { log: options.sandboxLog } : {}),
    });
    // Before any delivery (the delivery stage reads its settings at its first message, as a cold start).
    process.env['LOCAL_SANDBOX_WEBHOOK_ORIGIN'] = sandbox.url;
    const { channels } = createStores(config, { documentClient: DynamoDBDocumentClient.from(dynamo) });
    for (const platform of allPlatforms().filter((p) => p.channel === 'webhook')) {
      await channels.put({
        platform: platform.id,
        webhookUrl: sandbox.webhookUrlFor(platform.id),
        signingSecret: sandboxSecretFor(devAuthSecret, platform.id),
        updatedAt: new Date().toISOString(),
        updatedBy: 'local-stack',
      });
    }
  }

  // The sandbox pager: a unit points its rota's webhooks at it (see README, "On-call rota and pager").
  let sandboxPager: SandboxPager | undefined;
  if (options.sandboxPager !== false) {
    sandboxPager = await startSandboxPager({
      port: options.sandboxPager?.port ?? 0,
      apiUrl: () => apiUrl,
      secretFor: (routingKey) => sandboxPagerSecretFor(devAuthSecret, routingKey),
      ...(options.sandboxPagerLog ? { log: options.sandboxPagerLog } : {}),
    });
    // Before any page (the escalation stage reads its settings at its first message, as a cold start).
    process.env['LOCAL_SANDBOX_PAGER_ORIGIN'] = sandboxPager.url;
  }

  return {
    get apiUrl() {
      return apiUrl;
    },
    config,
    queues,
    pageTopics,
    dynamoEndpoint: dynamoServer.endpoint,
    sqsEndpoint: sqsServer.endpoint,
    devAuthSecret,
    sqs,
    dynamo,
    processPoller,
    urgentPoller,
    deliveryPoller,
    runScheduler,
    stopScheduler,
    ...(sandbox ? { sandbox } : {}),
    ...(tsa ? { tsa } : {}),
    ...(sandboxPager ? { sandboxPager } : {}),
    escalationPoller,
    financialPoller,
    startApi,
    stopApi,
    stop: async () => {
      // Order matters: stop taking reports, let in-flight batches finish, then close the stores.
      await stopApi();
      await processPoller.stop();
      await urgentPoller.stop();
      await deliveryPoller.stop();
      await escalationPoller.stop();
      await financialPoller.stop();
      stopScheduler();
      await sandbox?.stop();
      await tsa?.stop();
      await sandboxPager?.stop();
      sqs.destroy();
      dynamo.destroy();
      await sqsServer.stop();
      await dynamoServer.stop();
    },
  };
};

/**
 * The test TSA on 127.0.0.1. Without openssl the stack still starts: manifests are then recorded
 * as not stamped (no TSA configured), which is what a deployment without a TSA records too.
 */
const startLocalTsa = async (directory: string): Promise<TestTsa | undefined> => {
  try {
    return await startTestTsa({ directory });
  } catch (error) {
    console.warn(`[test TSA] not started, capture manifests will not be stamped: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
};
