import * as z from 'zod';
import { auditEvent, deliveryAttemptView } from '../../contract/lifecycle';
import { captureManifestV1, category, legalRoute, maxVideoFrames, videoFrameHashV1 } from '../../contract/report';
import { explainedLabel, indicatorRef, priority, referralStatus } from '../../contract/responses';
import { trustedTimestamp } from '../timestamp-authority';

/**
 * Every stored item of the table (what sits in DynamoDB), distinct from wire messages. Every
 * read parses the item back through these schemas, so a corrupted or foreign item is an error
 * we see, not data we pass on. Keys are built in keys.ts; see functions/storage-design.md.
 */

// Referrals, reports, submissions

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
  /** Set when the stored object is larger than declared: it was not read. */
  actualBytes: z.number().int().optional(),
  /** The S3 version whose bytes were verified: what the API serves later, whatever came after. */
  versionId: z.string().optional(),
  /** The unit and report whose upload ticket stored the object (the first upload; later ones are refused). */
  uploadedFor: z.object({ unit: z.string(), submissionId: z.string() }).optional(),
  checkedAt: z.string(),
  /** Image artifacts: the server's PDQ of the stored bytes, and how it compares with the declared one (core/media/media-check.ts). */
  pdq: z.object({ hash: z.string(), quality: z.number() }).optional(),
  declaredPdq: z.string().optional(),
  pdqDistance: z.number().optional(),
  pdqCheck: z.enum(['same', 'near', 'mismatch', 'undecodable']).optional(),
  /**
   * Verified snapshots and images: how many indicators their text and QR codes gave, and what
   * could not be read (an undecodable part, a broken image), so a silent artifact is explained.
   */
  content: z
    .object({
      indicators: z.number().int().nonnegative(),
      problems: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
    })
    .optional(),
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
  /** RFC 3161 token over the capture manifest, or why there is none. */
  manifestTimestamp: trustedTimestamp.optional(),
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
  /** Its reports, counted once each; they are items of their own (`REPORT#<submissionId>`). */
  reportCount: z.number().int(),
  /** Submissions counted whose report item is not written yet: only those being filed now (ReferralStore.fileReport). */
  countingReports: stringSet.optional(),
  /** Submissions filed in the last five to ten minutes, in two generations, so a concurrent duplicate delivery is not counted. */
  settledReports: stringSet.optional(),
  settledBefore: stringSet.optional(),
  /** When the current generation of `settledReports` began (epoch ms). */
  settledSince: z.number().optional(),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
  labels: z.array(explainedLabel),
  indicators: z.array(indicatorRef),
  mirrorOf: z.string().optional(),
  /** Images whose hash-bank matches are in `labels` (per SHA-256); `sanctionsMatchKeys` does the same for sanctions matches, only in a condition. */
  mediaMatchKeys: stringSet.optional(),
  outcome: z.string().optional(),
  routedAt: z.string().optional(),
  /** Where the referral was routed; a referral routed before this was kept has `routedAt` only. */
  routedTo: stringSet.optional(),
  // Lifecycle fields (see stores/lifecycle-store.ts). A referral without `version` is at version 0.
  version: z.number().int().nonnegative().default(0),
  statusChangedAt: z.string().optional(),
  sentAt: z.string().optional(),
  closedAt: z.string().optional(),
  claimedBy: z.string().optional(),
  claimExpiresAt: z.string().optional(),
  /** The colleague the referral was given to, and the unit that gave it (the assignee's own). */
  assignee: z.string().optional(),
  assigneeUnit: z.string().optional(),
  deliveryId: z.string().optional(),
  /** The audit event of the current version, kept so a retry can re-put it after a crash. */
  lastEvent: z.record(z.string(), z.unknown()).optional(),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
});
export type ReferralItem = z.infer<typeof referralItem>;

/** `IND#<type>#<value>` / `REF#<referralId>`: which referrals share a wallet or IBAN. */
export const indicatorLinkItem = z.object({ referralId: z.string(), platform: z.string(), linkedAt: z.string() });
export type IndicatorLinkItem = z.infer<typeof indicatorLinkItem>;

/** `REF#<post>` / `POSTED#<linked>`: content a post links to (a beacon's mirrors), and since when. */
export const postedInItem = z.object({ parentReferralId: z.string(), childReferralId: z.string(), linkedAt: z.string() });
export type PostedInItem = z.infer<typeof postedInItem>;

/** `HASH#<kind>#<sha256>` / `FIRST`: the referral that first carried the content. */
export const contentHashItem = z.object({ referralId: z.string() });

// Lifecycle

