import type { ReferralStatus } from '../../contract/responses';
import { actionedOutcomes, declinedOutcomes, type Actor, type ReferralOutcome } from '../../contract/lifecycle';

/**
 * The lifecycle of a referral at its platform: new -> sent -> acknowledged -> actioned
 * (removed, geo_blocked, restricted) / declined (no_violation, not_actionable) / already_gone.
 * A platform may skip acknowledging; content may vanish before it is sent.
 */
export const allowedTransitions: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  new: ['sent', 'already_gone'],
  sent: ['acknowledged', 'actioned', 'declined', 'already_gone'],
  acknowledged: ['actioned', 'declined', 'already_gone'],
  actioned: [],
  declined: [],
  already_gone: [],
};

export const finalStatuses: readonly ReferralStatus[] = ['actioned', 'declined', 'already_gone'];

export const isFinal = (status: ReferralStatus): boolean => finalStatuses.includes(status);

/** Which target statuses each kind of actor may request. */
const actorTargets: Readonly<Record<Actor['kind'], readonly ReferralStatus[]>> = {
  // Officers mark `sent` themselves only for manual channels (checked by the caller).
  officer: ['sent', 'acknowledged', 'actioned', 'declined', 'already_gone'],
  // A platform reports what it did; it cannot claim to have been sent something.
  platform: ['acknowledged', 'actioned', 'declined', 'already_gone'],
  // The delivery stage records a successful delivery and nothing else.
  system: ['sent'],
};

export type TransitionRefusal = {
  code: 'not_allowed' | 'outcome_required' | 'outcome_not_allowed' | 'actor_not_allowed';
  message: string;
};

export type TransitionPlan = { ok: true; outcome?: ReferralOutcome } | { ok: false; refusal: TransitionRefusal };

const outcomesFor = (to: ReferralStatus): readonly ReferralOutcome[] =>
  to === 'actioned' ? actionedOutcomes : to === 'declined' ? declinedOutcomes : [];

/** Decides whether `from -> to` (with `outcome`) may happen for this actor; pure, so every rule is unit-tested. */
export const planTransition = (input: { from: ReferralStatus; to: ReferralStatus; outcome?: ReferralOutcome; actor: Actor['kind'] }): TransitionPlan => {
  const { from, to, outcome } = input;
  if (!actorTargets[input.actor].includes(to)) {
    return { ok: false, refusal: { code: 'actor_not_allowed', message: `a ${input.actor} may not set status ${to}` } };
  }
  if (!allowedTransitions[from].includes(to)) {
    const next = allowedTransitions[from];
    return {
      ok: false,
      refusal: { code: 'not_allowed', message: `cannot go from ${from} to ${to}${next.length === 0 ? ` (${from} is final)` : `; allowed: ${next.join(', ')}`}` },
    };
  }
  const outcomes = outcomesFor(to);
  if (outcomes.length === 0) {
    if (outcome !== undefined) return { ok: false, refusal: { code: 'outcome_not_allowed', message: `status ${to} takes no outcome` } };
    return { ok: true };
  }
  if (outcome === undefined) return { ok: false, refusal: { code: 'outcome_required', message: `status ${to} needs an outcome: ${outcomes.join(', ')}` } };
  if (!outcomes.includes(outcome)) return { ok: false, refusal: { code: 'outcome_not_allowed', message: `outcome ${outcome} does not fit ${to}; allowed: ${outcomes.join(', ')}` } };
  return { ok: true, outcome };
};

/**
 * A deadline is breached when it has passed and the referral is not final. Removal orders
 * carry one hour (Regulation (EU) 2021/784 Art. 3(3)); referrals an internal target.
 */
export const isBreached = (deadlineAt: string | undefined, status: ReferralStatus, now: Date): boolean =>
  deadlineAt !== undefined && !isFinal(status) && now.getTime() > Date.parse(deadlineAt);

/** The label counted in outcome trends: the outcome when there is one, else the final status. */
export const outcomeLabel = (status: ReferralStatus, outcome: ReferralOutcome | undefined): string | undefined =>
  isFinal(status) ? (outcome ?? status) : undefined;

/** How long a claim keeps others off a referral: long enough to file it by hand, short enough not to block a shift. */
export const claimDurationMs = 15 * 60 * 1000;
