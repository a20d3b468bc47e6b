import { csvRows } from '../csv';
import { cannotComplyReasons, type CannotComplyReason } from '../../contract/rule-of-law';
import { categories, type Category } from '../../contract/report';
import { parseBucketLabel, percentileFromBuckets } from '../trends/histogram';
import { ruleOfLawDimensions } from './counters';
import { dsaCategoryOf } from './dsa-mapping';

export interface CounterRow {
  day: string;
  value: string;
  count: number;
}

/** Counter rows per dimension, as read for one year. */
export type CounterRows = Readonly<Record<string, readonly CounterRow[]>>;

export const yearRange = (year: number): { from: string; to: string } => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** Regulation (EU) 2021/784 Art. 8(1): a competent authority's yearly transparency report. */
export interface AuthorityReport {
  kind: 'authority';
  unit: string;
  unitName: string;
  year: number;
  orders: {
    issued: number;
    /** Art. 4(1): orders whose provider is established in another Member State (copy sent). */
    crossBorder: number;
    removed: number;
    disabled: number;
    withinOneHour: number;
    afterOneHour: number;
    /** Median time from receipt to removal, as the upper bound of its histogram bucket. */
    medianSeconds: number | null;
    notComplied: Record<CannotComplyReason, number>;
  };
  scrutiny: { requested: number; noInfringement: number; infringement: number };
  complaints: { received: number; upheld: number; rejected: number; reinstated: number; decidedWithinTwoWeeks: number; decidedLate: number };
}

/** DSA Art. 22(3): a trusted flagger's yearly report of notices, by provider and type of content. */
export interface TrustedFlaggerReport {
  kind: 'trusted-flagger';
  unit: string;
  unitName: string;
  year: number;
  rows: {
    platform: string;
    category: Category;
    statementCategory: string;
    notices: number;
    removed: number;
    geoBlocked: number;
    restricted: number;
    declined: number;
    alreadyGone: number;
  }[];
  platforms: { platform: string; notices: number; actioned: number; declined: number; alreadyGone: number; medianSecondsToAction: number | null }[];
  totals: { notices: number; actioned: number; declined: number; alreadyGone: number };
}

/** Sums the rows of a unit by the value's remaining parts (the unit prefix removed). */
const sumByValue = (rows: readonly CounterRow[] | undefined, unit: string): Map<string, number> => {
  const sums = new Map<string, number>();
  const prefix = `${unit}|`;
  for (const row of rows ?? []) {
    if (!row.value.startsWith(prefix)) continue;
    const key = row.value.slice(prefix.length);
    sums.set(key, (sums.get(key) ?? 0) + row.count);
  }
  return sums;
};

export const buildAuthorityReport = (input: { unit: string; unitName: string; year: number; rows: CounterRows }): AuthorityReport => {
  const orders = sumByValue(input.rows[ruleOfLawDimensions.order], input.unit);
  const complaints = sumByValue(input.rows[ruleOfLawDimensions.complaint], input.unit);
  const get = (map: Map<string, number>, key: string) => map.get(key) ?? 0;
  const buckets = new Map<number, number>();
  for (const [key, count] of orders) {
    if (!key.startsWith('tta|')) continue;
    const bucket = parseBucketLabel(key.slice(4));
    if (bucket !== undefined) buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
  }
  return {
    kind: 'authority',
    unit: input.unit,
    unitName: input.unitName,
    year: input.year,
    orders: {
      issued: get(orders, 'issued'),
      crossBorder: get(orders, 'cross-border'),
      removed: get(orders, 'removed'),
      disabled: get(orders, 'disabled'),
      withinOneHour: get(orders, 'within-1h'),
      afterOneHour: get(orders, 'after-1h'),
      medianSeconds: percentileFromBuckets(buckets, 50) ?? null,
      notComplied: Object.fromEntries(cannotComplyReasons.map((reason) => [reason, get(orders, `not-complied|${reason}`)])) as Record<CannotComplyReason, number>,
    },
    scrutiny: { requested: get(orders, 'scrutiny-requested'), noInfringement: get(orders, 'scrutiny|no_infringement'), infringement: get(orders, 'scrutiny|infringement') },
    complaints: {
      received: get(complaints, 'received'),
      upheld: get(complaints, 'upheld'),
      rejected: get(complaints, 'rejected'),
      reinstated: get(complaints, 'reinstated'),
      decidedWithinTwoWeeks: get(complaints, 'decided-within-2w'),
      decidedLate: get(complaints, 'decided-late'),
    },
  };
};

const declinedLabels = ['no_violation', 'not_actionable'] as const;

