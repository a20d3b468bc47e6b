import { describe, expect, it } from 'vitest';
import type { Decision } from './legal-event';
import { extendHold, isHeld, preserveOnRemoval, releaseHold, type LegalHold } from './legal-hold';
import { purgeVerdict } from './retention';

const referralId = 'ref_0123456789abcdef01234567';
const platform = { kind: 'platform' as const, id: 'x' };
const officer = { kind: 'officer' as const, id: 'officer.ana', unit: 'eu-iru' };
const removedAt = '2026-01-31T10:00:00.000Z';
const day = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000);

const changed = (decision: Decision<LegalHold>): LegalHold => {
  if (!decision.ok || !('next' in decision)) throw new Error(`expected a change: ${JSON.stringify(decision)}`);
  return decision.next;
};

describe('preservation and legal hold (Art. 6)', () => {
  it('preserves removed content for six calendar months, once', () => {
    const hold = changed(preserveOnRemoval(undefined, referralId, removedAt, platform));
    // 31 January + 6 months is 31 July.
    expect(hold).toMatchObject({ active: true, statutoryUntil: '2026-07-31T10:00:00.000Z', until: '2026-07-31T10:00:00.000Z', version: 1 });
    expect(preserveOnRemoval(hold, referralId, removedAt, platform)).toEqual({ ok: true, unchanged: hold });
  });

  it('refuses a release inside the six months, and a release without an active hold', () => {
    const hold = changed(preserveOnRemoval(undefined, referralId, removedAt, platform));
    expect(releaseHold(hold, { reason: 'case closed' }, officer, day(removedAt, 30))).toMatchObject({ ok: false, status: 409, rule: 'Regulation (EU) 2021/784 Art. 6(2)' });
    expect(releaseHold(undefined, { reason: 'case closed' }, officer, day(removedAt, 30))).toMatchObject({ ok: false, status: 409 });
  });

  it('extends with a reason, only forwards, and releases after the statutory months', () => {
    const preserved = changed(preserveOnRemoval(undefined, referralId, removedAt, platform));
    const extended = changed(extendHold(preserved, referralId, { until: '2027-01-31T00:00:00.000Z', reason: 'prosecutor request 2026/17' }, officer, day(removedAt, 10)));
    expect(extended).toMatchObject({ until: '2027-01-31T00:00:00.000Z', version: 2 });
    expect(extendHold(extended, referralId, { until: '2026-09-01T00:00:00.000Z', reason: 'shorter' }, officer, day(removedAt, 11))).toMatchObject({ ok: false, status: 409 });
    const released = changed(releaseHold(extended, { reason: 'proceedings closed' }, officer, day(removedAt, 200)));
    expect(isHeld(released, day(removedAt, 201))).toBe(false);
    expect(released.history.map((h) => h.action)).toEqual(['preserved', 'extended', 'released']);
  });

  it('never lets the purge take a held referral, and takes an un-held one after retention', () => {
    const hold = changed(preserveOnRemoval(undefined, referralId, removedAt, platform));
    const closedAt = removedAt;
    expect(purgeVerdict({ closedAt, hold, retentionDays: 30, now: day(removedAt, 100) })).toMatchObject({ purge: false, reason: 'held', recheckAt: '2026-07-31T10:00:00.000Z' });
    expect(purgeVerdict({ closedAt, retentionDays: 30, now: day(removedAt, 29) })).toMatchObject({ purge: false, reason: 'not_yet' });
    expect(purgeVerdict({ closedAt, retentionDays: 30, now: day(removedAt, 31) })).toEqual({ purge: true });
    expect(purgeVerdict({ retentionDays: 30, now: day(removedAt, 31) })).toMatchObject({ purge: false, reason: 'open' });
    // After the hold lapses, the data goes.
    expect(purgeVerdict({ closedAt, hold, retentionDays: 30, now: day(removedAt, 190) })).toEqual({ purge: true });
  });
});
