import { addUtcMonths } from './clocks';
import { refuse, type Decision, type LegalActor, type LegalEvent } from './legal-event';

/** Regulation (EU) 2021/784 Art. 6(2): removed content and related data are preserved for six months. */
export const preservationMonths = 6;

export interface HoldEntry {
  action: 'preserved' | 'extended' | 'released';
  at: string;
  until?: string;
  reason: string;
  /** The unit of the officer who extended or released the hold: the reason stays inside it. Absent for the statutory preservation. */
  unit?: string;
}

/** A referral's legal hold: while active and not past `until`, nothing of the referral is purged. */
export interface LegalHold {
  referralId: string;
  active: boolean;
  /** Six months from removal (Art. 6(2)): a release cannot end the hold before this. */
  statutoryUntil?: string;
  until?: string;
  releasedAt?: string;
  history: HoldEntry[];
  version: number;
}

const unitOf = (actor: LegalActor): { unit?: string } => (actor.kind === 'officer' && actor.unit !== undefined ? { unit: actor.unit } : {});

const later = (a: string | undefined, b: string): string => (a !== undefined && Date.parse(a) > Date.parse(b) ? a : b);

const event = (hold: LegalHold, action: HoldEntry['action'], at: string, actor: LegalActor, details: Record<string, string>): LegalEvent => ({
  referralId: hold.referralId,
  subject: 'hold',
  subjectId: 'hold',
  version: hold.version,
  action,
  at,
  actor,
  details,
});

/** Whether the hold keeps the referral's data now. */
export const isHeld = (hold: LegalHold | undefined, now: Date): boolean =>
  hold !== undefined && hold.active && (hold.until === undefined || Date.parse(hold.until) > now.getTime());

/**
 * The platform reported removal (or disabled access): preserve for six months from then
 * (Art. 6(2)). Repeating it (a callback redelivered) changes nothing.
 */
export const preserveOnRemoval = (existing: LegalHold | undefined, referralId: string, removedAt: string, actor: LegalActor): Decision<LegalHold> => {
  if (existing?.history.some((entry) => entry.action === 'preserved')) return { ok: true, unchanged: existing };
  const statutoryUntil = addUtcMonths(removedAt, preservationMonths);
  const base: LegalHold = existing ?? { referralId, active: false, history: [], version: 0 };
  const next: LegalHold = {
    ...base,
    active: true,
    statutoryUntil,
    until: base.active ? later(base.until, statutoryUntil) : statutoryUntil,
    history: [...base.history, { action: 'preserved', at: removedAt, until: statutoryUntil, reason: 'Regulation (EU) 2021/784 Art. 6(2): content removed or disabled; preserved six months' }],
    version: base.version + 1,
  };
  delete next.releasedAt;
  return { ok: true, next, event: event(next, 'preserved', removedAt, actor, { until: statutoryUntil }) };
};

/** An officer places or extends a hold, with a reason (Art. 6(2): longer when requested, e.g. for proceedings). */
export const extendHold = (existing: LegalHold | undefined, referralId: string, input: { until: string; reason: string }, actor: LegalActor, now: Date): Decision<LegalHold> => {
  if (existing?.active && existing.until === input.until && existing.history.at(-1)?.reason === input.reason) return { ok: true, unchanged: existing };
  if (Date.parse(input.until) <= now.getTime()) {
    return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 6(2)', 'a hold must end in the future', [{ path: 'until', message: 'not in the future' }], { reason: 'hold_end_not_future' });
  }
  if (existing && isHeld(existing, now) && existing.until !== undefined && Date.parse(input.until) <= Date.parse(existing.until)) {
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 6(2)', `the hold already runs until ${existing.until}; a hold is only extended (to shorten it, release it with a reason)`, undefined, {
      reason: 'hold_only_extends',
      params: { until: existing.until },
    });
  }
  const base: LegalHold = existing ?? { referralId, active: false, history: [], version: 0 };
  const next: LegalHold = {
    ...base,
    active: true,
    until: input.until,
    history: [...base.history, { action: 'extended', at: now.toISOString(), until: input.until, reason: input.reason, ...unitOf(actor) }],
    version: base.version + 1,
  };
  delete next.releasedAt;
  return { ok: true, next, event: event(next, 'extended', now.toISOString(), actor, { until: input.until, reason: input.reason }) };
};

/** Ends a hold early, with a reason; never before the six months of Art. 6(2) have passed. */
export const releaseHold = (existing: LegalHold | undefined, input: { reason: string }, actor: LegalActor, now: Date): Decision<LegalHold> => {
  if (!existing || !isHeld(existing, now)) {
    if (existing && !existing.active && existing.history.at(-1)?.action === 'released' && existing.history.at(-1)?.reason === input.reason) return { ok: true, unchanged: existing };
    return refuse(409, 'conflict', 'legal hold', 'there is no active hold on this referral', undefined, { reason: 'hold_not_active' });
  }
  if (existing.statutoryUntil !== undefined && Date.parse(existing.statutoryUntil) > now.getTime()) {
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 6(2)', `removed content is preserved for six months, until ${existing.statutoryUntil}; a release cannot shorten that`, undefined, {
      reason: 'hold_statutory_period',
      params: { until: existing.statutoryUntil },
    });
  }
  const at = now.toISOString();
  const next: LegalHold = { ...existing, active: false, releasedAt: at, history: [...existing.history, { action: 'released', at, reason: input.reason, ...unitOf(actor) }], version: existing.version + 1 };
  return { ok: true, next, event: event(next, 'released', at, actor, { reason: input.reason }) };
};