export const buildTrustedFlaggerReport = (input: { unit: string; unitName: string; year: number; rows: CounterRows }): TrustedFlaggerReport => {
  const notices = sumByValue(input.rows[ruleOfLawDimensions.notice], input.unit);
  const actions = sumByValue(input.rows[ruleOfLawDimensions.action], input.unit);
  const tta = sumByValue(input.rows[ruleOfLawDimensions.timeToAction], input.unit);
  const cells = new Map<string, TrustedFlaggerReport['rows'][number]>();
  const cell = (platform: string, category: Category) => {
    const key = `${platform}|${category}`;
    let found = cells.get(key);
    if (!found) {
      found = { platform, category, statementCategory: dsaCategoryOf[category].statementCategory, notices: 0, removed: 0, geoBlocked: 0, restricted: 0, declined: 0, alreadyGone: 0 };
      cells.set(key, found);
    }
    return found;
  };
  const isCategory = (value: string): value is Category => (categories as readonly string[]).includes(value);
  for (const [key, count] of notices) {
    const [platform = '', category = ''] = key.split('|');
    if (isCategory(category)) cell(platform, category).notices += count;
  }
  for (const [key, count] of actions) {
    const [platform = '', category = '', label = ''] = key.split('|');
    if (!isCategory(category)) continue;
    const row = cell(platform, category);
    if (label === 'removed') row.removed += count;
    else if (label === 'geo_blocked') row.geoBlocked += count;
    else if (label === 'restricted') row.restricted += count;
    else if ((declinedLabels as readonly string[]).includes(label)) row.declined += count;
    else if (label === 'already_gone') row.alreadyGone += count;
  }
  const rows = [...cells.values()].sort((a, b) => a.platform.localeCompare(b.platform) || a.category.localeCompare(b.category));
  const bucketsOf = new Map<string, Map<number, number>>();
  for (const [key, count] of tta) {
    const [platform = '', label = ''] = key.split('|');
    const bucket = parseBucketLabel(label);
    if (bucket === undefined) continue;
    const buckets = bucketsOf.get(platform) ?? new Map<number, number>();
    bucketsOf.set(platform, buckets);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
  }
  const platformNames = [...new Set([...rows.map((r) => r.platform), ...bucketsOf.keys()])].sort();
  const platforms = platformNames.map((platform) => {
    const mine = rows.filter((r) => r.platform === platform);
    const sum = (pick: (r: TrustedFlaggerReport['rows'][number]) => number) => mine.reduce((total, r) => total + pick(r), 0);
    return {
      platform,
      notices: sum((r) => r.notices),
      actioned: sum((r) => r.removed + r.geoBlocked + r.restricted),
      declined: sum((r) => r.declined),
      alreadyGone: sum((r) => r.alreadyGone),
      medianSecondsToAction: percentileFromBuckets(bucketsOf.get(platform) ?? new Map(), 50) ?? null,
    };
  });
  const total = (pick: (p: (typeof platforms)[number]) => number) => platforms.reduce((sum, p) => sum + pick(p), 0);
  return {
    kind: 'trusted-flagger',
    unit: input.unit,
    unitName: input.unitName,
    year: input.year,
    rows,
    platforms,
    totals: { notices: total((p) => p.notices), actioned: total((p) => p.actioned), declined: total((p) => p.declined), alreadyGone: total((p) => p.alreadyGone) },
  };
};

/** "within 2 h" style: a bucket's upper bound in words. */
export const durationText = (seconds: number | null): string => {
  if (seconds === null) return 'n/a';
  if (seconds < 120) return `at most ${seconds} s`;
  if (seconds < 7_200) return `at most ${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `at most ${Math.round(seconds / 3_600)} h`;
  return `at most ${Math.round(seconds / 86_400)} days`;
};

const reasonText: Record<CannotComplyReason, string> = {
  force_majeure: 'Force majeure (Art. 3(7))',
  de_facto_impossibility: 'De facto impossibility not attributable to the provider (Art. 3(7))',
  manifest_errors: 'Manifest errors in the order (Art. 3(8))',
  insufficient_information: 'Insufficient information to execute the order (Art. 3(8))',
};

export const renderAuthorityMarkdown = (report: AuthorityReport): string => {
  const o = report.orders;
  const lines = [
    `# Transparency report ${report.year}: ${report.unitName}`,
    '',
    `Competent authority report under Article 8 of Regulation (EU) 2021/784 (addressing the dissemination of terrorist content online). Unit \`${report.unit}\`, 1 January to 31 December ${report.year} (UTC). Figures are exact counts.`,
    '',
    '## Removal orders issued (Art. 3)',
    '',
    '| Measure | Count |',
    '|---|---:|',
    `| Removal orders issued | ${o.issued} |`,
    `| of which with a copy to another Member State (Art. 4(1)) | ${o.crossBorder} |`,
    `| Content removed | ${o.removed} |`,
    `| Access disabled | ${o.disabled} |`,
    `| Complied within one hour of receipt (Art. 3(3)) | ${o.withinOneHour} |`,
    `| Complied later than one hour | ${o.afterOneHour} |`,
    `| Median time from receipt to removal | ${durationText(o.medianSeconds)} |`,
    '',
    '## Removal orders not complied with (Annex III)',
    '',
    '| Reason | Count |',
    '|---|---:|',
    ...cannotComplyReasons.map((reason) => `| ${reasonText[reason]} | ${o.notComplied[reason]} |`),
    '',
    '## Scrutiny (Art. 4)',
    '',
    '| Measure | Count |',
    '|---|---:|',
    `| Requests for scrutiny | ${report.scrutiny.requested} |`,
    `| Decisions finding no infringement | ${report.scrutiny.noInfringement} |`,
    `| Decisions finding an infringement (order ceased to have effect, Art. 4(7)) | ${report.scrutiny.infringement} |`,
    '',
    '## Complaints and reinstatement (Art. 10)',
    '',
    '| Measure | Count |',
    '|---|---:|',
    `| Complaints received | ${report.complaints.received} |`,
    `| Upheld | ${report.complaints.upheld} |`,
    `| Rejected | ${report.complaints.rejected} |`,
    `| Content reinstated | ${report.complaints.reinstated} |`,
    `| Decided within two weeks | ${report.complaints.decidedWithinTwoWeeks} |`,
    `| Decided later | ${report.complaints.decidedLate} |`,
    '',
    'Penalties (Art. 18) are imposed by the designated authority and are not recorded in Referral Desk.',
    '',
  ];
  return lines.join('\n');
};

