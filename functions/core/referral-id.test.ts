import { describe, expect, it } from 'vitest';
import { isReferralId, referralIdFor, utcDay } from './referral-id';

describe('referralIdFor', () => {
  it('is stable for one content key and differs between keys', () => {
    expect(referralIdFor('youtube:video:dQw4w9WgXcQ')).toBe(referralIdFor('youtube:video:dQw4w9WgXcQ'));
    expect(referralIdFor('youtube:video:dQw4w9WgXcQ')).not.toBe(referralIdFor('youtube:video:dQw4w9WgXcR'));
  });

  it('is the first 96 bits of SHA-256 in hex', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2 example)
    expect(referralIdFor('abc')).toBe('ref_ba7816bf8f01cfea414140de');
    expect(isReferralId(referralIdFor('abc'))).toBe(true);
    expect(isReferralId('ref_../../etc')).toBe(false);
  });

  it('takes the UTC day', () => {
    expect(utcDay('2026-11-26T23:59:59.000Z')).toBe('2026-11-26');
  });
});
