import type { ExplainedLabel } from '../../contract/responses';
import type { SanctionedIdentifier, SanctionsEntry, SanctionsListFile, SanctionsListName } from './sanctions-list';

/** Indicator types a sanctions list can name: wallets and bank accounts, not links or handles. */
export const isFinancial = (type: string): boolean => type !== 'payment_link' && type !== 'messenger_handle';

/** One indicator of a referral found on a list: which list, which version, which entry. */
export interface SanctionsMatch {
  type: string;
  value: string;
  list: SanctionsListName;
  /** The list's publication date: the version the match was made against. */
  publishedOn: string;
  entryId: string;
  entryName: string;
  programs: readonly string[];
  /** How the list names the identifier ("Digital Currency Address - XBT"). */
  listedAs: string;
}

/** One listed identifier of an entry of a list version, as a match is recorded. */
export const listedIdentifier = (file: Pick<SanctionsListFile, 'list' | 'publishedOn'>, entry: SanctionsEntry, identifier: SanctionedIdentifier): SanctionsMatch => ({
  type: identifier.type,
  value: identifier.value,
  list: file.list,
  publishedOn: file.publishedOn,
  entryId: entry.entryId,
  entryName: entry.name,
  programs: entry.programs,
  listedAs: identifier.listedAs,
});

/** What a label is keyed by on the referral, so a repeat screening (redelivery, re-import) adds it once. */
export const sanctionsMatchKey = (match: Pick<SanctionsMatch, 'list' | 'publishedOn' | 'entryId' | 'type' | 'value'>): string =>
  `${match.list}#${match.publishedOn}#${match.entryId}#${match.type}#${match.value}`;

const listTitles: Record<SanctionsListName, string> = {
  'ofac-sdn': "OFAC's SDN list",
  'eu-fsf': "the EU's consolidated financial sanctions list",
};

/**
 * The label a match puts on a referral, explainable as every label is: the rule is the list,
 * the evidence names the indicator, how and where the list names it, and the version.
 */
export const sanctionsLabel = (match: SanctionsMatch): ExplainedLabel => ({
  name: 'sanctions',
  value: `${match.list}:${match.entryId}`,
  rule: `sanctions-list-${match.list}`,
  evidence: [
    `${match.type} ${match.value}`,
    `listed as "${match.listedAs}" by ${listTitles[match.list]} published ${match.publishedOn}`,
    `entry ${match.entryId}${match.entryName ? ` ${match.entryName}` : ''}${match.programs.length > 0 ? ` (${match.programs.join(', ')})` : ''}`,
  ],
});
