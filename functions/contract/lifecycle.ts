import * as z from 'zod';
import { assignmentView } from './assignment';
import { hostAbuseContact } from './host-contact';
import { category, legalRoute } from './report';
import { explainedLabel, priority, referralStatus } from './responses';

/**
 * Wire schemas of the liaison work: liaison queues, lifecycle transitions and outcomes, delivery
 * to platforms and their callbacks. Stored items live in functions/adapters/table/items.ts.
 */

/** What a platform did: actioned (removed, geo-blocked, restricted) or declined (and why). */
export const actionedOutcomes = ['removed', 'geo_blocked', 'restricted'] as const;
export const declinedOutcomes = ['no_violation', 'not_actionable'] as const;
export const referralOutcomes = [...actionedOutcomes, ...declinedOutcomes] as const;
export const referralOutcome = z.enum(referralOutcomes);
export type ReferralOutcome = z.infer<typeof referralOutcome>;

/** POST /v1/referrals/{id}/transitions. `expectedVersion` is the version the caller saw (optimistic locking). */
export const transitionRequest = z.strictObject({
  to: referralStatus,
  outcome: referralOutcome.optional(),
  /** Internal note: stays in the audit trail, never sent to a platform. */
  note: z.string().min(1).max(2_000).optional(),
  expectedVersion: z.number().int().nonnegative(),
});
export type TransitionRequest = z.infer<typeof transitionRequest>;

/** POST /v1/referrals/{id}/claim and /send: the version the caller saw. */
export const versionedRequest = z.strictObject({ expectedVersion: z.number().int().nonnegative() });
export type VersionedRequest = z.infer<typeof versionedRequest>;

/** The lifecycle part of a referral, returned by every lifecycle route. */
export const lifecycleState = z.object({
  referralId: z.string(),
  platform: z.string(),
  status: referralStatus,
  outcome: referralOutcome.optional(),
  version: z.number().int(),
  deadlineAt: z.string().optional(),
  /** Regulation (EU) 2021/784 Art. 3(3) for removal orders; internal targets otherwise: now > deadlineAt and not final. */
  breached: z.boolean(),
  claim: z.object({ mine: z.boolean(), expiresAt: z.string() }).optional(),
  assignment: assignmentView.optional(),
  delivery: z.enum(['queued', 'not_needed']).optional(),
});
export type LifecycleState = z.infer<typeof lifecycleState>;

/** One entry of GET /v1/queues/{platform}: never notes, never another unit's officer ids. */
export const queueItem = z.object({
  referralId: z.string(),
  platform: z.string(),
  status: referralStatus,
  outcome: referralOutcome.optional(),
  priority,
  category,
  legalRoute,
  canonicalUrl: z.string(),
  url: z.string(),
  title: z.string().optional(),
  firstReportedAt: z.string(),
  reportCount: z.number().int(),
  unitCount: z.number().int(),
  deadlineAt: z.string().optional(),
  breached: z.boolean(),
  version: z.number().int(),
  claim: z.object({ mine: z.boolean(), expiresAt: z.string() }).optional(),
  assignment: assignmentView.optional(),
  /**
   * On the removal-order route: whether the order is still to prepare, issued, or received by the
   * provider. Regulation (EU) 2021/784 Art. 3(3): the one-hour clock starts only at receipt.
   */
  removalOrder: z.enum(['to_prepare', 'issued', 'received']).optional(),
});
export type QueueItem = z.infer<typeof queueItem>;

export const queuePage = z.object({
  platform: z.string(),
  status: referralStatus,
  items: z.array(queueItem),
  /** Opaque; pass back as ?cursor= for the next page. Absent on the last page. */
  nextCursor: z.string().optional(),
  /** Other-hosts queue: the abuse contacts known for the hosts of this page, one per host. */
  hostContacts: z.array(hostAbuseContact).optional(),
});
export type QueuePage = z.infer<typeof queuePage>;

export const actor = z.object({
  kind: z.enum(['officer', 'platform', 'system']),
  /** Officer id, platform id or stage name. */
  id: z.string(),
  unit: z.string().optional(),
});
export type Actor = z.infer<typeof actor>;

/** `urgent_delivery_requested`: a P1 referral to a webhook platform goes out at once, asked for by the pipeline, not an officer. */
export const auditActions = ['transition', 'claimed', 'released', 'delivery_requested', 'urgent_delivery_requested', 'assigned', 'unassigned'] as const;

/**
 * One audit event: who, when, from what to what. Read back, an officer of another unit shows
 * as that unit only (id "(another unit)") and that unit's internal note is left out.
 */
