import * as z from 'zod';
import { assignmentView } from './assignment';
import { category, legalRoute, sha256Hex } from './report';

export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
export const priority = z.enum(priorities);
export type Priority = z.infer<typeof priority>;

/** Lifecycle of a referral at its platform (the transitions are in core/lifecycle/transitions.ts). */
export const referralStatuses = [
  'new',
  'sent',
  'acknowledged',
  'actioned',
  'declined',
  'already_gone',
] as const;
export const referralStatus = z.enum(referralStatuses);
export type ReferralStatus = z.infer<typeof referralStatus>;

/** A label the pipeline put on a referral, with the rule and the evidence behind it. */
export const explainedLabel = z.object({
  name: z.string(),
  value: z.string(),
  rule: z.string(),
  evidence: z.array(z.string()),
});
export type ExplainedLabel = z.infer<typeof explainedLabel>;

/** Where an indicator was found (functions/core/indicators/sourced-indicators.ts names the same list). */
export const indicatorSourceNames = ['title', 'selection', 'page', 'qr', 'manual'] as const;
/**
 * An indicator of a referral: its value, where it was found and a short excerpt of the text
 * around it. Referrals stored before sources were recorded have neither.
 */
export const indicatorRef = z.object({
  type: z.string(),
  value: z.string(),
  source: z.enum(indicatorSourceNames).optional(),
  evidence: z.string().max(200).optional(),
});
export type IndicatorRef = z.infer<typeof indicatorRef>;

/** 202 answer to POST /v1/reports. */
export const reportAccepted = z.object({
  submissionId: z.uuid(),
  status: z.enum(['accepted', 'processed']),
  referralId: z.string().optional(),
  /** What the API assumed or dropped while reading the URL (no scheme: https:// assumed; a malformed fragment dropped). */
  notes: z.array(z.string()).optional(),
  /** The reports made from the post's `outLinks` (one per linked piece of content), and the links skipped with their reason. */
  outLinks: z
    .object({
      reports: z.array(
        z.object({
          url: z.string(),
          submissionId: z.uuid(),
          status: z.enum(['accepted', 'processed', 'conflict']),
          referralId: z.string().optional(),
        }),
      ),
      skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
    })
    .optional(),
});
export type ReportAccepted = z.infer<typeof reportAccepted>;

/** GET /v1/submissions/{id}: whether a submission is processed and under which referral. */
export const submissionStatus = z.object({
  submissionId: z.uuid(),
  status: z.enum(['accepted', 'processed', 'rejected']),
  acceptedAt: z.string(),
  processedAt: z.string().optional(),
  referralId: z.string().optional(),
  /** True when another report had already referred the same content. */
  duplicateOfExisting: z.boolean().optional(),
  /** Why the pipeline refused a report the API had accepted (e.g. a URL it cannot canonicalize). */
  rejection: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SubmissionStatus = z.infer<typeof submissionStatus>;

/**
 * An operational hold as a lookup shows it: to another unit only that it exists and whom to
 * call; the reason only to the holding unit.
 */
export const holdNotice = z.object({
  kind: z.enum(['content', 'channel', 'indicator']),
  unit: z.string(),
  contact: z.string(),
  expiresAt: z.string(),
  own: z.boolean(),
  reason: z.string().optional(),
});
export type HoldNotice = z.infer<typeof holdNotice>;

/** GET /v1/referrals/{id}: the deduplicated case, as a unit member sees it. */
export const referralView = z.object({
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
  units: z.array(z.string()),
  reportCount: z.number().int(),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
  labels: z.array(explainedLabel),
  indicators: z.array(indicatorRef),
  mirrorOf: z.string().optional(),
  /** The referrals of the content this post links to (a beacon's mirrors), each with its own status. */
  outLinks: z.array(z.object({ referralId: z.string(), url: z.string(), platform: z.string(), status: referralStatus, linkedAt: z.string() })).optional(),
  /** Active operational holds on the content, its channel or its indicators, as the caller's unit may see them. */
  holds: z.array(holdNotice).optional(),
  version: z.number().int().optional(),
  assignment: assignmentView.optional(),
});
export type ReferralView = z.infer<typeof referralView>;

/**
 * GET /v1/referrals/{id}/evidence: the artifacts the referral's reports captured, with what the
 * process stage found when it re-hashed them. Never the officer or the report's notes.
 */
export const referralEvidenceItem = z.object({
  kind: z.string(),
  sha256: z.string(),
  mediaType: z.string(),
  bytes: z.number().int(),
  capturedAt: z.string(),
  status: z.enum(['verified', 'mismatch', 'missing', 'unchecked']),
  /** Image artifacts: the server's PDQ (Meta's hex) and quality, and how the capture-time PDQ compared. */
  pdq: z.string().optional(),
  pdqQuality: z.number().int().optional(),
  pdqCheck: z.enum(['same', 'near', 'mismatch', 'undecodable']).optional(),
});
export const referralEvidence = z.object({ referralId: z.string(), artifacts: z.array(referralEvidenceItem) });
export type ReferralEvidence = z.infer<typeof referralEvidence>;


/**
 * GET /v1/lookup?url=: deconfliction answer for the extension, one request per page view:
 * whether the page is referred, and every active hold on it or its channel.
 */
export const lookupResult = z.discriminatedUnion('referred', [
  z.object({ referred: z.literal(false), canonicalUrl: z.string(), contentKey: z.string(), holds: z.array(holdNotice).default([]) }),
  z.object({
    referred: z.literal(true),
    holds: z.array(holdNotice).default([]),
    canonicalUrl: z.string(),
    contentKey: z.string(),
    referralId: z.string(),
    status: referralStatus,
    unitCount: z.number().int(),
    reportCount: z.number().int(),
    outcome: z.string().optional(),
  }),
]);
export type LookupResult = z.infer<typeof lookupResult>;

/**
 * POST /v1/evidence asks where to upload one artifact. The answer is a pre-signed
 * S3 PUT in the cloud, or the local stack's content-addressed store.
 */
export const evidenceUploadRequest = z.strictObject({
  sha256: sha256Hex,
  bytes: z.number().int().positive().max(50_000_000),
  mediaType: z.enum(['image/png', 'image/jpeg', 'multipart/related', 'text/plain']),
  /** The report that will cite the artifact: the ticket is bound to it and to the caller's unit. */
  submissionId: z.uuid(),
});
export type EvidenceUploadRequest = z.infer<typeof evidenceUploadRequest>;

export const evidenceUploadTicket = z.object({
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});
export type EvidenceUploadTicket = z.infer<typeof evidenceUploadTicket>;

/**
 * POST /v1/evidence/tickets asks where to upload every artifact of one report, in one request:
 * a report then costs the extension one ticket call, however many artifacts it captured (a
 * capture holds at most 10, each once).
 */
export const evidenceUploadsRequest = z
  .strictObject({
    submissionId: z.uuid(),
    artifacts: z.array(evidenceUploadRequest.omit({ submissionId: true })).min(1).max(10),
  })
  .refine((request) => new Set(request.artifacts.map((a) => a.sha256)).size === request.artifacts.length, {
    message: 'each artifact once',
    path: ['artifacts'],
  });
export type EvidenceUploadsRequest = z.infer<typeof evidenceUploadsRequest>;

/** One ticket per artifact, named by its SHA-256, in the order asked. */
export const evidenceUploadTickets = z.object({
  tickets: z.array(evidenceUploadTicket.extend({ sha256: sha256Hex })),
});
export type EvidenceUploadTickets = z.infer<typeof evidenceUploadTickets>;
