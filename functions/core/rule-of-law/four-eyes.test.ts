import { describe, expect, it } from 'vitest';
import type { Decision } from './legal-event';
import { decideReview, deliveryGate, requestReview, type ReferralVersion, type Review } from './four-eyes';

const now = new Date('2026-04-01T08:00:00.000Z');
const referralId = 'ref_0123456789abcdef01234567';
const ana = { kind: 'officer' as const, id: 'officer.ana', unit: 'eu-iru' };
const ben = { kind: 'officer' as const, id: 'officer.ben', unit: 'eu-iru' };
const cleo = { kind: 'officer' as const, id: 'officer.cleo', unit: 'eu-iru' };
/** Two officers of another unit, which does not ask for four eyes. */
const carl = { kind: 'officer' as const, id: 'officer.carl', unit: 'nl-iru' };
const cora = { kind: 'officer' as const, id: 'officer.cora', unit: 'nl-iru' };

const seen: ReferralVersion = { version: 3, reportCount: 1 };

const changed = <T,>(decision: Decision<T>): T => {
  if (!decision.ok || !('next' in decision)) throw new Error(`expected a change, got ${JSON.stringify(decision)}`);
  return decision.next;
};

const pending = (requester = ana): Review => changed(requestReview(undefined, referralId, requester, seen, now));
const approvedBy = (reviewer: typeof ben, review = pending(), referral = seen): Review => changed(decideReview(review, { decision: 'approved', reporterIds: [], referral }, reviewer, now));

describe('four-eyes review', () => {
  it('refuses the requester as reviewer, naming the rule', () => {
    const result = decideReview(pending(), { decision: 'approved', reporterIds: [], referral: seen }, ana, now);
    expect(result).toMatchObject({ ok: false, status: 403, rule: 'four-eyes review', reason: 'review_own_request' });
    expect(result.ok ? '' : result.message).toContain('cannot be the officer who requested');
  });

  it('refuses a reviewer who reported the content', () => {
    expect(decideReview(pending(), { decision: 'approved', reporterIds: ['officer.ben'], referral: seen }, ben, now)).toMatchObject({ ok: false, status: 403, reason: 'review_own_report' });
  });

  it('refuses a reviewer of another unit', () => {
    expect(decideReview(pending(), { decision: 'approved', reporterIds: [], referral: seen }, { ...cleo, unit: 'fr-pharos' }, now)).toMatchObject({ ok: false, status: 403, reason: 'review_of_other_unit', params: { unit: 'eu-iru' } });
  });

  it('records requester, reviewer and the referral version approved', () => {
    expect(approvedBy(ben)).toMatchObject({ unit: 'eu-iru', status: 'approved', requestedBy: 'officer.ana', reviewedBy: 'officer.ben', approved: seen, version: 2 });
  });

  it('refuses an approval of a version the reviewer did not see', () => {
    const result = decideReview(pending(), { decision: 'approved', reporterIds: [], referral: { version: 4, reportCount: 1 }, expectedVersion: 3 }, ben, now);
    expect(result).toMatchObject({ ok: false, status: 409, reason: 'review_version_changed', params: { reviewed: '3', current: '4' } });
    expect(result.ok ? '' : result.message).toContain('version 4');
  });

  it('lets a refused referral be requested again', () => {
    const refused = changed(decideReview(pending(), { decision: 'refused', reason: 'not terrorist content', reporterIds: [], referral: seen }, ben, now));
    expect(changed(requestReview(refused, referralId, ana, seen, now))).toMatchObject({ status: 'pending', version: 3 });
  });

  it('refuses a second request while the approval still holds, and takes one once the referral changed', () => {
    const approved = approvedBy(ben);
    expect(requestReview(approved, referralId, ana, seen, now)).toMatchObject({ ok: false, status: 409, reason: 'review_already_approved' });
    expect(changed(requestReview(approved, referralId, ana, { version: 5, reportCount: 1 }, now))).toMatchObject({ status: 'pending', version: 3 });
  });
});

describe('delivery gate', () => {
  it('lets delivery go when no unit asks for four eyes', () => {
    expect(deliveryGate({ requiringUnits: [], reviews: [], referral: seen })).toEqual({ ok: true });
  });

  it('waits for an approval of the requiring unit', () => {
    expect(deliveryGate({ requiringUnits: ['eu-iru'], reviews: [], referral: seen })).toMatchObject({ ok: false });
    expect(deliveryGate({ requiringUnits: ['eu-iru'], reviews: [pending()], referral: seen })).toMatchObject({ ok: false });
    expect(deliveryGate({ requiringUnits: ['eu-iru'], reviews: [approvedBy(ben)], referral: seen })).toEqual({ ok: true });
  });

  it('does not take another unit\'s approval for the unit that asks for four eyes', () => {
    const otherUnits = approvedBy(cora, pending(carl));
    const gate = deliveryGate({ requiringUnits: ['eu-iru'], reviews: [otherUnits], referral: seen });
    expect(gate).toMatchObject({ ok: false });
    expect(gate.ok ? '' : gate.message).toContain('eu-iru');
  });

  it('needs one approval per requiring unit, each by an officer of that unit', () => {
    const euIru = approvedBy(ben);
    const nlIru = approvedBy(cora, pending(carl));
    expect(deliveryGate({ requiringUnits: ['eu-iru', 'nl-iru'], reviews: [euIru], referral: seen })).toMatchObject({ ok: false, message: expect.stringContaining('nl-iru'), units: ['nl-iru'] });
    expect(deliveryGate({ requiringUnits: ['eu-iru', 'nl-iru'], reviews: [euIru, nlIru], referral: seen })).toEqual({ ok: true });
    // A record filed under one unit but decided in another (never written by decideReview) does not count.
    expect(deliveryGate({ requiringUnits: ['eu-iru'], reviews: [{ ...nlIru, unit: 'eu-iru' }], referral: seen })).toMatchObject({ ok: false });
  });

  it('needs a new approval once the referral changed after it was approved', () => {
    const approved = approvedBy(ben);
    for (const later of [{ version: 4, reportCount: 1 }, { version: 3, reportCount: 2 }]) {
      const gate = deliveryGate({ requiringUnits: ['eu-iru'], reviews: [approved], referral: later });
      expect(gate).toMatchObject({ ok: false });
      expect(gate.ok ? '' : gate.message).toContain('changed since');
    }
  });
});
