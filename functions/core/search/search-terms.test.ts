import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { referralIdFor } from '../referral-id';
import { searchTermsOf } from './search-terms';

const referralOf = (url: string): string => {
  const canonical = canonicalizeUrl(url);
  if (!canonical.ok) throw new Error(canonical.error.message);
  return referralIdFor(canonical.value.contentKey);
};

describe('searchTermsOf', () => {
  it('reads defanged, schemeless and other forms of a URL as the referral of its content', () => {
    const expected = referralOf('https://t.me/s/chan_name/12');
    for (const q of ['hxxps://t[.]me/chan_name/12', 't.me/s/chan_name/12', ' https://t.me/chan_name/12?single ']) {
      expect(searchTermsOf(q).url?.referralId, q).toBe(expected);
    }
  });

  it('reads a referral id as itself and not as a URL', () => {
    const id = 'ref_0123456789abcdef01234567';
    expect(searchTermsOf(id)).toEqual({ referralIds: [id], indicators: [] });
  });

  it('normalizes indicator values as the extractor does for reports', () => {
    expect(searchTermsOf('DE89 3704 0044 0532 0130 00').indicators).toEqual([{ type: 'iban', value: 'DE89370400440532013000' }]);
    expect(searchTermsOf('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4').indicators).toEqual([{ type: 'btc', value: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' }]);
  });

  it('names nothing for text that is none of these', () => {
    expect(searchTermsOf('not a url, id or wallet')).toEqual({ referralIds: [], indicators: [] });
  });
});
