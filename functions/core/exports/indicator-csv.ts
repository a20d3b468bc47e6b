import { csvLine } from '../csv';
import type { ExportedIndicator, IndicatorExport } from './indicator-export';

/** Columns of the CSV export: one row per indicator and referral, the indicator's dossier repeated. */
export const indicatorCsvColumns = [
  'indicator_type',
  'indicator_value',
  'first_seen',
  'last_seen',
  'referral_count',
  'sanctions',
  'referral_id',
  'platform',
  'url',
  'category',
  'first_reported_at',
  'found_in',
  'excerpt',
] as const;

const listingsOf = (indicator: ExportedIndicator): string =>
  indicator.sanctions.map((listing) => `${listing.list} ${listing.publishedOn} ${listing.entryId} ${listing.entryName}`).join('; ');

/**
 * The export as a spreadsheet. Every cell goes through csvCell: values, URLs and excerpts come
 * from content we do not control, and a cell starting with = + - @ would run as a formula.
 * An indicator none of whose referrals the caller may list still has its row.
 */
export const buildIndicatorCsv = (file: IndicatorExport): string =>
  csvLine(indicatorCsvColumns) +
  file.indicators
    .flatMap((indicator) => {
      const dossier = [indicator.type, indicator.value, indicator.firstSeen, indicator.lastSeen, indicator.referralCount, listingsOf(indicator)];
      if (indicator.referrals.length === 0) return [csvLine([...dossier, ...Array<undefined>(indicatorCsvColumns.length - dossier.length)])];
      return indicator.referrals.map((referral) =>
        csvLine([...dossier, referral.referralId, referral.platform, referral.url, referral.category, referral.firstReportedAt, referral.foundIn, referral.excerpt]),
      );
    })
    .join('');
