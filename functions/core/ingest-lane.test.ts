import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categories, legalRoutes } from '../contract/report';
import { classifyReport } from './classification/classify-report';
import { attackTerms, categoryLexicon, imminenceMarkers } from './classification/lexicons';
import { ingestLaneFor } from './ingest-lane';

const words = [
  ...Object.values(attackTerms).flat(),
  ...Object.values(imminenceMarkers).flat(),
  ...categoryLexicon.map((entry) => entry.term),
  '17:00',
  '2025-06-02',
  'the',
  'market',
  'brothers',
  'weather',
  'قريبا',
];

describe('ingestLaneFor', () => {
  it("sends the officer's threat-to-life flag to the urgent lane", () => {
    expect(ingestLaneFor({ urgent: true })).toBe('urgent');
  });

  it('sends a time marker near an attack term to the urgent lane, whatever the category', () => {
    expect(ingestLaneFor({ urgent: false, selectedText: 'Brothers, the attack on the market is tomorrow at 17:00.' })).toBe('urgent');
    expect(ingestLaneFor({ urgent: false, title: 'Anschlag morgen' })).toBe('urgent');
  });

  it('leaves propaganda and recruitment without a time marker in the ingest lane', () => {
    expect(ingestLaneFor({ urgent: false, title: 'Join the caravan', selectedText: 'Make hijra to the land of the caliphate' })).toBe('ingest');
    expect(ingestLaneFor({ urgent: false })).toBe('ingest');
  });

  // The lane is only worth having if no threat to life can miss it: every report the process
  // stage classifies as P1 must have waited in the urgent lane.
  it('never leaves a report that classification makes P1 in the ingest lane', () => {
    let threatsInText = 0;
    const text = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(
        fc.record({
          category: fc.constantFrom(...categories),
          legalRoute: fc.constantFrom(...legalRoutes),
          urgent: fc.boolean(),
          title: fc.option(text, { nil: undefined }),
          selectedText: fc.option(text, { nil: undefined }),
        }),
        (report) => {
          const { priority } = classifyReport({
            report: { ...report, subTags: [] },
            platform: { id: 'telegram', rule: 'host-table', evidence: 'host t.me', referralDeadlineHours: 24 },
            indicators: [],
            receivedAt: '2025-06-01T12:00:00Z',
          });
          if (priority !== 'P1') return;
          if (!report.urgent) threatsInText += 1;
          expect(ingestLaneFor(report)).toBe('urgent');
        },
      ),
      { numRuns: 600 },
    );
    // The property is checked on P1 reports the officer did not flag, not only on the flag.
    expect(threatsInText).toBeGreaterThan(20);
  });
});
