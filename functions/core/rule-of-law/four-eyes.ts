import { refuse, type Decision, type LegalActor, type LegalEvent } from './legal-event';

/**
 * Four-eyes review: a unit may require that a second officer of that unit approves a referral
 * before it is delivered. Each unit keeps its own review of a referral (one per referral and
 * unit); the requester and the reviewer are recorded and are never the same person, and an
 * approval holds for the referral as the reviewer saw it.
 */
export interface Review {
  referralId: string;
  /** The unit whose review this is: its officers request and decide it. */
  unit: string;
  status: 'pending' | 'approved' | 'refused';
  requestedBy: string;
  requestedAt: string;
  reviewedBy?: string;
  /** The reviewer's unit, recorded with the decision: only an approval from the review's own unit counts. */
  reviewerUnit?: string;
  decidedAt?: string;
  reason?: string;
  /** The referral as approved; a later change needs a new approval. */
  approved?: ReferralVersion;
  version: number;
}

/**
 * The referral as a reviewer sees it: its lifecycle version (claims, transitions, delivery) and its
 * number of reports (a merged report changes labels, units and priority without a lifecycle step).
 */
export interface ReferralVersion {
  version: number;
  reportCount: number;
}

export const fourEyesRule = 'four-eyes review';

const sameVersion = (a: ReferralVersion | undefined, b: ReferralVersion): boolean => a !== undefined && a.version === b.version && a.reportCount === b.reportCount;

const event = (review: Review, action: string, at: string, actor: LegalActor, details?: Record<string, string>): LegalEvent => ({
  referralId: review.referralId,
  subject: 'review',
  subjectId: review.unit,
  version: review.version,
  action,
  at,
  actor,
  ...(details ? { details } : {}),
});

/** An officer asks a colleague of their own unit to review the referral (`existing`: that unit's review, if any). */
export const requestReview = (existing: Review | undefined, referralId: string, actor: LegalActor & { unit: string }, referral: ReferralVersion, now: Date): Decision<Review> => {
  if (existing?.status === 'pending') {
    return existing.requestedBy === actor.id ? { ok: true, unchanged: existing } : refuse(409, 'conflict', fourEyesRule, 'a review is already pending for this referral', undefined, { reason: 'review_pending' });
  }
  if (existing?.status === 'approved' && sameVersion(existing.approved, referral)) return refuse(409, 'conflict', fourEyesRule, 'the referral is already approved, and has not changed since', undefined, { reason: 'review_already_approved' });
  const at = now.toISOString();
  const next: Review = { referralId, unit: actor.unit, status: 'pending', requestedBy: actor.id, requestedAt: at, version: (existing?.version ?? 0) + 1 };
  return { ok: true, next, event: event(next, 'review_requested', at, actor, { referralVersion: String(referral.version), reportCount: String(referral.reportCount) }) };
};

/**
 * The second officer decides, on the referral as it is now (`referral`); `expectedVersion`, when
 * given, is the version the reviewer looked at, so nobody approves a change they did not see.
 * Refused when the reviewer requested the review, filed one of the referral's reports, or
 * belongs to another unit: nobody approves their own referral, nor another unit's.
 */
export const decideReview = (
  review: Review | undefined,
  input: { decision: 'approved' | 'refused'; reason?: string; reporterIds: readonly string[]; referral: ReferralVersion; expectedVersion?: number },
  actor: LegalActor & { unit: string },
  now: Date,
): Decision<Review> => {
  if (!review) return refuse(409, 'conflict', fourEyesRule, `no review was requested for this referral in unit ${actor.unit}`, undefined, { reason: 'review_not_requested', params: { unit: actor.unit } });
  if (review.status !== 'pending') {
    if (review.reviewedBy === actor.id && review.status === input.decision) return { ok: true, unchanged: review };
    return refuse(409, 'conflict', fourEyesRule, `the review was already decided (${review.status})`, undefined, { reason: 'review_already_decided' });
  }
  if (review.unit !== actor.unit) {
    return refuse(403, 'forbidden', fourEyesRule, `the review belongs to unit ${review.unit}; a reviewer of that unit decides it`, undefined, { reason: 'review_of_other_unit', params: { unit: review.unit } });
  }
  if (review.requestedBy === actor.id) return refuse(403, 'forbidden', fourEyesRule, 'the reviewer cannot be the officer who requested the review', undefined, { reason: 'review_own_request' });
  if (input.reporterIds.includes(actor.id)) return refuse(403, 'forbidden', fourEyesRule, 'the reviewer cannot approve a referral they reported', undefined, { reason: 'review_own_report' });
  if (input.expectedVersion !== undefined && input.expectedVersion !== input.referral.version) {
    return refuse(409, 'conflict', fourEyesRule, `you reviewed version ${input.expectedVersion}; the referral is at version ${input.referral.version} now: look at it again`, undefined, {
      reason: 'review_version_changed',
      params: { reviewed: String(input.expectedVersion), current: String(input.referral.version) },
    });
  }
  const at = now.toISOString();
  const next: Review = {
    ...review,
    status: input.decision,
    reviewedBy: actor.id,
    reviewerUnit: actor.unit,
    decidedAt: at,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.decision === 'approved' ? { approved: { version: input.referral.version, reportCount: input.referral.reportCount } } : {}),
    version: review.version + 1,
  };
  const details = { referralVersion: String(input.referral.version), reportCount: String(input.referral.reportCount), ...(input.reason ? { reason: input.reason } : {}) };
  return { ok: true, next, event: event(next, input.decision === 'approved' ? 'review_approved' : 'review_refused', at, actor, details) };
};

/** Why one requiring unit's review does not (yet) let the referral go, or undefined when it does. */
const missingApproval = (unit: string, review: Review | undefined, referral: ReferralVersion): string | undefined => {
  if (!review) return `unit ${unit}: no review was requested (POST /v1/referrals/{id}/review by an officer of ${unit})`;
  if (review.status !== 'approved') return `unit ${unit}: the review is ${review.status}`;
  if (review.reviewerUnit !== unit) return `unit ${unit}: the approval is not by an officer of ${unit}`;
  if (!sameVersion(review.approved, referral)) {
    const at = review.approved ? `version ${review.approved.version} with ${review.approved.reportCount} report(s)` : 'an earlier version';
    return `unit ${unit}: approved at ${at}; the referral changed since (now version ${referral.version} with ${referral.reportCount}), so it needs a new approval`;
  }
  return undefined;
};

/**
 * Whether delivery may go ahead: every unit that requires four eyes has approved the referral
 * as it is now, each by an officer of its own (another unit's approval never stands in).
 */
export const deliveryGate = (input: { requiringUnits: readonly string[]; reviews: readonly Review[]; referral: ReferralVersion }): { ok: true } | { ok: false; message: string; units: string[] } => {
  const pending = input.requiringUnits.flatMap((unit) => {
    const why = missingApproval(unit, input.reviews.find((review) => review.unit === unit), input.referral);
    return why === undefined ? [] : [{ unit, why }];
  });
  if (pending.length === 0) return { ok: true };
  const units = pending.map((entry) => entry.unit);
  const missing = pending.map((entry) => entry.why);
  return { ok: false, units, message: `${fourEyesRule}: ${missing.length === 1 ? 'a unit requires' : 'units require'} a second officer of their own to approve this referral before delivery; ${missing.join('; ')}` };
};