export const auditEvent = z.object({
  referralId: z.string(),
  version: z.number().int().positive(),
  action: z.enum(auditActions),
  at: z.string(),
  actor,
  from: referralStatus,
  to: referralStatus,
  outcome: referralOutcome.optional(),
  note: z.string().optional(),
  /** For callbacks: the platform's own event id. */
  externalEventId: z.string().optional(),
  /** `assigned`: the colleague given the referral, of the actor's unit (masked like the actor for other units). */
  assignee: z.string().optional(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

/** What travels on the delivery queue: ids only, the delivery stage reads the rest. */
export const deliveryMessageV1 = z.strictObject({
  type: z.literal('referral.delivery'),
  version: z.literal(1),
  referralId: z.string().regex(/^ref_[0-9a-f]{24}$/),
  platform: z.string().min(1).max(200),
  deliveryId: z.uuid(),
  requestedAt: z.iso.datetime(),
  /**
   * A P1 referral (threat to life) sent without waiting for a liaison officer: the process stage
   * asks for it, with one delivery id per referral (urgentDeliveryId), so it goes out once.
   */
  urgent: z.literal(true).optional(),
});
export type DeliveryMessageV1 = z.infer<typeof deliveryMessageV1>;

/**
 * The body posted to a platform's webhook: only what the platform needs to act (DSA Art. 16(2):
 * location and explanation). Never internal notes, officer ids or unit member identities.
 */
export const platformReferralV1 = z.strictObject({
  type: z.literal('referral'),
  version: z.literal(1),
  referralId: z.string(),
  deliveryId: z.string(),
  canonicalUrl: z.string(),
  url: z.string(),
  category,
  labels: z.array(explainedLabel.pick({ name: true, value: true })),
  priority,
  deadlineAt: z.string().optional(),
  legalRoute,
  sentAt: z.string(),
  /**
   * Threat to life: sent the moment the referral became P1, before any officer looked at it, so
   * the platform can act (and call its law-enforcement emergency line) within minutes.
   */
  urgent: z.literal(true).optional(),
  /**
   * Earlier referrals to this same platform of the same media (a perceptual-hash match) at other
   * URLs, and what the platform did with them: context for its decision, never a merge.
   */
  sameMedia: z
    .array(
      z.strictObject({
        referralId: z.string(),
        canonicalUrl: z.string(),
        status: referralStatus,
        outcome: z.string().optional(),
        statusChangedAt: z.string().optional(),
        /** An image match: Hamming distance of the two PDQ hashes (0-256; the match rule allows at most 31 by default). */
        distance: z.number().int().min(0).max(256).optional(),
        /**
         * A video match (vPDQ): the per cent of this video's sampled frames found in the earlier one
         * (at least 80), and of the earlier one's frames found in this.
         */
        videoFramesMatched: z.strictObject({ thisPercent: z.number().int().min(0).max(100), earlierPercent: z.number().int().min(0).max(100) }).optional(),
      }),
    )
    .optional(),
});
export type PlatformReferralV1 = z.infer<typeof platformReferralV1>;

/** POST /v1/callbacks/{platform}: a platform reports what it did. */
export const platformCallbackV1 = z.strictObject({
  referralId: z.string().regex(/^ref_[0-9a-f]{24}$/),
  status: z.enum(['acknowledged', 'actioned', 'declined', 'already_gone']),
  outcome: referralOutcome.optional(),
  /** The platform's id for this event, kept in the audit trail. */
  eventId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime().optional(),
});
export type PlatformCallbackV1 = z.infer<typeof platformCallbackV1>;

/** PUT /v1/platforms/{id}/channel (admin): where and how to deliver to a webhook platform. */
export const platformChannelRequest = z.strictObject({
  /** HTTPS on a public host (functions/core/platforms/webhook-url.ts); checked again against the resolved address at each delivery. */
  webhookUrl: z.url({ protocol: /^https$/, error: 'webhookUrl must be an https:// URL' }),
  /** HMAC-SHA256 key shared with the platform; write-only, never returned. */
  signingSecret: z.string().min(32).max(200),
});
export type PlatformChannelRequest = z.infer<typeof platformChannelRequest>;

const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{4,29}$/, 'a phone number: digits, spaces, ( ) . - and an optional leading +');

/**
 * PUT /v1/platforms/{id}/emergency-contact (deployment admin): the platform's law-enforcement
 * emergency request line, which an officer calls when a threat to life cannot wait for a referral
 * to be read. At least one way to reach it; shown to every officer, it holds no secret.
 */
export const platformEmergencyContact = z
  .strictObject({
    /** What the platform calls the line, e.g. "Law Enforcement Emergency Requests". */
    name: z.string().trim().min(1).max(200),
    phone: phoneNumber.optional(),
    email: z.email().max(320).optional(),
    url: z.url({ protocol: /^https$/, error: 'url must be an https:// URL' }).max(2_000).optional(),
  })
  .refine((contact) => contact.phone !== undefined || contact.email !== undefined || contact.url !== undefined, {
    message: 'give at least one of phone, email or url',
    path: ['phone'],
  });
export type PlatformEmergencyContact = z.infer<typeof platformEmergencyContact>;

export const platformChannelView = z.object({
  platform: z.string(),
  channel: z.enum(['webhook', 'manual']),
  webhookUrl: z.string().optional(),
  configured: z.boolean(),
  updatedAt: z.string().optional(),
  emergencyContact: platformEmergencyContact.optional(),
});
export type PlatformChannelView = z.infer<typeof platformChannelView>;

export const deliveryAttemptView = z.object({
  deliveryId: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  result: z.enum(['delivered', 'failed']),
  httpStatus: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number().int(),
  /** The delivery of a P1 referral the pipeline sent at once (see deliveryMessageV1.urgent). */
  urgent: z.literal(true).optional(),
});
export type DeliveryAttemptView = z.infer<typeof deliveryAttemptView>;

/** GET /v1/reports: a unit's own reports, newest first. */
export const unitReportView = z.object({
  submissionId: z.string(),
  referralId: z.string(),
  acceptedAt: z.string(),
  url: z.string(),
  title: z.string().optional(),
  category,
  legalRoute,
  urgent: z.boolean(),
  /** Whether the caller filed it; the officer id itself is not listed. */
  mine: z.boolean(),
});
export type UnitReportView = z.infer<typeof unitReportView>;
