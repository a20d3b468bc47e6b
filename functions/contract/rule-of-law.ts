import * as z from 'zod';
import { onCallRota, onCallRotaView } from './escalation';
import { unitId } from './principal';

/**
 * Wire schemas of the rule of law: removal orders (Regulation (EU) 2021/784, "TCO"), preservation and
 * legal hold, complaints and reinstatement, four-eyes review, unit settings, transparency reports
 * and DSA Art. 16 notices. Stored items live in functions/adapters/table/items.ts.
 */

export const orderLanguages = ['en', 'fr', 'de'] as const;
export const orderLanguage = z.enum(orderLanguages);
export type OrderLanguage = z.infer<typeof orderLanguage>;

/** Regulation (EU) 2021/784 Art. 2(7)(a) to (e): the grounds on which material is terrorist content. */
export const tcoGrounds = ['a', 'b', 'c', 'd', 'e'] as const;
export const tcoGround = z.enum(tcoGrounds, {
  error: 'Regulation (EU) 2021/784 Art. 2(7): the ground must be one of a, b, c, d, e',
});
export type TcoGround = z.infer<typeof tcoGround>;

/** Annex III: why a hosting service provider cannot comply (Art. 3(7) and 3(8)). */
export const cannotComplyReasons = ['force_majeure', 'de_facto_impossibility', 'manifest_errors', 'insufficient_information'] as const;
export const cannotComplyReason = z.enum(cannotComplyReasons, {
  error: 'Annex III: the reason must be force_majeure, de_facto_impossibility, manifest_errors or insufficient_information',
});
export type CannotComplyReason = z.infer<typeof cannotComplyReason>;

const isoInstant = z.iso.datetime({ offset: false, error: 'expected a UTC ISO 8601 date and time, e.g. 2026-03-01T10:00:00Z' });
const memberState = z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter Member State code (ISO 3166-1 alpha-2, EL for Greece)');
const text = (max: number) => z.string().trim().min(1).max(max);
const email = z.email();

/** A functional contact point of an authority or provider: never an officer's personal identity. */
export const contactPoint = z.strictObject({
  name: text(200),
  email,
  phone: z.string().trim().min(3).max(40).optional(),
});
export type ContactPoint = z.infer<typeof contactPoint>;

/**
 * PUT /v1/referrals/{id}/removal-order: the fields of the Annex I template. Sections A and E
 * (issuing authority), A (addressee and its contact point, date and time, reference), B (content,
 * grounds, reasoning), C (information to the content provider), D (copy to the host Member
 * State), F (contact for follow-up), G (redress).
 */
