import { describe, expect, it } from 'vitest';
import { exportableIndicatorTypes } from '../../contract/indicator-export';
import { financialIndicatorTypes } from '../classification/suggest-categories';
import { coOccurrencesOf, exportedReferralOf } from './indicator-export';
import { sampleReferrals } from './indicator-export.fixture';

describe('an export of indicator dossiers', () => {
  it('exports exactly the indicator types the financial stage files in dossiers', () => {
    expect([...exportableIndicatorTypes].sort()).toEqual([...financialIndicatorTypes].sort());
  });

  it('keeps what a referral is and where the indicator was found, not who reported it', () => {
    const exported = exportedReferralOf(sampleReferrals.post);
    expect(exported).toEqual({
      referralId: sampleReferrals.post.referralId,
      platform: 'telegram',
      url: 'https://t.me/spendenkanal/5',
      category: 'fundraising',
      firstReportedAt: '2026-11-02T09:15:00.000Z',
      foundIn: 'page',
      excerpt: sampleReferrals.post.evidence,
    });
    expect(exportedReferralOf(sampleReferrals.typed)).not.toHaveProperty('excerpt');
    expect(exportedReferralOf({ ...sampleReferrals.post, source: 'a-source-added-later' })).not.toHaveProperty('excerpt');
  });

  it('relates two exported indicators once however many of their dossiers link them, and ignores links outside the export', () => {
    const btc = { type: 'btc' as const, value: 'b' };
    const iban = { type: 'iban' as const, value: 'i' };
    const pairs = coOccurrencesOf([
      { key: btc, links: [{ kind: 'indicator', name: 'iban:i', referrals: 2 }, { kind: 'indicator', name: 'eth:elsewhere', referrals: 5 }, { kind: 'channel', name: 'iban:i', referrals: 9 }] },
      { key: iban, links: [{ kind: 'indicator', name: 'btc:b', referrals: 2 }] },
    ]);
    expect(pairs).toEqual([{ a: btc, b: iban, referrals: 2 }]);
  });
});
