import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportableIndicatorTypes } from '../../contract/indicator-export';
import type { DossierReferral } from '../../contract/financial';
import { mispProblems, stixProblems } from '../../../tests/helpers/export-validators';
import { buildIndicatorCsv, indicatorCsvColumns } from './indicator-csv';
import { coOccurrencesOf, exportedIndicatorOf, indicatorKeyName, type IndicatorExport } from './indicator-export';
import { buildMispEvent } from './misp-event';
import { buildStixBundle } from './stix-bundle';

/** Text as hostile content brings it: quotes, backslashes, formulas, right-to-left marks, emoji. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom("=HYPERLINK('x')", '+1', '-2', '@SUM(A1)', '\tx', '\rx', "it's \\ 'quoted'", '\u202eevil', '"; DROP', ' =1'),
);
const isoBetween = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
const submittedUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.webUrl(), fc.string({ unit: 'grapheme', maxLength: 20 })).map(([url, tail]) => `${url}/${tail}`),
  fc.constantFrom('https://موقع.example/ملف 1?q=a|b^c#x#y', 'https://example.org/100%/[x]', 'https://t.me/s/chan/5'),
);

const referral = fc.record({
  referralId: fc.stringMatching(/^ref_[0-9a-f]{24}$/),
  platform: hostileText,
  url: submittedUrl,
  channel: hostileText,
  category: fc.constantFrom('fundraising', 'propaganda', 'recruitment'),
  priority: fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const),
  groups: fc.array(hostileText, { maxLength: 2 }),
  units: fc.array(hostileText, { maxLength: 2 }),
  firstReportedAt: isoBetween,
  source: fc.option(fc.constantFrom('title', 'selection', 'page', 'qr', 'manual'), { nil: undefined }),
  evidence: fc.option(hostileText, { nil: undefined }),
}).map((r): DossierReferral => Object.fromEntries(Object.entries(r).filter(([, value]) => value !== undefined)) as DossierReferral);

const dossier = fc.record({
  key: fc.record({ type: fc.constantFrom(...exportableIndicatorTypes), value: fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom("o'brien\\", 'paypal.me/x y')) }),
  seen: fc.tuple(isoBetween, isoBetween).map(([a, b]) => (a < b ? [a, b] : [b, a])),
  referrals: fc.uniqueArray(referral, { maxLength: 5, selector: (r) => r.referralId }),
  referralCount: fc.integer({ min: 1, max: 10_000 }),
});

const exportFile = fc.record({
  unit: fc.stringMatching(/^[a-z]{2}-[a-z]{2,8}$/),
  exportedAt: isoBetween,
  dossiers: fc.uniqueArray(dossier, { minLength: 1, maxLength: 4, selector: (d) => indicatorKeyName(d.key) }),
}).map(({ unit, exportedAt, dossiers }): IndicatorExport => ({
  unit,
  // An export is made after what it lists was seen.
  exportedAt: new Date(Date.parse(exportedAt) + 86_400_000 * 365 * 3).toISOString(),
  indicators: dossiers.map((d) => exportedIndicatorOf(d.key, { referrals: d.referralCount, firstSeen: d.seen[0], lastSeen: d.seen[1], categories: ['fundraising'], platforms: ['telegram'] }, d.referrals, [])),
  // Every pair related, with the names as the dossier links write them.
  coOccurrences: coOccurrencesOf(dossiers.map((d) => ({ key: d.key, links: dossiers.map((other) => ({ kind: 'indicator', name: indicatorKeyName(other.key), referrals: 1 })) }))),
}));

describe('the files handed to partners, whatever the content', () => {
  it('are a MISP event and a STIX 2.1 bundle that validate, and a CSV with no formula cell', () => {
    fc.assert(
      fc.property(exportFile, (file) => {
        expect(stixProblems(buildStixBundle(file))).toEqual([]);
        expect(mispProblems(buildMispEvent(file))).toEqual([]);
        const rows = parse(buildIndicatorCsv(file), { relax_column_count: false }) as string[][];
        expect(rows[0]).toEqual([...indicatorCsvColumns]);
        for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/);
      }),
      { numRuns: 50 },
    );
  });
});
