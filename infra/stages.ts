/**
 * The list of pipeline stages: one Lambda function per entry. The CDK stateless stack
 * creates a function for every stage whose entry file exists, wires its trigger and
 * grants it exactly the access listed here, so a new stage is wired by adding a line.
 *
 * Access is declared in the domain's terms (which table, which queues, which bucket, how)
 * and turned into IAM grants and environment variables by `PipelineFunction`.
 */
import { processFunction, type QueueName } from './resources';

export type TableAccess = 'read' | 'readWrite';
export type QueueAccess = 'send' | 'consume';
export type EvidenceAccess = 'read' | 'write' | 'delete';

export type StageTrigger =
  | { kind: 'http' }
  | {
      kind: 'queue';
      queue: QueueName;
      /** Records per invocation. */
      batchSize: number;
      /** Concurrent invocations the event source may run (SQS event source: 2 to 1000). */
      maxConcurrency: number;
    }
  | {
      kind: 'schedule';
      /** EventBridge schedule expression, e.g. `rate(5 minutes)`. */
      expression: string;
    };

export interface StageDescription {
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Why the stage exists, in the domain's words (becomes the function description). */
  purpose: string;
  trigger: StageTrigger;
  timeoutSeconds: number;
  memoryMiB: number;
  table?: TableAccess;
  /** Queues the stage touches besides its trigger, and how. */
  queues?: Partial<Record<QueueName, QueueAccess>>;
  /** Dead-letter queues the stage sends to directly (poison messages that retrying cannot fix). */
  deadLetterQueues?: Partial<Record<QueueName, 'send'>>;
  evidence?: EvidenceAccess[];
  /**
   * Reads and writes the hash banks' snapshots (the `hash-banks/` objects of the index snapshot
   * bucket): the process stage rebuilds its match indexes from them on a cold start.
   */
  indexSnapshots?: 'readWrite';
  /** Publishes pages to the units' page topics (the deployment's `pageTopicUnits`), and to no other topic. */
  pageTopics?: 'publish';
  /**
   * The deployment sizes this stage (`referralDesk:processConcurrency`): the queue trigger's maximum
   * concurrency, and as many executions reserved for the function, so an API burst cannot starve it.
   * The local stack keeps the trigger's `maxConcurrency`.
   */
  deploymentConcurrency?: boolean;
  /**
   * Executions reserved for the function (and the queue trigger's maximum concurrency), so that no
   * other stage's burst can take them: the urgent lane's capacity is there when a threat to life arrives.
   */
  reservedConcurrency?: number;
  /** Only the API authenticates callers itself; it trusts the API Gateway JWT authorizer in the cloud. */
  authMode?: 'apigateway';
  /**
   * Bundle the pinned AWS SDK (about 0.45 MB minified) rather than use the runtime's copy; turn off
   * only if the bundle would otherwise exceed the 1.2 MB budget the CDK tests enforce.
   * @default true
   */
  bundleAwsSdk?: boolean;
  /**
   * Ships the removal-order PDF fonts and their font engine beside the bundle (loaded on the
   * first PDF only, so they do not weigh on every cold start).
   * @default false
   */
  documentFonts?: boolean;
  /**
   * The deployment's RFC 3161 TSA (`referralDesk:tsaUrl`): `stamp` asks it for tokens and verifies
   * them against its trust anchor; `verify` only gets the trust anchor, to check stored tokens.
   */
  timestamps?: 'stamp' | 'verify';
  /**
   * Decodes images (sharp): ships sharp and its linux-arm64 binaries beside the bundle.
   * @default false
   */
  imageDecoder?: boolean;
}

/**
 * The custom metric the scheduler emits (as CloudWatch embedded metric format, so the
 * function needs no `cloudwatch:PutMetricData` permission) and the near-deadline alarm watches.
 * The `Stage` dimension carries the deployment's STAGE variable.
 */
export const referralsNearDeadlineMetric = {
  namespace: 'ReferralDesk',
  metricName: 'ReferralsNearDeadline',
  dimension: 'Stage',
} as const;

/**
 * Pages past their acknowledgement time that nobody acknowledged (the scheduler emits it as EMF
 * each run, like the near-deadline metric): the alarm on it is the last resort after the unit's head.
 */
export const unacknowledgedPagesMetric = {
  namespace: 'ReferralDesk',
  metricName: 'UnacknowledgedPages',
  dimension: 'Stage',
} as const;

/**
 * What the process stage runs and may touch. The urgent lane runs the same code on its own
 * queue and executions, so it takes these fields as they are: the two lanes cannot drift apart.
 */
const processWork = {
  timeoutSeconds: processFunction.timeoutSeconds,
  // It decodes image evidence (sharp): one image at a time holds up to 11 bytes a pixel (440 MB for
  // 40 megapixels, adapters/media/decode-image.ts) beside the hash banks' indexes, and the CPU that
  // comes with 1,024 MB (about 0.6 vCPU) hashes a batch's screenshots well within its 30 s.
  memoryMiB: 1024,
  table: 'readWrite',
  queues: { delivery: 'send', escalation: 'send', financial: 'send' },
  evidence: ['read'],
  indexSnapshots: 'readWrite',
  // Stamps each verified capture manifest.
  timestamps: 'stamp',
  // Recomputes the PDQ of image evidence and reads QR codes in screenshots, as on the local stack.
  imageDecoder: true,
  // franc's language models (~360 KB) leave no room for the pinned SDK within the bundle budget;
  // the nodejs24.x runtime ships AWS SDK v3.
  bundleAwsSdk: false,
} as const satisfies Partial<StageDescription>;

