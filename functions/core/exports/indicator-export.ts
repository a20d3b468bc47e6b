import { exportableIndicatorType, type ExportableIndicatorType } from '../../contract/indicator-export';
import type { DossierReferral, DossierSummary } from '../../contract/financial';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { holdKeysOfContent, holdKeysOfIndicators } from '../holds/operational-hold';
import { readManualIndicator } from '../indicators/manual-indicator';
import type { SanctionsMatch } from '../sanctions/screening';

/**
 * What an export of indicator dossiers hands to a partner, whatever the format: the indicators,
 * the referred content each was found in, and which of them were seen together. Built from the
 * dossiers, which carry no officer and no note; the units that reported and the designated groups
 * the classifier suggested stay home too (who investigates, and our own assessment, are not facts
 * about the indicator).
 */
export interface IndicatorExport {
  /** The unit that exports: the producer of every object in the file. */
  unit: string;
  exportedAt: string;
  indicators: ExportedIndicator[];
  /** Pairs of exported indicators seen in the same referral, with how many referrals. */
  coOccurrences: { a: ExportedIndicatorKey; b: ExportedIndicatorKey; referrals: number }[];
}

export interface ExportedIndicatorKey {
  type: ExportableIndicatorType;
  value: string;
}

export interface ExportedIndicator extends ExportedIndicatorKey {
  /** Referrals in the dossier, all of them (the file may list fewer: `referrals`). */
  referralCount: number;
  firstSeen?: string;
  lastSeen?: string;
  categories: string[];
  platforms: string[];
  /** The newest referrals the caller may see, at most the export's limit. */
  referrals: ExportedReferral[];
  sanctions: ExportedListing[];
}

export interface ExportedReferral {
  referralId: string;
  platform: string;
  url: string;
  category: string;
  firstReportedAt: string;
  /** Where on the content the indicator was found (`page`, `qr`, ...). */
  foundIn?: string;
  /** The content's own text around the indicator. */
  excerpt?: string;
}

export interface ExportedListing {
  list: string;
  publishedOn: string;
  entryId: string;
  entryName: string;
}

/**
 * Excerpts quoted from the content itself. A value typed by the officer (`manual`) has no
 * content around it, and a source added later is left out until it is listed here.
 */
const contentSources = new Set(['title', 'selection', 'page', 'qr']);

/** Characters RFC 3986 allows outside the authority, `%` only as the start of an escape. */
const notInUri = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/g;

/**
 * A URL as RFC 3986 writes it. Referrals keep the URL as the officer submitted it (spaces, Arabic
 * paths, `|`); partners' tools and the STIX `url` observable take a URI: the WHATWG serialization
 * (punycode host, UTF-8 escapes), then an escape for each ASCII character it leaves that RFC 3986
 * does not allow.
 */
export const uriOf = (url: string): string => {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return url;
  }
  // The authority stays as serialized: an IPv6 host keeps its brackets.
  const pathStart = href.indexOf('/', href.indexOf('//') + 2);
  if (pathStart < 0) return href;
  const escape = (text: string) => text.replace(notInUri, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const rest = href.slice(pathStart);
  // Only the first `#` starts the fragment; one inside it is escaped.
  const hash = rest.indexOf('#');
  return href.slice(0, pathStart) + (hash < 0 ? escape(rest) : `${escape(rest.slice(0, hash))}#${escape(rest.slice(hash + 1)).replace(/#/g, '%23')}`);
};

export const exportedReferralOf = (referral: DossierReferral): ExportedReferral => {
  const quoted = referral.source !== undefined && contentSources.has(referral.source);
  return {
    referralId: referral.referralId,
    platform: referral.platform,
    url: uriOf(referral.url),
    category: referral.category,
    firstReportedAt: referral.firstReportedAt,
    ...(referral.source ? { foundIn: referral.source } : {}),
    ...(quoted && referral.evidence ? { excerpt: referral.evidence } : {}),
  };
};

export const exportedIndicatorOf = (
  key: ExportedIndicatorKey,
  summary: Pick<DossierSummary, 'referrals' | 'firstSeen' | 'lastSeen' | 'categories' | 'platforms'>,
  referrals: readonly DossierReferral[],
  listings: readonly SanctionsMatch[],
): ExportedIndicator => ({
  type: key.type,
  value: key.value,
  referralCount: summary.referrals,
  ...(summary.firstSeen ? { firstSeen: summary.firstSeen } : {}),
  ...(summary.lastSeen ? { lastSeen: summary.lastSeen } : {}),
  categories: [...summary.categories],
  platforms: [...summary.platforms],
  referrals: referrals.map(exportedReferralOf),
  sanctions: listings
    .filter((listing) => listing.type === key.type && listing.value === key.value)
    .map((listing) => ({ list: listing.list, publishedOn: listing.publishedOn, entryId: listing.entryId, entryName: listing.entryName })),
});

export const indicatorKeyName = (key: ExportedIndicatorKey): string => `${key.type}:${key.value}`;

/**
 * The co-occurrences among the exported indicators, from each dossier's `indicator` links
 * (`<type>:<value>`, counted per referral), each pair once.
 */
