/**
 * The one description of Referral Desk's stateful resources. The CDK stateful
 * stack and the embedded local stack both build their tables and queues from
 * this object, so the key schema, indexes, visibility timeouts and redrive
 * policies cannot drift between the laptop and the cloud.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

/**
 * What an index holds besides the keys: only the attributes its readers read, so an index entry is
 * small (a write unit per KB of entry) and a write that changes none of them does not write the
 * index. Index keys and the table's keys are always projected.
 */
export type IndexProjection = { type: 'INCLUDE'; nonKeyAttributes: readonly string[] } | { type: 'ALL' };

export interface GlobalIndexDescription {
  /** A projection cannot change in place: a new projection is a new index name (infra/cdk/DEPLOY.md). */
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: IndexProjection;
  /** Why the index exists, in the domain's words. */
  purpose: string;
}

export interface TableDescription {
  /** Logical id; the deployed name is `${stagePrefix}-${logicalName}`. */
  logicalName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalIndexes: GlobalIndexDescription[];
  /** Attribute holding an epoch-seconds expiry: DynamoDB TTL in the cloud, the purge job locally. */
  timeToLiveAttribute: string;
}

export interface QueueDescription {
  logicalName: string;
  visibilityTimeoutSeconds: number;
  /** Receives after which SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
  retentionDays: number;
  deadLetterRetentionDays: number;
  purpose: string;
  /**
   * Why no stage of infra/stages.ts consumes the queue, for a queue that none does: read by
   * people or systems outside this deployment (infra/wiring.test.ts checks every queue has a
   * consuming stage or this reason).
   */
  unconsumedBecause?: string;
}

export const referralTable: TableDescription = {
  logicalName: 'referral-desk',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: 'gsi1q',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      // The queue's columns (queueEntryItem in functions/adapters/table/index-entries.ts).
      projection: {
        type: 'INCLUDE',
        nonKeyAttributes: [
          'assignee',
          'assigneeUnit',
          'canonicalUrl',
          'category',
          'claimExpiresAt',
          'claimedBy',
          'deadlineAt',
          'firstReportedAt',
          'legalRoute',
          'outcome',
          'platform',
          'priority',
          'referralId',
          'reportCount',
          'status',
          'title',
          'units',
          'url',
          'version',
        ],
      },
      purpose: 'Per-platform liaison queues: QUEUE#<platform>#<status>, ordered by priority then age.',
    },
    {
      indexName: 'gsi2d',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      // The unit listing's columns (unitReportEntryItem) and a bank's changes (hashBankEntryItem, hashBankVideoItem, hashBankPurgeItem).
      projection: {
        type: 'INCLUDE',
        nonKeyAttributes: [
          'acceptedAt',
          'addedAt',
          'bank',
          'category',
          'entity',
          'frames',
          'label',
          'legalRoute',
          'officerId',
          'pdq',
          'purgedAt',
          'quality',
          'referralId',
          'source',
          'submissionId',
          'title',
          'urgent',
          'url',
        ],
      },
      purpose:
        "Per-unit listings, one partition per unit and day: UNIT#<unit>#<yyyy-mm-dd>, reports newest first (referrers see their unit); a hash bank's additions in time order: HASHBANK#<bank>.",
    },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/**
 * Indexes an older deployment's table still has, projecting the whole item: `gsi1` (liaison queues)
 * and `gsi2` (a unit's reports in one partition per unit, and a bank's additions). Nothing reads
 * them; a deployment keeps them only while it moves to `gsi1q` and `gsi2d`, one index per stack
 * update (the `referralDesk:tableIndexes` context, infra/cdk/DEPLOY.md).
 */
export const retiredGlobalIndexes: GlobalIndexDescription[] = [
  {
    indexName: 'gsi1',
    partitionKey: { name: 'gsi1pk', type: 'S' },
    sortKey: { name: 'gsi1sk', type: 'S' },
    projection: { type: 'ALL' },
    purpose: 'Retired: the liaison queues, projecting the whole referral.',
  },
  {
    indexName: 'gsi2',
    partitionKey: { name: 'gsi2pk', type: 'S' },
    sortKey: { name: 'gsi2sk', type: 'S' },
    projection: { type: 'ALL' },
    purpose: 'Retired: the unit listing keyed UNIT#<unit> and the bank additions, projecting the whole item.',
  },
];

/** Lambda's rule of thumb: the queue's visibility timeout is at least six times the function timeout. */
const processFunctionTimeoutSeconds = 30;

export const queues = {
  ingest: {
    logicalName: 'ingest',
    visibilityTimeoutSeconds: processFunctionTimeoutSeconds * 6,
    maxReceiveCount: 5,
    retentionDays: 14,
    deadLetterRetentionDays: 14,
    purpose: 'Reports accepted by the API, waiting for the process stage.',
  },
  urgent: {
    logicalName: 'urgent-ingest',
    visibilityTimeoutSeconds: processFunctionTimeoutSeconds * 6,
    maxReceiveCount: 5,
    retentionDays: 14,
    deadLetterRetentionDays: 14,
    purpose:
      'Reports that may be a threat to life (core/ingest-lane.ts), accepted by the API: the urgent process stage reads them with executions of its own, never behind the ingest backlog.',
  },
  delivery: {
    logicalName: 'delivery',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 8,
    retentionDays: 14,
    deadLetterRetentionDays: 14,
    purpose: 'Referrals to deliver to a platform channel (webhook), retried with backoff.',
  },
  escalation: {
    logicalName: 'escalation',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    deadLetterRetentionDays: 14,
    purpose: "P1 referrals (threat to life): the escalation stage pages the unit's on-call rota.",
  },
  financial: {
    logicalName: 'financial',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    deadLetterRetentionDays: 14,
    purpose: "Referrals carrying financial indicators: the financial stage files them in their indicators' dossiers.",
  },
} as const satisfies Record<string, QueueDescription>;

export type QueueName = keyof typeof queues;

export const deadLetterName = (queue: QueueDescription): string => `${queue.logicalName}-dlq`;

export const processFunction = {
  timeoutSeconds: processFunctionTimeoutSeconds,
  batchSize: 10,
  maxConcurrency: 5,
};