export const stages = {
  api: {
    entry: 'functions/api/handler.ts',
    purpose: 'HTTP API: accepts reports from the extension, answers lookups, submissions, referrals and evidence uploads.',
    trigger: { kind: 'http' },
    timeoutSeconds: 10,
    memoryMiB: 512,
    table: 'readWrite',
    // urgent: reports that may be a threat to life (core/ingest-lane.ts); delivery: liaison "send" enqueues webhook deliveries.
    queues: { ingest: 'send', urgent: 'send', delivery: 'send' },
    // Presigned upload and download URLs are signed with the function's own credentials.
    evidence: ['read', 'write'],
    authMode: 'apigateway',
    // pdf-lib (removal orders as PDF, ~0.6 MB) leaves no room for the pinned SDK within
    // the bundle budget; the nodejs24.x runtime ships AWS SDK v3.
    bundleAwsSdk: false,
    documentFonts: true,
    // Checks the daily anchors' tokens (audit verification) and packs the trust anchor with evidence packages.
    timestamps: 'verify',
  },
  process: {
    entry: 'functions/process/handler.ts',
    purpose: 'Ingest consumer: deduplicates, classifies and routes accepted reports into referrals.',
    trigger: {
      kind: 'queue',
      queue: 'ingest',
      batchSize: processFunction.batchSize,
      maxConcurrency: processFunction.maxConcurrency,
    },
    ...processWork,
    deploymentConcurrency: true,
    deadLetterQueues: { ingest: 'send' },
  },
  urgent: {
    entry: 'functions/urgent/handler.ts',
    purpose: 'Urgent ingest consumer: processes reports that may be a threat to life as the process stage does, on executions no ingest backlog can take.',
    // Small batches: a page waits for the batch it came in. Two executions are the SQS trigger's
    // minimum, and they are reserved, so an action day's backlog in the ingest lane cannot take them.
    trigger: { kind: 'queue', queue: 'urgent', batchSize: 2, maxConcurrency: 2 },
    ...processWork,
    reservedConcurrency: 2,
    deadLetterQueues: { urgent: 'send' },
  },
  delivery: {
    entry: 'functions/delivery/handler.ts',
    purpose: 'Delivery consumer: sends referrals to platform channels and records the outcome.',
    // Visibility timeout 60 s and Lambda's six-times rule give at most 10 s per batch.
    trigger: { kind: 'queue', queue: 'delivery', batchSize: 5, maxConcurrency: 5 },
    timeoutSeconds: 10,
    memoryMiB: 256,
    table: 'readWrite',
    // Messages that name no referral go straight to the DLQ with their reason.
    deadLetterQueues: { delivery: 'send' },
    evidence: ['read'],
  },
  escalation: {
    entry: 'functions/escalation/handler.ts',
    purpose: 'Escalation consumer: pages the on-call rota of the unit for a P1 referral (threat to life), once per step.',
    // Visibility timeout 60 s and Lambda's six-times rule give at most 10 s per batch; a page waits at most 3 s for the pager.
    trigger: { kind: 'queue', queue: 'escalation', batchSize: 2, maxConcurrency: 5 },
    timeoutSeconds: 10,
    memoryMiB: 256,
    table: 'readWrite',
    // Messages of a unit without a rota go straight to the DLQ with their reason.
    deadLetterQueues: { escalation: 'send' },
    pageTopics: 'publish',
  },
  financial: {
    entry: 'functions/financial/handler.ts',
    purpose: "Financial consumer: files referrals with financial indicators in their indicators' dossiers (referrals, units, platforms, co-occurrence).",
    // Visibility timeout 60 s and Lambda's six-times rule give at most 10 s per batch.
    trigger: { kind: 'queue', queue: 'financial', batchSize: 5, maxConcurrency: 5 },
    timeoutSeconds: 10,
    memoryMiB: 256,
    table: 'readWrite',
    // Messages naming no referral go straight to the DLQ with their reason.
    deadLetterQueues: { financial: 'send' },
  },
  scheduler: {
    entry: 'functions/scheduler/handler.ts',
    purpose: 'Scheduled job: flags referrals near their deadline, re-pages unacknowledged P1 pages and purges data past retention.',
    // A page must be acknowledged within ten minutes by default, so the next contact is paged
    // within a minute of that; removal orders' one hour (Regulation (EU) 2021/784 Art. 3(3)) needs no finer.
    trigger: { kind: 'schedule', expression: 'rate(1 minute)' },
    timeoutSeconds: 60,
    memoryMiB: 256,
    table: 'readWrite',
    // The next step of an unacknowledged escalation goes back through the escalation stage.
    queues: { escalation: 'send' },
    evidence: ['read', 'delete'],
    // Stamps each day's Merkle root over the audit chains' heads.
    timestamps: 'stamp',
  },
} as const satisfies Record<string, StageDescription>;

export type StageName = keyof typeof stages;
