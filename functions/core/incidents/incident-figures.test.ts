import { describe, expect, it } from 'vitest';
import type { IncidentReferralRow } from '../../contract/incident';
import { hourOf, incidentFigures, incidentTimeline, isRemoved, nearestRank, secondsToRemoval } from './incident-figures';

const row = (referralId: string, over: Partial<IncidentReferralRow>): IncidentReferralRow => ({
  referralId,
  url: `https://example.org/${referralId}`,
  platform: 'youtube',
  priority: 'P2',
  status: 'new',
  reportCount: 1,
  firstReportedAt: '2026-12-06T14:05:00.000Z',
  ...over,
});

/** A hand-counted attack day: three YouTube videos, two X posts, one Telegram post. */
const fixture: IncidentReferralRow[] = [
  row('ref_yt1', { status: 'actioned', outcome: 'removed', sentAt: '2026-12-06T14:10:00.000Z', closedAt: '2026-12-06T14:20:00.000Z', reportCount: 3 }),
  row('ref_yt2', { status: 'actioned', outcome: 'removed', sentAt: '2026-12-06T14:10:00.000Z', closedAt: '2026-12-06T15:10:00.000Z', firstReportedAt: '2026-12-06T14:59:59.999Z' }),
  row('ref_yt3', { status: 'actioned', outcome: 'geo_blocked', sentAt: '2026-12-06T15:10:00.000Z', closedAt: '2026-12-06T15:30:00.000Z', firstReportedAt: '2026-12-06T15:00:00.000Z' }),
  row('ref_x1', { platform: 'x', status: 'sent', sentAt: '2026-12-06T15:10:00.000Z', firstReportedAt: '2026-12-06T15:01:00.000Z', reportCount: 2 }),
  row('ref_x2', { platform: 'x', status: 'declined', outcome: 'not_actionable', sentAt: '2026-12-06T15:10:00.000Z', closedAt: '2026-12-06T16:00:00.000Z', firstReportedAt: '2026-12-06T15:02:00.000Z' }),
  row('ref_tg1', { platform: 'telegram', status: 'already_gone', closedAt: '2026-12-06T16:00:00.000Z', firstReportedAt: '2026-12-06T16:30:00.000Z' }),
];

/** When each of the fixture's nine reports was accepted (ref_yt1 three times, ref_x1 twice). */
const reportTimes = ['05', '30'].map((m) => `2026-12-06T14:${m}:00.000Z`).concat([
  '2026-12-06T15:20:00.000Z',
  '2026-12-06T14:59:59.999Z',
  '2026-12-06T15:00:00.000Z',
  '2026-12-06T15:01:00.000Z',
  '2026-12-06T16:10:00.000Z',
  '2026-12-06T15:02:00.000Z',
  '2026-12-06T16:30:00.000Z',
]);

