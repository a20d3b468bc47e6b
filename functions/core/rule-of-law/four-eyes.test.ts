import { describe, expect, it } from 'vitest';
import { decideReview, deliveryGate, requestReview, type Review } from './four-eyes';

const now = new Date('2026-04-01T08:00:00.000Z');
const ana = { kind: 'officer' as const, id: 'officer.ana', unit: 'eu-iru' };
const ben = { kind: 'officer' as const, id: 'officer.ben', unit: 'eu-iru' };
const cleo = { kind: 'officer' as const, id: 'officer.cleo', unit: 'eu-iru' };

const pending = (): Review => {
  const decision = requestReview(undefined, 'ref_0123456789abcdef01234567', ana, now);
  if (!decision.ok || !('next' in decision)) throw new Error('expected a request');
  return decision.next;
};

describe('four-eyes review', () => {
  it('refuses the requester as reviewer, naming the rule', () => {
    const result = decideReview(pending(), { decision: 'approved', reporterIds: [] }, ana, now);
    expect(result).toMatchObject({ ok: false, status: 403, rule: 'four-eyes review' });
    expect(result.ok ? '' : result.message).toContain('cannot be the officer who requested');
  });

  it('refuses a reviewer who reported the content', () => {
    expect(decideReview(pending(), { decision: 'approved', reporterIds: ['officer.ben'] }, ben, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a reviewer of another unit', () => {
    expect(decideReview(pending(), { decision: 'approved', reporterIds: [] }, { ...cleo, unit: 'fr-pharos' }, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('records requester and reviewer when a second officer approves', () => {
    const result = decideReview(pending(), { decision: 'approved', reporterIds: ['officer.ana'] }, ben, now);
    expect(result.ok && 'next' in result ? result.next : undefined).toMatchObject({ status: 'approved', requestedBy: 'officer.ana', reviewedBy: 'officer.ben', version: 2 });
  });

  it('gates delivery until approval when a unit requires four eyes', () => {
    expect(deliveryGate({ requiringUnits: [] })).toEqual({ ok: true });
    expect(deliveryGate({ requiringUnits: ['eu-iru'] })).toMatchObject({ ok: false });
    expect(deliveryGate({ requiringUnits: ['eu-iru'], review: pending() })).toMatchObject({ ok: false });
    const approved = decideReview(pending(), { decision: 'approved', reporterIds: [] }, ben, now);
    expect(deliveryGate({ requiringUnits: ['eu-iru'], review: approved.ok && 'next' in approved ? approved.next : undefined })).toEqual({ ok: true });
  });

  it('lets a refused referral be requested again', () => {
    const refused = decideReview(pending(), { decision: 'refused', reason: 'not terrorist content', reporterIds: [] }, ben, now);
    if (!refused.ok || !('next' in refused)) throw new Error('expected a refusal');
    const again = requestReview(refused.next, refused.next.referralId, ana, now);
    expect(again.ok && 'next' in again ? again.next : undefined).toMatchObject({ status: 'pending', version: 3 });
  });
});
