import { refuse, type Decision, type LegalActor, type LegalEvent } from './legal-event';

/**
 * Four-eyes review: a unit may require that a second officer approves a referral before it
 * is delivered. The requester and the reviewer are recorded and are never the same person.
 */
export interface Review {
  referralId: string;
  unit: string;
  status: 'pending' | 'approved' | 'refused';
  requestedBy: string;
  requestedAt: string;
  reviewedBy?: string;
  decidedAt?: string;
  reason?: string;
  version: number;
}

export const fourEyesRule = 'four-eyes review';

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

export const requestReview = (existing: Review | undefined, referralId: string, actor: LegalActor & { unit: string }, now: Date): Decision<Review> => {
  if (existing?.status === 'pending') {
    return existing.requestedBy === actor.id ? { ok: true, unchanged: existing } : refuse(409, 'conflict', fourEyesRule, 'a review is already pending for this referral');
  }
  if (existing?.status === 'approved') return refuse(409, 'conflict', fourEyesRule, 'the referral is already approved');
  const at = now.toISOString();
  const next: Review = { referralId, unit: actor.unit, status: 'pending', requestedBy: actor.id, requestedAt: at, version: (existing?.version ?? 0) + 1 };
  return { ok: true, next, event: event(next, 'review_requested', at, actor) };
};

/**
 * The second officer decides. Refused when the reviewer requested the review or filed one of
 * the referral's reports: nobody approves their own referral.
 */
export const decideReview = (
  review: Review | undefined,
  input: { decision: 'approved' | 'refused'; reason?: string; reporterIds: readonly string[] },
  actor: LegalActor & { unit: string },
  now: Date,
): Decision<Review> => {
  if (!review) return refuse(409, 'conflict', fourEyesRule, 'no review was requested for this referral');
  if (review.status !== 'pending') {
    if (review.reviewedBy === actor.id && review.status === input.decision) return { ok: true, unchanged: review };
    return refuse(409, 'conflict', fourEyesRule, `the review was already decided (${review.status})`);
  }
  if (review.unit !== actor.unit) return refuse(403, 'forbidden', fourEyesRule, `the review belongs to unit ${review.unit}; a reviewer of that unit decides it`);
  if (review.requestedBy === actor.id) return refuse(403, 'forbidden', fourEyesRule, 'the reviewer cannot be the officer who requested the review');
  if (input.reporterIds.includes(actor.id)) return refuse(403, 'forbidden', fourEyesRule, 'the reviewer cannot approve a referral they reported');
  const at = now.toISOString();
  const next: Review = { ...review, status: input.decision, reviewedBy: actor.id, decidedAt: at, ...(input.reason ? { reason: input.reason } : {}), version: review.version + 1 };
  return { ok: true, next, event: event(next, input.decision === 'approved' ? 'review_approved' : 'review_refused', at, actor, input.reason ? { reason: input.reason } : undefined) };
};

/** Whether delivery may go ahead: no unit of the referral asks for four eyes, or a second officer approved. */
export const deliveryGate = (input: { requiringUnits: readonly string[]; review?: Review }): { ok: true } | { ok: false; message: string } => {
  if (input.requiringUnits.length === 0) return { ok: true };
  if (input.review?.status === 'approved') return { ok: true };
  const state = input.review ? `the review is ${input.review.status}` : 'no review was requested (POST /v1/referrals/{id}/review)';
  return { ok: false, message: `${fourEyesRule}: unit ${input.requiringUnits.join(', ')} requires a second officer to approve this referral before delivery; ${state}` };
};
