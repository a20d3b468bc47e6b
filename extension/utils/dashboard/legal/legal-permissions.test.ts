import { describe, expect, it } from 'vitest';
import { legalPermissions } from './legal-permissions';

describe('what the legal screen offers each role', () => {
  it("follows the API's route table: referrers read the hold, analysts read everything, liaison officers act", () => {
    expect(legalPermissions(['referrer'])).toEqual({ readHold: true, extendHold: false, releaseHold: false, readComplaints: false, recordComplaint: false, decideComplaint: false, reinstate: false, readLegalAudit: false });
    expect(legalPermissions(['analyst'])).toEqual({ readHold: true, extendHold: false, releaseHold: false, readComplaints: true, recordComplaint: false, decideComplaint: false, reinstate: false, readLegalAudit: true });
    expect(Object.values(legalPermissions(['liaison'])).every(Boolean)).toBe(true);
  });

  it('grants a principal with several roles what any of them grants', () => {
    expect(legalPermissions(['referrer', 'analyst'])).toMatchObject({ readHold: true, readComplaints: true, readLegalAudit: true, extendHold: false });
  });
});