describe('incident figures', () => {
  it('equal the hand count: per hour of first report, per platform, and in total', () => {
    const figures = incidentFigures(fixture, reportTimes);
    expect(figures.perHour).toEqual([
      { hour: '2026-12-06T14:00Z', reports: 3, referrals: 2, notified: 2 },
      { hour: '2026-12-06T15:00Z', reports: 4, referrals: 3, notified: 3 },
      { hour: '2026-12-06T16:00Z', reports: 2, referrals: 1, notified: 0 },
    ]);
    expect(figures.perPlatform.map((p) => p.platform)).toEqual(['telegram', 'x', 'youtube']);
    expect(figures.perPlatform.find((p) => p.platform === 'youtube')).toEqual({
      platform: 'youtube',
      referrals: 3,
      reports: 5,
      notified: 3,
      removed: 2,
      stillOnline: 1,
      declined: 0,
      removedAfterNotice: 2,
      p50Seconds: 600,
      p90Seconds: 3_600,
    });
    expect(figures.perPlatform.find((p) => p.platform === 'x')).toMatchObject({ referrals: 2, notified: 2, removed: 0, stillOnline: 2, declined: 1, p50Seconds: null });
    // Gone by itself: removed, but no time to removal is credited to the platform.
    expect(figures.perPlatform.find((p) => p.platform === 'telegram')).toMatchObject({ removed: 1, stillOnline: 0, removedAfterNotice: 0, p90Seconds: null });
    expect(figures.totals).toMatchObject({ platform: 'all', referrals: 6, reports: 9, notified: 5, removed: 3, stillOnline: 3, declined: 1, removedAfterNotice: 2 });
  });

  it('count an hour with reports and no new referral', () => {
    expect(incidentFigures(fixture.slice(0, 1), ['2026-12-06T14:05:00.000Z', '2026-12-06T18:00:00.000Z']).perHour).toEqual([
      { hour: '2026-12-06T14:00Z', reports: 1, referrals: 1, notified: 1 },
      { hour: '2026-12-06T18:00Z', reports: 1, referrals: 0, notified: 0 },
    ]);
  });

  it('of no referral are zeros and no percentile', () => {
    expect(incidentFigures([], [])).toEqual({
      totals: { platform: 'all', referrals: 0, reports: 0, notified: 0, removed: 0, stillOnline: 0, declined: 0, removedAfterNotice: 0, p50Seconds: null, p90Seconds: null },
      perHour: [],
      perPlatform: [],
    });
  });

  it('count a geo-block, a restriction and a decline as still online', () => {
    expect(isRemoved({ status: 'actioned', outcome: 'geo_blocked' })).toBe(false);
    expect(isRemoved({ status: 'actioned', outcome: 'restricted' })).toBe(false);
    expect(isRemoved({ status: 'declined', outcome: 'no_violation' })).toBe(false);
    expect(isRemoved({ status: 'actioned', outcome: 'removed' })).toBe(true);
    expect(isRemoved({ status: 'already_gone' })).toBe(true);
  });

  it('time removal from the notice, and ignore a removal without a notice or before it', () => {
    expect(secondsToRemoval(row('a', { status: 'actioned', outcome: 'removed', sentAt: '2026-12-06T14:00:00Z', closedAt: '2026-12-06T14:00:30Z' }))).toBe(30);
    expect(secondsToRemoval(row('b', { status: 'actioned', outcome: 'removed', closedAt: '2026-12-06T14:00:30Z' }))).toBeUndefined();
    expect(secondsToRemoval(row('c', { status: 'actioned', outcome: 'removed', sentAt: '2026-12-06T15:00:00Z', closedAt: '2026-12-06T14:00:30Z' }))).toBeUndefined();
  });

  it('take percentiles by nearest rank', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([nearestRank(ten, 50), nearestRank(ten, 90), nearestRank(ten, 100), nearestRank([7], 90), nearestRank([], 50)]).toEqual([5, 9, 10, 7, null]);
    expect(hourOf('2026-12-06T23:59:59.999Z')).toBe('2026-12-06T23:00Z');
  });
});

describe('incident timeline', () => {
  it('orders the incident and its referrals, each event once', () => {
    const timeline = incidentTimeline({ startedAt: '2026-12-06T14:00:00.000Z', declaredAt: '2026-12-06T14:04:00.000Z', closedAt: '2026-12-06T17:00:00.000Z' }, fixture.slice(0, 1));
    expect(timeline).toEqual([
      { at: '2026-12-06T14:00:00.000Z', event: 'incident began' },
      { at: '2026-12-06T14:04:00.000Z', event: 'incident declared' },
      { at: '2026-12-06T14:05:00.000Z', event: 'first reported', referralId: 'ref_yt1', platform: 'youtube' },
      { at: '2026-12-06T14:10:00.000Z', event: 'sent to the platform', referralId: 'ref_yt1', platform: 'youtube' },
      { at: '2026-12-06T14:20:00.000Z', event: 'actioned (removed)', referralId: 'ref_yt1', platform: 'youtube' },
      { at: '2026-12-06T17:00:00.000Z', event: 'incident closed' },
    ]);
    expect(incidentTimeline({ startedAt: 'a', declaredAt: 'b' }, [fixture[5] as IncidentReferralRow]).map((e) => e.event)).toContain('already gone');
  });
});
