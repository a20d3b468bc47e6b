import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketOf } from '../trends/histogram';
import { buildAuthorityReport, buildTrustedFlaggerReport, renderAuthorityCsv, renderAuthorityMarkdown, renderTrustedFlaggerCsv, renderTrustedFlaggerMarkdown } from './transparency-report';

const b = (seconds: number) => bucketLabel(bucketOf(seconds));

/**
 * Hand-counted fixture for eu-iru in 2026: 5 orders issued (2 with a cross-border copy),
 * 3 removed (2 within the hour: 30 and 50 minutes; 1 after: 3 hours), 1 disabled within the
 * hour (20 minutes), 1 not complied with (force majeure); 1 scrutiny request, decided with no
 * infringement; 3 complaints: 1 upheld and reinstated, 1 rejected, 1 open. Another unit's rows
 * and last year's rows must not count.
 */
const orderRows = [
  { day: '2026-02-01', value: 'eu-iru|issued', count: 3 },
  { day: '2026-06-11', value: 'eu-iru|issued', count: 2 },
  { day: '2026-02-01', value: 'eu-iru|cross-border', count: 2 },
  { day: '2026-02-01', value: 'eu-iru|removed', count: 2 },
  { day: '2026-06-11', value: 'eu-iru|removed', count: 1 },
  { day: '2026-06-11', value: 'eu-iru|disabled', count: 1 },
  { day: '2026-02-01', value: 'eu-iru|within-1h', count: 2 },
  { day: '2026-06-11', value: 'eu-iru|within-1h', count: 1 },
  { day: '2026-06-11', value: 'eu-iru|after-1h', count: 1 },
  { day: '2026-02-01', value: `eu-iru|tta|${b(30 * 60)}`, count: 1 },
  { day: '2026-02-01', value: `eu-iru|tta|${b(50 * 60)}`, count: 1 },
  { day: '2026-06-11', value: `eu-iru|tta|${b(3 * 3600)}`, count: 1 },
  { day: '2026-06-11', value: `eu-iru|tta|${b(20 * 60)}`, count: 1 },
  { day: '2026-03-09', value: 'eu-iru|not-complied|force_majeure', count: 1 },
  { day: '2026-02-02', value: 'eu-iru|scrutiny-requested', count: 1 },
  { day: '2026-02-04', value: 'eu-iru|scrutiny|no_infringement', count: 1 },
  { day: '2026-02-01', value: 'fr-pharos|issued', count: 9 },
];
const complaintRows = [
  { day: '2026-04-01', value: 'eu-iru|received', count: 3 },
  { day: '2026-04-05', value: 'eu-iru|upheld', count: 1 },
  { day: '2026-04-20', value: 'eu-iru|rejected', count: 1 },
  { day: '2026-04-05', value: 'eu-iru|decided-within-2w', count: 1 },
  { day: '2026-04-20', value: 'eu-iru|decided-late', count: 1 },
  { day: '2026-04-06', value: 'eu-iru|reinstated', count: 1 },
];

describe('authority report (Regulation (EU) 2021/784 Art. 8)', () => {
  const report = buildAuthorityReport({ unit: 'eu-iru', unitName: 'EU IRU', year: 2026, rows: { 'tco-order': orderRows, 'tco-complaint': complaintRows } });

  it('matches the hand count', () => {
    expect(report.orders).toMatchObject({ issued: 5, crossBorder: 2, removed: 3, disabled: 1, withinOneHour: 3, afterOneHour: 1 });
    expect(report.orders.notComplied).toEqual({ force_majeure: 1, de_facto_impossibility: 0, manifest_errors: 0, insufficient_information: 0 });
    expect(report.scrutiny).toEqual({ requested: 1, noInfringement: 1, infringement: 0 });
    expect(report.complaints).toEqual({ received: 3, upheld: 1, rejected: 1, reinstated: 1, decidedWithinTwoWeeks: 1, decidedLate: 1 });
    // Median of 20, 30, 50 min and 3 h: the second value (30 min), reported as its bucket's upper bound.
    expect(report.orders.medianSeconds).toBeGreaterThanOrEqual(30 * 60);
    expect(report.orders.medianSeconds).toBeLessThan(50 * 60);
  });

  it('renders Markdown and CSV with the same figures', () => {
    const markdown = renderAuthorityMarkdown(report);
    expect(markdown).toContain('| Removal orders issued | 5 |');
    expect(markdown).toContain('| Complied within one hour of receipt (Art. 3(3)) | 3 |');
    expect(markdown).toContain('| Force majeure (Art. 3(7)) | 1 |');
    const csv = renderAuthorityCsv(report).split('\r\n');
    expect(csv[0]).toBe('unit,year,section,measure,breakdown,value');
    expect(csv).toContain('eu-iru,2026,orders,issued,,5');
    expect(csv).toContain('eu-iru,2026,complaints,reinstated,,1');
  });
});

