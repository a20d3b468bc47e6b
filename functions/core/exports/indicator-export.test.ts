import { describe, expect, it } from 'vitest';
import { exportableIndicatorTypes } from '../../contract/indicator-export';
import { financialIndicatorTypes } from '../classification/suggest-categories';
import { indicatorHoldKey } from '../holds/operational-hold';
import { coOccurrencesOf, exportedReferralOf, holdKeysOfExport, normalizedIndicator, uriOf } from './indicator-export';
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

  it('reads an indicator as the extractors do, and says what is wrong with one it cannot export', () => {
    expect(normalizedIndicator('iban', 'DE89 3704 0044 0532 0130 00')).toEqual({ ok: true, key: { type: 'iban', value: 'DE89370400440532013000' } });
    expect(normalizedIndicator('payment_link', 'https://www.paypal.me/Spendenkanal')).toMatchObject({ ok: true, key: { type: 'payment_link' } });
    expect(normalizedIndicator('iban', 'DE89 3704 0044 0532 0130 01', 'indicator.1.')).toEqual({
      ok: false,
      error: { code: 'invalid_indicator', field: 'indicator.1.value', message: expect.stringContaining('IBAN check digits') },
    });
    expect(normalizedIndicator('messenger_handle', 't.me/spendenkanal')).toMatchObject({ ok: false, error: { field: 'type' } });
    expect(normalizedIndicator('btc', 'DE89370400440532013000')).toMatchObject({ ok: false, error: { message: 'the value is an indicator of type iban, not btc' } });
  });

  it('respects holds on its indicators, on the indicators seen with them, and on each listed post and its channel', () => {
    const keys = holdKeysOfExport([
      {
        key: { type: 'btc', value: 'b' },
        links: [{ kind: 'indicator', name: 'messenger_handle:t.me/x' }, { kind: 'channel', name: 't.me/spendenkanal' }],
        referrals: [{ url: 'https://t.me/s/spendenkanal/5' }, { url: 'not a url' }],
      },
    ]);
    expect(keys).toEqual(expect.arrayContaining([indicatorHoldKey('btc', 'b'), indicatorHoldKey('messenger_handle', 't.me/x'), 'telegram:post:spendenkanal/5', 'telegram:channel:spendenkanal']));
    expect(keys).toHaveLength(4);
  });
});

describe('uriOf', () => {
  it('writes a submitted URL as RFC 3986 does, leaving a plain one as it is', () => {
    expect(uriOf('https://t.me/s/spendenkanal/5')).toBe('https://t.me/s/spendenkanal/5');
    expect(uriOf('https://موقع.example/ملف 1?q=a|b^c#x#y')).toBe('https://xn--4gbrim.example/%D9%85%D9%84%D9%81%201?q=a%7Cb%5Ec#x%23y');
    expect(uriOf('https://example.org/100%/[x]')).toBe('https://example.org/100%25/%5Bx%5D');
    expect(uriOf('https://[::1]:8443/x')).toBe('https://[::1]:8443/x');
  });
});