export const removalOrderRequest = z.strictObject({
  /** The language the order is issued in (the provider's declared language, Art. 15(2)). */
  language: orderLanguage.default('en'),
  issuingAuthority: z.strictObject({
    name: text(300),
    memberState,
    address: text(500),
    /** The authority's own file reference (Section A). */
    reference: text(100),
    contactPoint,
  }),
  addressee: z.strictObject({
    /** The hosting service provider, or its legal representative (Art. 17). */
    name: text(300),
    legalRepresentative: text(300).optional(),
    contactPoint,
  }),
  /** When the order was issued; defaults to now. An order issued elsewhere is attached with its own time. */
  issuedAt: isoInstant.optional(),
  content: z.strictObject({
    /** Section B: the exact URL, and where on the page if needed. */
    url: z.url({ protocol: /^https?$/, error: 'Annex I Section B: the exact URL (http or https) is mandatory' }),
    location: text(1_000).optional(),
  }),
  grounds: z.array(tcoGround).min(1, 'Annex I Section B: at least one ground under Art. 2(7) is mandatory').max(5),
  /** Art. 3(4)(d): a sufficiently detailed statement of reasons. */
  reasoning: z.string().trim().min(20, 'Art. 3(4)(d): the statement of reasons must be sufficiently detailed (at least 20 characters)').max(10_000),
  /** Section C and Art. 11(3): the provider must not disclose the removal for a time. */
  contentProvider: z
    .strictObject({
      doNotDisclose: z.boolean(),
      /** Art. 11(3): no longer than six weeks (renewable once, by a new decision). */
      delayWeeks: z.number().int().min(1).max(6).optional(),
    })
    .refine((v) => !v.doNotDisclose || v.delayWeeks !== undefined, { message: 'Art. 11(3): a "do not disclose" decision needs its delay in weeks (1 to 6)', path: ['delayWeeks'] })
    .refine((v) => v.doNotDisclose || v.delayWeeks === undefined, { message: 'a delay only applies with doNotDisclose', path: ['delayWeeks'] }),
  /** Section D / Art. 4(1): a copy to the authority of the Member State of main establishment. */
  crossBorder: z
    .strictObject({
      hostMemberState: memberState,
      authorityName: text(300),
      authorityEmail: email,
      /**
       * The host authority's unit in Referral Desk, when it works here: it records the request for
       * scrutiny and its decision (Art. 4(3), 4(4)). Not printed on the order.
       */
      authorityUnit: unitId.optional(),
    })
    .optional(),
  /** Section F: the issuing authority's contact point for follow-up. */
  followUpContact: contactPoint,
  /** Section G: the competent court, the time limit and how to challenge the order (Art. 9). */
  redress: z.string().trim().min(20, 'Annex I Section G: redress information is mandatory (court, time limit, procedure)').max(5_000),
  /**
   * Art. 3(2): a first order to a provider comes at least 12 hours after the procedures were sent
   * to it, except in a duly justified emergency, stated here with its reason.
   */
  emergency: z.strictObject({ reason: z.string().trim().min(20, 'Art. 3(2): an emergency must be duly justified (at least 20 characters)').max(2_000) }).optional(),
});
export type RemovalOrderRequest = z.infer<typeof removalOrderRequest>;
export type RemovalOrderRequestInput = z.input<typeof removalOrderRequest>;

/** POST .../removal-order/receipt: the provider's confirmed receipt starts the one-hour clock (Art. 3(3)). */
export const orderReceiptRequest = z.strictObject({ receivedAt: isoInstant });
export type OrderReceiptRequest = z.infer<typeof orderReceiptRequest>;

/** POST .../removal-order/answer: Annex II (done, with the time) or Annex III (cannot comply, and why). */
export const orderAnswerRequest = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.enum(['removed', 'disabled']), actionAt: isoInstant }),
  z.strictObject({ outcome: z.literal('cannot_comply'), reason: cannotComplyReason, explanation: text(5_000), answeredAt: isoInstant }),
]);
export type OrderAnswerRequest = z.infer<typeof orderAnswerRequest>;

/**
 * POST .../removal-order/restart: after an Annex III answer the one-hour deadline applies again
 * - Art. 3(7) (force majeure, de facto impossibility): as soon as those grounds are no longer
 *   present, which the provider reports (`grounds_ceased`, with the time they ceased);
 * - Art. 3(8) (manifest errors, insufficient information): as soon as the provider has received
 *   the issuing authority's clarification (`clarification_received`, with that time and the
 *   clarification given).
 */
export const orderRestartCauses = ['grounds_ceased', 'clarification_received'] as const;
export const orderRestartRequest = z.discriminatedUnion('cause', [
  z.strictObject({ cause: z.literal('grounds_ceased'), at: isoInstant }),
  z.strictObject({ cause: z.literal('clarification_received'), at: isoInstant, clarification: text(5_000) }),
]);
export type OrderRestartRequest = z.infer<typeof orderRestartRequest>;

/**
 * POST .../removal-order/disclosure-delay: Art. 11(3) lets the issuing authority extend its
 * "do not disclose" period once, by up to six more weeks, before the period ends, while the
 * reasons for it still hold.
 */
