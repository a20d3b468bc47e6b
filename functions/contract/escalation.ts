import * as z from 'zod';
import { platformEmergencyContact } from './lifecycle';

/**
 * Wire schemas of escalation: a unit's on-call rota (part of its settings), the message on the
 * `escalation` queue, the page a pager receives (PagerDuty Events API v2 shape, which Opsgenie's
 * PagerDuty-compatible integration also accepts), acknowledgements, and the escalation events shown
 * on a referral. Stored items live in functions/adapters/table/items.ts.
 */

/** How long a page may go unacknowledged before the next contact is paged, unless the unit sets its own. */
export const defaultAckMinutes = 10;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A pager webhook: PagerDuty's Events API v2 endpoint (https://events.pagerduty.com/v2/enqueue),
 * Opsgenie's, or the unit's own. Every page is signed with `signingSecret` the way platform
 * webhooks are (functions/adapters/webhook-signing.ts), so a unit's own receiver can verify it.
 */
export const pagerWebhookChannel = z.strictObject({
  kind: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'the pager URL must be http(s)' }),
  /** PagerDuty's integration key of the contact's service (32 characters there; any opaque key elsewhere). */
  routingKey: text(128),
  /** At least 32 characters: the HMAC key of the page signature and of the acknowledgement callback. */
  signingSecret: z.string().min(32, 'the signing secret needs at least 32 characters').max(256),
});
export type PagerWebhookChannel = z.infer<typeof pagerWebhookChannel>;

/**
 * The unit's page topic (Amazon SNS, KMS-encrypted, one per unit named in the deployment's
 * `referralDesk:pageTopicUnits`): the unit's admin subscribes e-mail addresses and phone numbers
 * to it. Its pages carry no signature; the contact acknowledges on the dashboard.
 */
export const pagerSnsChannel = z.strictObject({ kind: z.literal('sns') });
export type PagerSnsChannel = z.infer<typeof pagerSnsChannel>;

export const pagerChannel = z.discriminatedUnion('kind', [pagerWebhookChannel, pagerSnsChannel]);
export type PagerChannel = z.infer<typeof pagerChannel>;

export const onCallContact = z.strictObject({
  /** A name the duty officers know (a role or a person), shown in the audit trail. */
  name: text(200),
  channel: pagerChannel,
});
export type OnCallContact = z.infer<typeof onCallContact>;

/** A unit's on-call rota: contacts paged in order, then the unit's head. */
export const onCallRota = z.strictObject({
  contacts: z.array(onCallContact).min(1, 'the rota needs at least one contact').max(10),
  unitHead: onCallContact,
  /** Minutes a page may go unacknowledged before the next contact is paged. */
  ackMinutes: z.number().int().min(1).max(120).default(defaultAckMinutes),
});
export type OnCallRota = z.infer<typeof onCallRota>;

/** The rota as the settings route shows it: signing secrets are write-only. */
const pagerChannelView = z.discriminatedUnion('kind', [pagerWebhookChannel.omit({ signingSecret: true }), pagerSnsChannel]);
export const onCallRotaView = onCallRota.extend({
  contacts: z.array(onCallContact.extend({ channel: pagerChannelView })),
  unitHead: onCallContact.extend({ channel: pagerChannelView }),
});
export type OnCallRotaView = z.infer<typeof onCallRotaView>;

/**
 * A message on the `escalation` queue: the process stage sends step 0 for a new P1 referral; the
 * scheduler sends the next step when a page went unacknowledged for the unit's time.
 */
export const escalationMessageV1 = z.object({
  type: z.literal('referral.escalation'),
  version: z.literal(1),
  referralId: z.string().min(1).max(100),
  platform: z.string().min(1).max(100),
  priority: z.string(),
  /** The unit whose rota is paged: the unit of the report that made the referral P1. */
  unit: z.string().min(1).max(64),
  /** 0 pages the first contact; one more per unacknowledged page; the last step is the unit's head. */
  step: z.number().int().min(0).max(20).default(0),
});
export type EscalationMessageV1 = z.infer<typeof escalationMessageV1>;

/** PagerDuty Events API v2: https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ */
export const pagerEventV2 = z.object({
  routing_key: z.string().min(1),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255),
  payload: z
    .object({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.string().optional(),
      component: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  links: z.array(z.object({ href: z.string(), text: z.string() })).optional(),
});
export type PagerEventV2 = z.infer<typeof pagerEventV2>;

/** POST /v1/referrals/{id}/escalation/ack: an officer of the paged unit acknowledges. */
export const escalationAckRequest = z.strictObject({});

/** The answer of POST /v1/referrals/{id}/escalation/ack: the acknowledgement that stands, and whether this call made it. */
export const escalationAck = z.object({
  referralId: z.string(),
  step: z.number().int(),
  acknowledgedAt: z.string().optional(),
  /** The caller, a pager ("pager:<contact>"), or "(another unit)" for an officer the caller may not name. */
  acknowledgedBy: z.string().optional(),
  applied: z.boolean(),
});
export type EscalationAck = z.infer<typeof escalationAck>;

/**
 * One P1 referral of the caller's unit whose page nobody acknowledged yet: what the dashboard's
 * urgent banner shows, with the platform's emergency line when the deployment recorded one. Names
 * no contact of the rota: the banner is seen by whoever is signed in.
 */
export const unacknowledgedPage = z.object({
  referralId: z.string(),
  platform: z.string(),
  priority: z.string(),
  /** The step paged last: 0 is the first contact; `lastStep` is the unit's head. */
  step: z.number().int(),
  lastStep: z.boolean(),
  /** When the first contact was paged: the banner's clock runs from here. */
  firstPagedAt: z.string(),
  /** When the step paged last must be acknowledged by, before the next contact is paged. */
  ackDueAt: z.string(),
  emergencyContact: platformEmergencyContact.optional(),
});
export type UnacknowledgedPage = z.infer<typeof unacknowledgedPage>;

/** GET /v1/escalations/unacknowledged: the caller's unit's unacknowledged pages, oldest first. */
export const unacknowledgedPages = z.object({ unit: z.string(), pages: z.array(unacknowledgedPage) });
export type UnacknowledgedPages = z.infer<typeof unacknowledgedPages>;

/**
 * POST /v1/callbacks/pager/{unit}: a pager acknowledges, signed with the contact's secret. The
 * body is the Events API v2 acknowledge event (event_action and dedup_key of the page).
 */
export const pagerAckCallback = z.object({
  event_action: z.literal('acknowledge'),
  dedup_key: z.string().min(1).max(255),
  routing_key: z.string().optional(),
});
export type PagerAckCallback = z.infer<typeof pagerAckCallback>;

export const escalationEventKinds = ['paged', 'page_failed', 'acknowledged', 'exhausted'] as const;

/** One escalation event on a referral's audit trail. */
export const escalationEvent = z.object({
  referralId: z.string(),
  unit: z.string(),
  kind: z.enum(escalationEventKinds),
  step: z.number().int(),
  at: z.string(),
  /** The contact paged, or who acknowledged (an officer id, or "pager:<contact>"). */
  by: z.string(),
  dedupKey: z.string().optional(),
  detail: z.string().optional(),
});
export type EscalationEvent = z.infer<typeof escalationEvent>;
