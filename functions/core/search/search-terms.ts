import { assumeHttps } from '../../contract/http-url';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { refangUrl } from '../import/refang';
import { extractIndicators, type IndicatorType } from '../indicators/extract-indicators';
import { isReferralId, referralIdFor } from '../referral-id';

/**
 * The keys one search text names, each a direct read of the table (no scan): a referral id as
 * typed; the referral of the URL's content key (a referral's id is derived from it), after
 * undoing the analysts' defanging and assuming https:// as the report form does; and every
 * indicator the extractor finds in the text, normalized as it is when a report is processed
 * (so an IBAN with spaces or a wallet in upper case names the stored indicator item).
 */
export interface SearchTerms {
  referralIds: string[];
  url?: { canonicalUrl: string; referralId: string };
  indicators: { type: IndicatorType; value: string }[];
}

/** A search reads a handful of partitions at most. */
const maxIndicatorTerms = 5;

export const searchTermsOf = (text: string): SearchTerms => {
  const q = text.trim();
  const referralIds = isReferralId(q) ? [q] : [];
  const { url } = assumeHttps(refangUrl(q) ?? q);
  const canonical = referralIds.length === 0 && !/\s/.test(url) ? canonicalizeUrl(url) : undefined;
  const indicators = extractIndicators(q, { maxIndicators: maxIndicatorTerms }).map(({ type, value }) => ({ type, value }));
  return {
    referralIds,
    ...(canonical?.ok ? { url: { canonicalUrl: canonical.value.canonicalUrl, referralId: referralIdFor(canonical.value.contentKey) } } : {}),
    indicators,
  };
};
