import * as z from 'zod';
import { captureManifestV1, category, legalRoute } from '../contract/report';
import { referralCounterPartition } from '../core/trends/counter-cells';
import { explainedLabel, indicatorRef, priority, referralStatus } from '../contract/responses';

/**
 * Stored items (what sits in DynamoDB), distinct from wire messages. Every read
 * parses the item back through these schemas, so a corrupted or foreign item is
 * an error we see, not data we pass on. See functions/storage-design.md.
 */

export const keys = {
  submission: (submissionId: string) => ({ pk: `SUB#${submissionId}`, sk: 'META' }),
  referral: (referralId: string) => ({ pk: `REF#${referralId}`, sk: 'META' }),
  report: (referralId: string, submissionId: string) => ({ pk: `REF#${referralId}`, sk: `REPORT#${submissionId}` }),
  indicatorLink: (type: string, value: string, referralId: string) => ({
    pk: `IND#${type}#${value}`,
    sk: `REF#${referralId}`,
  }),
  contentHash: (kind: string, sha256: string) => ({ pk: `HASH#${kind}#${sha256}`, sk: 'FIRST' }),
  /** One per (artifact, referral) citing it: the purge deletes an artifact when its last citation goes. */
  evidenceCitation: (sha256: string, referralId: string) => ({ pk: `EVIDENCE#${sha256}`, sk: `REF#${referralId}` }),
  /** One shard of a trend counter (core/trends/counter-cells.ts); reads sum the shards. */
  counter: (dimension: string, day: string, value: string, shard: number) => ({ pk: `STAT#${dimension}`, sk: `${day}#${value}#${shard}` }),
  /** One shard of the day's referral cells: every trend dimension of a new referral in one item. */
  referralCounter: (day: string, shard: number) => ({ pk: `STAT#${referralCounterPartition}`, sk: `${day}#${shard}` }),
  /** A closed day's count of one dimension and value, the sum of its shards (written by compaction). */
  counterRollup: (dimension: string, day: string, value: string) => ({ pk: `STATDAY#${dimension}`, sk: `${day}#${value}` }),
  /** How far compaction got in one counter partition: days before `compactedBefore` are rolled up. */
  counterCompactionMarker: (partition: string) => ({ pk: 'STATCOMPACT', sk: partition }),
  audit: (referralId: string, at: string, eventId: string) => ({ pk: `REF#${referralId}`, sk: `AUDIT#${at}#${eventId}` }),
};

/** Liaison queue index key: ordered by priority (P1 first) then age. */
export const queueIndexKey = (platform: string, status: string, prio: string, firstReportedAt: string, referralId: string) => ({
  gsi1pk: `QUEUE#${platform}#${status}`,
  gsi1sk: `${prio}#${firstReportedAt}#${referralId}`,
});

export const submissionItem = z.object({
  pk: z.string(),
  sk: z.literal('META'),
  entity: z.literal('submission'),
  submissionId: z.string(),
  status: z.enum(['accepted', 'processed', 'rejected']),
  unit: z.string(),
  officerId: z.string(),
  acceptedAt: z.string(),
  processedAt: z.string().optional(),
  referralId: z.string().optional(),
  duplicateOfExisting: z.boolean().optional(),
  rejection: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SubmissionItem = z.infer<typeof submissionItem>;

export const evidenceCheck = z.object({
  kind: z.string(),
  sha256: z.string(),
  status: z.enum(['verified', 'mismatch', 'missing']),
  actualSha256: z.string().optional(),
  checkedAt: z.string(),
});
export type EvidenceCheck = z.infer<typeof evidenceCheck>;

export const reportItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('report'),
  referralId: z.string(),
  submissionId: z.string(),
  unit: z.string(),
  officerId: z.string(),
  acceptedAt: z.string(),
  url: z.string(),
  title: z.string().optional(),
  selectedText: z.string().optional(),
  linkUrl: z.string().optional(),
  mediaUrl: z.string().optional(),
  category,
  subTags: z.array(z.string()),
  group: z.string().optional(),
  handle: z.string().optional(),
  urgent: z.boolean(),
  legalRoute,
  notes: z.string().optional(),
  capture: captureManifestV1.optional(),
  evidenceChecks: z.array(evidenceCheck).optional(),
  gsi2pk: z.string(),
  gsi2sk: z.string(),
});
export type ReportItem = z.infer<typeof reportItem>;

/** DynamoDB string sets come back from the document client as Set<string>. */
const stringSet = z.union([z.set(z.string()), z.array(z.string())]).transform((v) => [...v].sort());

export const referralItem = z.object({
  pk: z.string(),
  sk: z.literal('META'),
  entity: z.literal('referral'),
  referralId: z.string(),
  contentKey: z.string(),
  canonicalUrl: z.string(),
  url: z.string(),
  title: z.string().optional(),
  platform: z.string(),
  category,
  legalRoute,
  status: referralStatus,
  priority,
  deadlineAt: z.string().optional(),
  language: z.string().optional(),
  groups: z.array(z.string()).optional(),
  units: stringSet,
  submissionIds: stringSet,
  reportCount: z.number().int(),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
  labels: z.array(explainedLabel),
  indicators: z.array(indicatorRef),
  mirrorOf: z.string().optional(),
  outcome: z.string().optional(),
  routedAt: z.string().optional(),
  // Lifecycle (issue 5; see lifecycle-store.ts). A referral without `version` is at version 0.
  version: z.number().int().nonnegative().default(0),
  statusChangedAt: z.string().optional(),
  sentAt: z.string().optional(),
  closedAt: z.string().optional(),
  claimedBy: z.string().optional(),
  claimExpiresAt: z.string().optional(),
  deliveryId: z.string().optional(),
  /** The audit event of the current version, kept so a retry can re-put it after a crash. */
  lastEvent: z.record(z.string(), z.unknown()).optional(),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
});
export type ReferralItem = z.infer<typeof referralItem>;

export const counterItem = z.object({
  pk: z.string(),
  sk: z.string(),
  count: z.number().int(),
});