export const disclosureDelayExtensionRequest = z.strictObject({
  extendByWeeks: z.number().int().min(1).max(6, 'Art. 11(3): an extension is at most six weeks'),
  decidedAt: isoInstant,
  reason: z.string().trim().min(20, 'Art. 11(3): say why the non-disclosure is still justified (at least 20 characters)').max(2_000),
});
export type DisclosureDelayExtensionRequest = z.infer<typeof disclosureDelayExtensionRequest>;
export const disclosureExtension = z.object({ weeks: z.number().int(), decidedAt: z.string(), reason: z.string() });

/** One restart of the one-hour deadline, with the Annex III answer it ended. */
export const orderRestart = z.object({
  cause: z.enum(orderRestartCauses),
  at: z.string(),
  clarification: z.string().optional(),
  after: z.object({ reason: cannotComplyReason, at: z.string(), explanation: z.string().optional() }),
});
export type OrderRestart = z.infer<typeof orderRestart>;

/** Art. 4: cross-border scrutiny by the host Member State's authority. */
export const scrutinyDecisions = ['no_infringement', 'infringement'] as const;
export const orderScrutinyRequest = z.discriminatedUnion('action', [
  /** Art. 4(1): the copy reached the host authority; its 72 hours start (Art. 4(2)). */
  z.strictObject({ action: z.literal('copy_transmitted'), at: isoInstant }),
  /** Art. 4(3): the provider or content provider asks for scrutiny within 48 hours of receipt. */
  z.strictObject({ action: z.literal('requested'), by: z.enum(['hosting_provider', 'content_provider']), at: isoInstant }),
  /** Art. 4(4): a reasoned decision within 72 hours; an infringement ends the order's legal effects (Art. 4(7)). */
  z.strictObject({ action: z.literal('decided'), decision: z.enum(scrutinyDecisions), at: isoInstant, summary: text(2_000) }),
]);
export type OrderScrutinyRequest = z.infer<typeof orderScrutinyRequest>;

export const clockView = z.object({
  kind: z.string(),
  rule: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
  stoppedAt: z.string().optional(),
  state: z.enum(['running', 'met', 'missed', 'overdue']),
});
export type ClockView = z.infer<typeof clockView>;

export const removalOrderStatuses = ['issued', 'received', 'completed', 'cannot_comply', 'revoked'] as const;

/** GET /v1/referrals/{id}/removal-order (JSON): the order, its answers and its clocks. */
export const removalOrderView = removalOrderRequest.safeExtend({
  referralId: z.string(),
  orderId: z.string(),
  issuedAt: z.string(),
  issuingUnit: z.string(),
  status: z.enum(removalOrderStatuses),
  version: z.number().int(),
  receivedAt: z.string().optional(),
  answer: z
    .object({
      outcome: z.enum(['removed', 'disabled', 'cannot_comply']),
      at: z.string(),
      reason: cannotComplyReason.optional(),
      explanation: z.string().optional(),
    })
    .optional(),
  restarts: z.array(orderRestart).optional(),
  disclosureExtension: disclosureExtension.optional(),
  /** Art. 11(3): until when the provider must not inform the content provider (with any extension). */
  disclosureDelayEndsAt: z.string().optional(),
  scrutiny: z
    .object({
      copyTransmittedAt: z.string().optional(),
      requestedAt: z.string().optional(),
      requestedBy: z.string().optional(),
      decision: z.enum(scrutinyDecisions).optional(),
      decidedAt: z.string().optional(),
      summary: z.string().optional(),
    })
    .optional(),
  clocks: z.array(clockView),
});
export type RemovalOrderView = z.infer<typeof removalOrderView>;

/** POST /v1/referrals/{id}/hold: place or extend a legal hold (Art. 6(2): longer on request). */
export const holdRequest = z.strictObject({
  until: isoInstant,
  reason: text(2_000),
});
export type HoldRequest = z.infer<typeof holdRequest>;