export const renderTrustedFlaggerMarkdown = (report: TrustedFlaggerReport): string => {
  const lines = [
    `# Trusted flagger report ${report.year}: ${report.unitName}`,
    '',
    `Yearly report under Article 22(3) of Regulation (EU) 2022/2065 (Digital Services Act). Unit \`${report.unit}\`, 1 January to 31 December ${report.year} (UTC). Figures are exact counts. All notices concern terrorist content: DSA transparency database category STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY, keyword KEYWORD_TERRORIST_CONTENT.`,
    '',
    '## Notices by hosting service provider',
    '',
    '| Provider | Notices | Actioned | Declined | Already gone | Median time to action |',
    '|---|---:|---:|---:|---:|---|',
    ...report.platforms.map((p) => `| ${p.platform} | ${p.notices} | ${p.actioned} | ${p.declined} | ${p.alreadyGone} | ${durationText(p.medianSecondsToAction)} |`),
    `| **Total** | ${report.totals.notices} | ${report.totals.actioned} | ${report.totals.declined} | ${report.totals.alreadyGone} | |`,
    '',
    '## Notices by provider and type of content, with the action taken',
    '',
    '| Provider | Type of content | Notices | Removed | Disabled (geo-blocked) | Restricted | Declined | Already gone |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...report.rows.map((r) => `| ${r.platform} | ${dsaCategoryOf[r.category].label} | ${r.notices} | ${r.removed} | ${r.geoBlocked} | ${r.restricted} | ${r.declined} | ${r.alreadyGone} |`),
    '',
  ];
  return lines.join('\n');
};

const csv = (rows: (string | number | null)[][]): string => csvRows(rows);

/** One row per figure: section, measure, breakdown, value (RFC 4180). */
export const renderAuthorityCsv = (report: AuthorityReport): string => {
  const o = report.orders;
  return csv([
    ['unit', 'year', 'section', 'measure', 'breakdown', 'value'],
    ...[
      ['orders', 'issued', '', o.issued],
      ['orders', 'cross_border_copy', '', o.crossBorder],
      ['orders', 'removed', '', o.removed],
      ['orders', 'disabled', '', o.disabled],
      ['orders', 'complied_within_1h', '', o.withinOneHour],
      ['orders', 'complied_after_1h', '', o.afterOneHour],
      ['orders', 'median_seconds_to_removal', '', o.medianSeconds],
      ...cannotComplyReasons.map((reason) => ['orders', 'not_complied', reason, o.notComplied[reason]]),
      ['scrutiny', 'requested', '', report.scrutiny.requested],
      ['scrutiny', 'decided', 'no_infringement', report.scrutiny.noInfringement],
      ['scrutiny', 'decided', 'infringement', report.scrutiny.infringement],
      ['complaints', 'received', '', report.complaints.received],
      ['complaints', 'upheld', '', report.complaints.upheld],
      ['complaints', 'rejected', '', report.complaints.rejected],
      ['complaints', 'reinstated', '', report.complaints.reinstated],
      ['complaints', 'decided_within_2_weeks', '', report.complaints.decidedWithinTwoWeeks],
      ['complaints', 'decided_late', '', report.complaints.decidedLate],
    ].map((row) => [report.unit, report.year, ...row] as (string | number | null)[]),
  ]);
};

export const renderTrustedFlaggerCsv = (report: TrustedFlaggerReport): string =>
  csv([
    ['unit', 'year', 'platform', 'category', 'dsa_statement_category', 'notices', 'removed', 'geo_blocked', 'restricted', 'declined', 'already_gone'],
    ...report.rows.map((r) => [report.unit, report.year, r.platform, r.category, r.statementCategory, r.notices, r.removed, r.geoBlocked, r.restricted, r.declined, r.alreadyGone]),
  ]);

