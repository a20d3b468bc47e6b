import { describe, expect, it } from 'vitest';
import { referralStatuses } from '../../contract/responses';
import { allowedTransitions, isBreached, isFinal, outcomeLabel, planTransition } from './transitions';

describe('lifecycle transition table', () => {
  it('allows the documented path for an officer', () => {
    expect(planTransition({ from: 'new', to: 'sent', actor: 'officer' })).toEqual({ ok: true });
    expect(planTransition({ from: 'sent', to: 'acknowledged', actor: 'officer' })).toEqual({ ok: true });
    expect(planTransition({ from: 'acknowledged', to: 'actioned', outcome: 'removed', actor: 'officer' })).toEqual({ ok: true, outcome: 'removed' });
    expect(planTransition({ from: 'sent', to: 'declined', outcome: 'no_violation', actor: 'platform' })).toEqual({ ok: true, outcome: 'no_violation' });
    expect(planTransition({ from: 'new', to: 'already_gone', actor: 'officer' })).toEqual({ ok: true });
  });

  it('refuses every move out of a final status', () => {
    for (const from of referralStatuses.filter(isFinal)) {
      for (const to of referralStatuses) {
        const plan = planTransition({ from, to, outcome: to === 'actioned' ? 'removed' : to === 'declined' ? 'not_actionable' : undefined, actor: 'officer' });
        expect(plan.ok, `${from} -> ${to}`).toBe(false);
      }
    }
    expect(Object.values(allowedTransitions).flat()).not.toContain('new');
  });

  it('names what is wrong with the outcome', () => {
    expect(planTransition({ from: 'sent', to: 'actioned', actor: 'officer' })).toMatchObject({ ok: false, refusal: { code: 'outcome_required' } });
    expect(planTransition({ from: 'sent', to: 'actioned', outcome: 'no_violation', actor: 'officer' })).toMatchObject({ ok: false, refusal: { code: 'outcome_not_allowed' } });
    expect(planTransition({ from: 'sent', to: 'acknowledged', outcome: 'removed', actor: 'officer' })).toMatchObject({ ok: false, refusal: { code: 'outcome_not_allowed' } });
    expect(planTransition({ from: 'new', to: 'acknowledged', actor: 'officer' })).toMatchObject({ ok: false, refusal: { code: 'not_allowed' } });
  });

  it('keeps each actor to its own targets', () => {
    expect(planTransition({ from: 'new', to: 'sent', actor: 'platform' })).toMatchObject({ ok: false, refusal: { code: 'actor_not_allowed' } });
    expect(planTransition({ from: 'sent', to: 'actioned', outcome: 'removed', actor: 'system' })).toMatchObject({ ok: false, refusal: { code: 'actor_not_allowed' } });
    expect(planTransition({ from: 'new', to: 'sent', actor: 'system' })).toEqual({ ok: true });
  });
});

describe('deadline breach', () => {
  const deadline = '2026-03-01T10:00:00.000Z';
  it('is breached only after the deadline and while not final', () => {
    expect(isBreached(deadline, 'sent', new Date('2026-03-01T10:00:01Z'))).toBe(true);
    expect(isBreached(deadline, 'sent', new Date('2026-03-01T09:59:59Z'))).toBe(false);
    expect(isBreached(deadline, 'actioned', new Date('2026-03-02T00:00:00Z'))).toBe(false);
    expect(isBreached(undefined, 'new', new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('helpers', () => {
  it('labels outcomes only for final statuses', () => {
    expect(outcomeLabel('actioned', 'geo_blocked')).toBe('geo_blocked');
    expect(outcomeLabel('already_gone', undefined)).toBe('already_gone');
    expect(outcomeLabel('sent', undefined)).toBeUndefined();
  });
});