export const coOccurrencesOf = (
  dossiers: readonly { key: ExportedIndicatorKey; links: readonly { kind: string; name: string; referrals: number }[] }[],
): IndicatorExport['coOccurrences'] => {
  const exported = new Map(dossiers.map((dossier) => [indicatorKeyName(dossier.key), dossier.key]));
  const pairs = new Map<string, IndicatorExport['coOccurrences'][number]>();
  for (const { key, links } of dossiers) {
    for (const link of links) {
      const other = exported.get(link.name);
      if (link.kind !== 'indicator' || !other || link.name === indicatorKeyName(key)) continue;
      const [a, b] = [key, other].sort((x, y) => indicatorKeyName(x).localeCompare(indicatorKeyName(y))) as [ExportedIndicatorKey, ExportedIndicatorKey];
      const id = `${indicatorKeyName(a)} ${indicatorKeyName(b)}`;
      pairs.set(id, { a, b, referrals: Math.max(pairs.get(id)?.referrals ?? 0, link.referrals) });
    }
  }
  return [...pairs.values()];
};

/** What each kind of indicator is, in the words partners use. */
export const indicatorKinds: Record<ExportableIndicatorType, { label: string; currency?: string }> = {
  btc: { label: 'Bitcoin address', currency: 'BTC' },
  eth: { label: 'Ethereum address', currency: 'ETH' },
  trx: { label: 'Tron address', currency: 'TRX' },
  ltc: { label: 'Litecoin address', currency: 'LTC' },
  doge: { label: 'Dogecoin address', currency: 'DOGE' },
  xmr: { label: 'Monero address', currency: 'XMR' },
  iban: { label: 'IBAN' },
  payment_link: { label: 'payment link' },
};

/** Payment links are stored without a scheme (`paypal.me/name`); partners' tools expect a URL. */
export const paymentLinkUrl = (value: string): string => uriOf(/^https?:\/\//.test(value) ? value : `https://${value}`);

/** One line on how the indicator was seen, for an event's or an indicator's description. */
export const seenSummary = (indicator: ExportedIndicator): string => {
  const span = indicator.firstSeen && indicator.lastSeen ? ` between ${indicator.firstSeen.slice(0, 10)} and ${indicator.lastSeen.slice(0, 10)}` : '';
  const listed = indicator.sanctions.map((listing) => `; listed on ${listing.list} (${listing.publishedOn}) entry ${listing.entryId} ${listing.entryName}`).join('');
  const shown = indicator.referrals.length < indicator.referralCount ? ` (the newest ${indicator.referrals.length} listed)` : '';
  return `${indicatorKinds[indicator.type].label} seen in ${indicator.referralCount} referral(s) of terrorist content${span}${shown}; categories: ${indicator.categories.join(', ') || 'none'}${listed}`;
};

export type NormalizedIndicator = { ok: true; key: ExportedIndicatorKey } | { ok: false; error: { code: 'invalid_indicator'; field: string; message: string } };

/**
 * An indicator as the caller wrote it, read as the extractors read it (the same checksums and
 * normalization as a typed indicator), so `DE89 3704 …` finds the dossier of `DE89370400440532013000`
 * and a typo is named rather than answered with "no dossier".
 */
export const normalizedIndicator = (type: string, value: string, fieldPrefix = ''): NormalizedIndicator => {
  const refuse = (field: string, message: string): NormalizedIndicator => ({ ok: false, error: { code: 'invalid_indicator', field: `${fieldPrefix}${field}`, message } });
  const exportable = exportableIndicatorType.safeParse(type);
  if (!exportable.success) return refuse('type', `only financial indicators have a dossier to export: ${exportableIndicatorType.options.join(', ')}`);
  const read = readManualIndicator(value);
  if (!read.ok) return refuse('value', read.error.message);
  if (read.indicator.type !== exportable.data) return refuse('value', `the value is an indicator of type ${read.indicator.type}, not ${exportable.data}`);
  return { ok: true, key: { type: exportable.data, value: read.indicator.value } };
};

/**
 * The keys of every operational hold an export must respect: its indicators; the indicators seen
 * with them (a listed post's excerpt may quote one); and each post it lists, with its channel.
 */
export const holdKeysOfExport = (
  dossiers: readonly { key: ExportedIndicatorKey; links: readonly { kind: string; name: string }[]; referrals: readonly Pick<DossierReferral, 'url'>[] }[],
): string[] => {
  const indicators = dossiers.flatMap(({ key, links }) => [
    key,
    ...links
      .filter((link) => link.kind === 'indicator')
      .map((link) => {
        const split = link.name.indexOf(':');
        return { type: link.name.slice(0, split), value: link.name.slice(split + 1) };
      }),
  ]);
  const posts = dossiers.flatMap(({ referrals }) =>
    referrals.flatMap((referral) => {
      const canonical = canonicalizeUrl(referral.url);
      return canonical.ok ? holdKeysOfContent(canonical.value.contentKey) : [];
    }),
  );
  return [...new Set([...holdKeysOfIndicators(indicators), ...posts])];
};
