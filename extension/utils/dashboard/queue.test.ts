import { describe, expect, it } from 'vitest';
import { countdown, queueActions } from './queue';

const now = Date.parse('2026-05-01T12:00:00Z');

describe('queue actions', () => {
  it('offers send for new items and only the transitions the API allows', () => {
    expect(queueActions({ status: 'new' })).toEqual({ claim: 'claim', send: true, transitions: [{ to: 'already_gone', outcomes: [] }] });
    const sent = queueActions({ status: 'sent', claim: { mine: true, expiresAt: '2026-05-01T12:15:00Z' } });
    expect(sent.claim).toBe('release');
    expect(sent.send).toBe(false);
    expect(sent.transitions.map((t) => t.to)).toEqual(['acknowledged', 'actioned', 'declined', 'already_gone']);
    expect(sent.transitions.find((t) => t.to === 'actioned')?.outcomes).toEqual(['removed', 'geo_blocked', 'restricted']);
    expect(sent.transitions.find((t) => t.to === 'declined')?.outcomes).toEqual(['no_violation', 'not_actionable']);
  });

  it('offers nothing on a final status and says when a colleague holds the claim', () => {
    expect(queueActions({ status: 'actioned' })).toEqual({ claim: 'none', send: false, transitions: [] });
    expect(queueActions({ status: 'new', claim: { mine: false, expiresAt: '2026-05-01T12:15:00Z' } }).claim).toBe('claimed_by_other');
  });
});

describe('deadline countdown', () => {
  it('counts down to the deadline and flags a breach once past it', () => {
    expect(countdown({ deadlineAt: '2026-05-01T12:59:30Z', status: 'new', breached: false }, now)).toEqual({ text: '59 min left', breached: false });
    expect(countdown({ deadlineAt: '2026-05-02T15:30:00Z', status: 'sent', breached: false }, now)).toEqual({ text: '27 h 30 min left', breached: false });
    expect(countdown({ deadlineAt: '2026-05-01T11:55:00Z', status: 'sent', breached: false }, now)).toEqual({ text: 'overdue by 5 min', breached: true });
  });

  it('trusts the API breach flag, and a closed referral is never breached', () => {
    expect(countdown({ deadlineAt: '2026-05-01T12:00:05Z', status: 'new', breached: true }, now).breached).toBe(true);
    expect(countdown({ deadlineAt: '2026-05-01T11:00:00Z', status: 'actioned', breached: false }, now)).toEqual({ text: 'closed', breached: false });
    expect(countdown({ status: 'new', breached: false }, now).text).toBe('no deadline');
  });
});

describe('platforms filed by hand', () => {
  it('are those without a webhook channel, including hosts outside the registry', async () => {
    const { filedByHand } = await import('./queue');
    expect(filedByHand('telegram')).toBe(true);
    expect(filedByHand('example-forum.org')).toBe(true);
    expect(filedByHand('x')).toBe(false);
  });

  it('name who filed and when, from the last transition to sent', async () => {
    const { describeFiling } = await import('./queue');
    const actor = (id: string) => ({ kind: 'officer' as const, id });
    expect(describeFiling([])).toBeUndefined();
    expect(
      describeFiling([
        { to: 'new', at: '2026-05-01T10:00:00Z', actor: actor('a') },
        { to: 'sent', at: '2026-05-01T10:05:30Z', actor: actor('liaison-7') },
      ] as never),
    ).toBe('Filed by hand by liaison-7 at 2026-05-01 10:05 UTC.');
  });
});