describe('trusted flagger report (DSA Art. 22(3))', () => {
  const report = buildTrustedFlaggerReport({
    unit: 'eu-iru',
    unitName: 'EU IRU',
    year: 2026,
    rows: {
      'tf-notice': [
        { day: '2026-01-03', value: 'eu-iru|x|propaganda', count: 4 },
        { day: '2026-01-04', value: 'eu-iru|x|recruitment', count: 1 },
        { day: '2026-01-04', value: 'eu-iru|telegram|propaganda', count: 2 },
        { day: '2026-01-04', value: 'fr-pharos|x|propaganda', count: 7 },
      ],
      'tf-action': [
        { day: '2026-01-05', value: 'eu-iru|x|propaganda|removed', count: 3 },
        { day: '2026-01-05', value: 'eu-iru|x|propaganda|no_violation', count: 1 },
        { day: '2026-01-05', value: 'eu-iru|telegram|propaganda|geo_blocked', count: 1 },
        { day: '2026-01-06', value: 'eu-iru|telegram|propaganda|already_gone', count: 1 },
      ],
      'tf-tta': [
        { day: '2026-01-05', value: `eu-iru|x|${b(600)}`, count: 3 },
        { day: '2026-01-05', value: `eu-iru|telegram|${b(7200)}`, count: 1 },
      ],
    },
  });

  it('counts notices per platform and type of content, with the action taken', () => {
    expect(report.rows).toEqual([
      { platform: 'telegram', category: 'propaganda', statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', notices: 2, removed: 0, geoBlocked: 1, restricted: 0, declined: 0, alreadyGone: 1 },
      { platform: 'x', category: 'propaganda', statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', notices: 4, removed: 3, geoBlocked: 0, restricted: 0, declined: 1, alreadyGone: 0 },
      { platform: 'x', category: 'recruitment', statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', notices: 1, removed: 0, geoBlocked: 0, restricted: 0, declined: 0, alreadyGone: 0 },
    ]);
    expect(report.totals).toEqual({ notices: 7, actioned: 4, declined: 1, alreadyGone: 1 });
    expect(report.platforms.find((p) => p.platform === 'x')?.medianSecondsToAction).toBeGreaterThanOrEqual(600);
  });

  it('renders Markdown and CSV', () => {
    expect(renderTrustedFlaggerMarkdown(report)).toContain('| **Total** | 7 | 4 | 1 | 1 | |');
    expect(renderTrustedFlaggerCsv(report)).toContain('eu-iru,2026,x,propaganda,STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY,4,3,0,0,1,0');
  });
});

describe('transparency CSV cells', () => {
  it('defuses a cell a spreadsheet would run as a formula', () => {
    const report = { unit: 'eu-iru', year: 2026, rows: [{ platform: '=HYPERLINK("https://evil.example")', category: 'propaganda', statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', notices: 1, removed: 1, geoBlocked: 0, restricted: 0, declined: 0, alreadyGone: 0 }] } as unknown as Parameters<typeof renderTrustedFlaggerCsv>[0];
    const csv = renderTrustedFlaggerCsv(report);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(csv.split('\r\n').some((line) => line.split(',').some((cell) => cell.startsWith('=')))).toBe(false);
  });
});