/** `REF#<id>` / `AUDIT#<version padded>`, written once, never updated. */
export const auditItem = auditEvent.extend({ pk: z.string(), sk: z.string().startsWith('AUDIT#'), entity: z.literal('audit') });

/** `REF#<id>` / `DELIVERY#<deliveryId>#<attempt padded>`. */
export const deliveryAttemptItem = deliveryAttemptView.extend({
  pk: z.string(),
  sk: z.string().startsWith('DELIVERY#'),
  entity: z.literal('delivery-attempt'),
  referralId: z.string(),
  platform: z.string(),
});

/**
 * Per-deployment webhook configuration of a platform: `PLATFORM#<id>` / `CHANNEL`, set by
 * an admin (or by the local stack for its sandbox). The signing secret is read by the
 * delivery stage and the callback route only; no API response carries it.
 */
export const platformChannelItem = z.object({
  pk: z.string(),
  sk: z.literal('CHANNEL'),
  entity: z.literal('platform-channel'),
  platform: z.string(),
  webhookUrl: z.string(),
  signingSecret: z.string().min(32),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type PlatformChannelItem = z.infer<typeof platformChannelItem>;

export const hostAbuseContactItem = z.object({
  pk: z.string(),
  sk: z.literal('ABUSE'),
  entity: z.literal('host-abuse-contact'),
  host: z.string(),
  email: z.string().optional(),
  formUrl: z.string().optional(),
  source: z.string(),
  updatedAt: z.string(),
  updatedByUnit: z.string(),
});
export type HostAbuseContactItem = z.infer<typeof hostAbuseContactItem>;

// Trend counters: counter-items.ts
export * from './counter-items';

/** `RETAIN#DUE` / `<yyyy-mm-dd>#<referralId>`. */
export const retentionCheckItem = z.object({ sk: z.string(), referralId: z.string() });

/** `HASHBANKS` / `<bank>`: a bank and the distance within which its hashes match. */
export const hashBankItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('hash-bank'),
  bank: z.string(),
  maxDistance: z.number().int().min(0).max(255),
  /** The unit that imported the list: it alone exports it (a partner's list is shared with the unit, not the deployment). */
  ownerUnit: z.string().optional(),
  updatedAt: z.string(),
});
export type HashBankItem = z.infer<typeof hashBankItem>;

/** `HASHBANK#<bank>` / `PDQ#<hex>[#<referralId>]`: one hash of a bank (core/media/hash-bank.ts). */
export const hashBankEntryItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('hash-bank-entry'),
  /** The bank's additions index (keys.ts `bankAdditionIndexKey`); absent on items written before it. */
  gsi2pk: z.string().optional(),
  gsi2sk: z.string().optional(),
  bank: z.string(),
  pdq: z.string(),
  label: z.string().optional(),
  source: z.string().optional(),
  quality: z.number().int().optional(),
  referralId: z.string().optional(),
  addedAt: z.string(),
});
export type HashBankEntryItem = z.infer<typeof hashBankEntryItem>;

/** A banked video's frame: an imported video may run past the ten minutes the extension samples. */
export const bankedVideoFrame = videoFrameHashV1.extend({ timestamp: z.number().min(0).max(1_000_000) });

/** `HASHBANK#<bank>` / `VPDQ#<frame digest>[#<referralId>]`: one video of a bank, its frame hashes (core/media/video-bank.ts). */
export const hashBankVideoItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('hash-bank-video'),
  /** The bank's additions index (keys.ts `bankAdditionIndexKey`); absent on items written before it. */
  gsi2pk: z.string().optional(),
  gsi2sk: z.string().optional(),
  bank: z.string(),
  frames: z.array(bankedVideoFrame).min(1).max(maxVideoFrames),
  label: z.string().optional(),
  source: z.string().optional(),
  referralId: z.string().optional(),
  addedAt: z.string(),
});
export type HashBankVideoItem = z.infer<typeof hashBankVideoItem>;

/**
 * `HASHBANK#<bank>` / `PURGED#<referralId>`: the referral's entries and videos left the bank with its
 * retention purge. Kept: a snapshot older than it still holds them, and its reader drops them on
 * reading this (in the bank index, like an addition). It names the referral and nothing it captured.
 */
export const hashBankPurgeItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('hash-bank-purge'),
  gsi2pk: z.string(),
  gsi2sk: z.string(),
  bank: z.string(),
  referralId: z.string(),
  purgedAt: z.string(),
});
export type HashBankPurgeItem = z.infer<typeof hashBankPurgeItem>;


// Rule of law: removal orders, holds, reviews, complaints, unit settings, clocks and their audit.
export * from './legal-items';
