import { describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentReferralRow } from '../../contract/incident';
import { debriefDocument, exactDuration, renderDebriefMarkdown } from './debrief';
import { incidentFigures, incidentTimeline } from './incident-figures';

const rows: IncidentReferralRow[] = [
  {
    referralId: 'ref_a',
    url: 'https://t.me/s/attack/1?x=a|b',
    platform: 'telegram',
    priority: 'P2',
    status: 'actioned',
    outcome: 'removed',
    reportCount: 2,
    firstReportedAt: '2026-12-06T14:05:00.000Z',
    sentAt: '2026-12-06T14:10:00.000Z',
    closedAt: '2026-12-06T15:12:05.000Z',
  },
  { referralId: 'ref_b', url: 'https://youtu.be/abc', platform: 'youtube', priority: 'P2', status: 'new', reportCount: 1, firstReportedAt: '2026-12-06T15:30:00.000Z' },
];
const incident = {
  incidentId: '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c',
  name: 'Attack on the station',
  startedAt: '2026-12-06T14:00:00.000Z',
  status: 'closed' as const,
  declaredAt: '2026-12-06T14:03:00.000Z',
  declaredBy: '(another unit)',
  declaredByUnit: 'eu-iru',
  seeds: { urls: [], handles: ['@attack'], terms: [], contentHashes: [], pdqHashes: [] },
  closedAt: '2026-12-07T10:00:00.000Z',
};
const detail: IncidentDetail = { incident, figures: incidentFigures(rows, ['2026-12-06T14:05:00.000Z', '2026-12-06T14:40:00.000Z', '2026-12-06T15:30:00.000Z']), timeline: incidentTimeline(incident, rows), referrals: rows, referralsNotShown: 0 };

describe('the debrief', () => {
  it('prints totals, per-platform outcomes, the timeline and every referral counted', () => {
    const markdown = renderDebriefMarkdown(detail, '2026-12-07T11:00:00.000Z');
    expect(markdown).toContain('# Debrief: Attack on the station');
    expect(markdown).toContain('closed 2026-12-07 10:00:00 UTC');
    expect(markdown).toContain('- Referrals (distinct URLs): 2, from 3 reports');
    expect(markdown).toContain('- Removed: 1; declined: 0; still online: 1');
    expect(markdown).toContain('| telegram | 1 | 2 | 1 | 1 | 0 | 0 | 1 h 2 min 5 s | 1 h 2 min 5 s |');
    expect(markdown).toContain('| youtube | 1 | 1 | 0 | 0 | 0 | 1 | n/a | n/a |');
    expect(markdown).toContain('- 2026-12-06 15:12:05 UTC: actioned (removed) (ref_a, telegram)');
    expect(markdown).toContain('| 2026-12-06T14:00Z | 2 | 1 | 1 |');
    // A pipe in a URL stays inside its cell.
    expect(markdown).toContain('https://t.me/s/attack/1?x=a\\|b');
    expect(markdown).not.toContain('(another unit)');
  });

  it('says an open incident is interim, and counts what it does not list', () => {
    const open = { ...detail, incident: { ...incident, status: 'open' as const, closedAt: undefined }, referrals: rows.slice(1), referralsNotShown: 1 };
    const markdown = renderDebriefMarkdown(open, '2026-12-07T11:00:00.000Z');
    expect(markdown).toContain('still open: an interim debrief');
    expect(markdown).toContain('1 referrals of platforms you do not work are counted above and not listed.');
  });

  it('is the same content as a printable document', () => {
    const document = debriefDocument(detail, '2026-12-07T11:00:00.000Z');
    expect(document.sections.map((section) => section.heading)).toEqual(['Totals', 'Per platform', 'Per hour (UTC)', 'Timeline', 'Referrals']);
    expect(document.sections[1]?.rows[0]).toEqual(['telegram', expect.stringContaining('removal p50 1 h 2 min 5 s')]);
    // A referral's moments are printed once, in its own line, not again in the timeline.
    expect(document.sections[3]?.paragraphs.some((line) => line.includes('ref_a'))).toBe(false);
    expect(document.sections[4]?.paragraphs[0]).toBe(
      'ref_a: telegram; actioned (removed); first reported 2026-12-06 14:05:00 UTC; sent 2026-12-06 14:10:00 UTC; closed 2026-12-06 15:12:05 UTC; notice to removal 1 h 2 min 5 s; https://t.me/s/attack/1?x=a|b',
    );
  });

  it('writes durations exactly', () => {
    expect([exactDuration(0), exactDuration(59), exactDuration(3_600), exactDuration(90_061), exactDuration(null)]).toEqual(['0 s', '59 s', '1 h', '1 d 1 h 1 min 1 s', 'n/a']);
  });
});