/** POST /v1/referrals/{id}/hold/release: ending a hold needs a reason. */
export const holdReleaseRequest = z.strictObject({
  reason: z.string({ error: 'releasing a legal hold needs a reason' }).trim().min(1, 'releasing a legal hold needs a reason').max(2_000),
});
export type HoldReleaseRequest = z.infer<typeof holdReleaseRequest>;

export const holdView = z.object({
  referralId: z.string(),
  active: z.boolean(),
  /** Art. 6(1): six months from removal, which no release shortens. */
  statutoryUntil: z.string().optional(),
  until: z.string().optional(),
  releasedAt: z.string().optional(),
  /** Another unit's reason reads as withheld: a unit's reasons for holding (its proceedings) stay inside it. */
  history: z.array(z.object({ action: z.enum(['preserved', 'extended', 'released']), at: z.string(), until: z.string().optional(), reason: z.string(), unit: z.string().optional() })),
  version: z.number().int(),
});
export type HoldView = z.infer<typeof holdView>;

/** POST /v1/referrals/{id}/complaints: a content provider's complaint, forwarded by the platform (Art. 10). */
export const complaintRequest = z.strictObject({
  /** The platform's id of the complaint: the same id twice is the same complaint. */
  platformComplaintId: z.string().trim().min(1).max(200),
  receivedAt: isoInstant,
  /** What the content provider asks, as the platform forwarded it (stays inside the unit). */
  summary: text(5_000).optional(),
});
export type ComplaintRequest = z.infer<typeof complaintRequest>;

export const complaintDecisions = ['upheld', 'rejected'] as const;
export const complaintDecisionRequest = z.strictObject({
  decision: z.enum(complaintDecisions),
  decidedAt: isoInstant,
  reasoning: text(5_000),
});
export type ComplaintDecisionRequest = z.infer<typeof complaintDecisionRequest>;

export const reinstatementRequest = z.strictObject({ reinstatedAt: isoInstant });

export const complaintView = z.object({
  referralId: z.string(),
  complaintId: z.string(),
  platform: z.string(),
  platformComplaintId: z.string(),
  receivedAt: z.string(),
  status: z.enum(['open', 'upheld', 'rejected', 'reinstated']),
  decision: z.enum(complaintDecisions).optional(),
  decidedAt: z.string().optional(),
  reasoning: z.string().optional(),
  reinstatedAt: z.string().optional(),
  clock: clockView,
  version: z.number().int(),
});
export type ComplaintView = z.infer<typeof complaintView>;

/** GET /v1/referrals/{id}/complaints: a referral's complaints, oldest first. */
export const complaintsView = z.object({ referralId: z.string(), complaints: z.array(complaintView) });
export type ComplaintsView = z.infer<typeof complaintsView>;

/**
 * One rule-of-law audit event (GET /v1/referrals/{id}/legal-audit): what changed on an order, hold,
 * complaint, review or setting, by whom. Another unit's officer reads as that unit, and what they
 * wrote (a reason, a justification) is left out of `details`.
 */
export const legalAuditEvent = z.object({
  referralId: z.string(),
  subject: z.string(),
  subjectId: z.string(),
  version: z.number().int(),
  action: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['officer', 'platform', 'system']), id: z.string(), unit: z.string().optional() }),
  details: z.record(z.string(), z.string()).optional(),
});
export type LegalAuditEvent = z.infer<typeof legalAuditEvent>;
export const legalAuditView = z.object({ referralId: z.string(), events: z.array(legalAuditEvent) });
export type LegalAuditView = z.infer<typeof legalAuditView>;

/** PUT /v1/units/{unit}/settings (admin of the unit). */
const unitSettingsFields = z.strictObject({
  /** A second officer approves every referral before it is delivered. */
  fourEyes: z.boolean(),
  /** DSA Art. 16(2)(c): the notifier's name and email, the unit's functional mailbox. */
  contact: contactPoint,
  /** How the unit is named in transparency reports and notices. */
  displayName: text(300),
  /**
   * Art. 3(2): when the unit sent each hosting service provider the applicable procedures and
   * deadlines (a known platform by its id, e.g. "telegram"; another provider by the name it is
   * addressed by in orders). Its first order to a provider may come 12 hours later.
   */
  tcoProcedures: z.array(z.strictObject({ provider: text(300), sentAt: isoInstant })).max(500).default([]),
  /** Who is paged for a P1 referral (threat to life) of the unit, and how long a page may go unacknowledged. */
  onCall: onCallRota.optional(),
});

/**
 * PUT /v1/units/{unit}/settings. `expectedVersion` is the version the admin read (0 when the unit
 * has none yet): two admins editing at once must not overwrite each other's settings, or the
 * on-call rota paged for threats to life, unseen; a stale version is refused with 409 stale_version.
 */
export const unitSettingsRequest = unitSettingsFields.extend({ expectedVersion: z.number().int().nonnegative() });
export type UnitSettingsRequest = z.infer<typeof unitSettingsRequest>;

/** Signing secrets of the rota are write-only: the view names the contacts and their pagers, never the secrets. */
export const unitSettingsView = unitSettingsFields.extend({ unit: z.string(), updatedAt: z.string(), version: z.number().int(), onCall: onCallRotaView.optional() });
export type UnitSettingsView = z.infer<typeof unitSettingsView>;

export const reviewDecisionRequest = z
  .strictObject({
    decision: z.enum(['approved', 'refused']),
    reason: z.string().trim().min(1).max(2_000).optional(),
    /** The referral version the reviewer looked at: refused when it changed since (the approval is of what was seen). */
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .refine((v) => v.decision === 'approved' || v.reason !== undefined, { message: 'refusing a referral needs a reason', path: ['reason'] });
export type ReviewDecisionRequest = z.infer<typeof reviewDecisionRequest>;

export const reviewView = z.object({
  referralId: z.string(),
  unit: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  requestedAt: z.string(),
  decidedAt: z.string().optional(),
  /** Officer ids and a refusal's reason are shown to the reviewing unit only. */
  reason: z.string().optional(),
  requestedBy: z.string().optional(),
  reviewedBy: z.string().optional(),
  requestedByMe: z.boolean(),
  /** The referral as approved: its version and report count. A later change needs a new approval. */
  approved: z.object({ version: z.number().int(), reportCount: z.number().int() }).optional(),
  /** Whether the approval still holds for the referral as it is now. */
  current: z.boolean(),
  version: z.number().int(),
});
export type ReviewView = z.infer<typeof reviewView>;

/** GET /v1/referrals/{id}/review: each unit's review of the referral. */
export const reviewsView = z.object({ referralId: z.string(), reviews: z.array(reviewView) });
export type ReviewsView = z.infer<typeof reviewsView>;

export const transparencyReportKinds = ['authority', 'trusted-flagger'] as const;
export const transparencyReportQuery = z.object({
  kind: z.enum(transparencyReportKinds).default('authority'),
  format: z.enum(['json', 'md', 'csv']).default('json'),
  /** Admins may ask for another unit; others get their own. */
  unit: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/).optional(),
});

/** DSA Art. 16(2): the elements of a notice, for platforms filed by hand. */
export const article16Notice = z.object({
  referralId: z.string(),
  platform: z.string(),
  subject: z.string(),
  emailBody: z.string(),
  formFields: z.object({
    /** Art. 16(2)(a) */
    explanation: z.string(),
    /** Art. 16(2)(b) */
    exactUrl: z.string(),
    /** Art. 16(2)(c) */
    notifierName: z.string(),
    notifierEmail: z.string(),
    /** Art. 16(2)(d) */
    goodFaithStatement: z.string(),
    /** The DSA transparency database category the notice falls under. */
    statementCategory: z.string(),
    keyword: z.string(),
  }),
});
export type Article16Notice = z.infer<typeof article16Notice>;
