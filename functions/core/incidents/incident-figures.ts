import { isRemoved, type IncidentFigures, type IncidentReferralRow, type IncidentTimelineEntry, type PlatformFigures, type RemovalTimes } from '../../contract/incident';

export { isRemoved };

/** The incident as its figures need it: when it began, and when it was declared and closed. */
export interface IncidentSpan {
  startedAt: string;
  declaredAt: string;
  closedAt?: string;
}

/**
 * Seconds from the notice reaching the platform (sent) to its removal. Only a platform's own
 * removal counts: content that vanished by itself says nothing about the platform's response.
 */
export const secondsToRemoval = (row: IncidentReferralRow): number | undefined => {
  if (row.status !== 'actioned' || row.outcome !== 'removed' || !row.sentAt || !row.closedAt) return undefined;
  const seconds = Math.round((Date.parse(row.closedAt) - Date.parse(row.sentAt)) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
};

/** Nearest-rank percentile of exact durations (no buckets: every referral is read). */
export const nearestRank = (sorted: readonly number[], p: number): number | null => {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
};

const removalTimes = (rows: readonly IncidentReferralRow[]): RemovalTimes => {
  const seconds = rows.flatMap((row) => {
    const s = secondsToRemoval(row);
    return s === undefined ? [] : [s];
  });
  seconds.sort((a, b) => a - b);
  return { removedAfterNotice: seconds.length, p50Seconds: nearestRank(seconds, 50), p90Seconds: nearestRank(seconds, 90) };
};

/** The UTC hour of an instant, as `2026-12-06T14:00Z`. */
export const hourOf = (at: string): string => `${new Date(at).toISOString().slice(0, 13)}:00Z`;

const platformFigures = (platform: string, rows: readonly IncidentReferralRow[]): PlatformFigures => ({
  platform,
  referrals: rows.length,
  reports: rows.reduce((n, row) => n + row.reportCount, 0),
  notified: rows.filter((row) => row.sentAt !== undefined).length,
  removed: rows.filter(isRemoved).length,
  stillOnline: rows.filter((row) => !isRemoved(row)).length,
  declined: rows.filter((row) => row.status === 'declined').length,
  ...removalTimes(rows),
});

const byKey = <T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
};

/**
 * The incident's figures from its tagged referrals, each counted once: reports per hour of their
 * acceptance, referrals (each a distinct piece of content, so new URLs) per hour of their first report, and per platform with what was
 * notified, removed, declined and is still online, and the time from notice to removal.
 */
export const incidentFigures = (rows: readonly IncidentReferralRow[], reportTimes: readonly string[]): IncidentFigures => {
  const referralsByHour = byKey(rows, (row) => hourOf(row.firstReportedAt));
  const reportsByHour = byKey(reportTimes, hourOf);
  const perHour = [...new Set([...referralsByHour.keys(), ...reportsByHour.keys()])].sort().map((hour) => {
    const inHour = referralsByHour.get(hour) ?? [];
    return { hour, reports: reportsByHour.get(hour)?.length ?? 0, referrals: inHour.length, notified: inHour.filter((row) => row.sentAt !== undefined).length };
  });
  const perPlatform = [...byKey(rows, (row) => row.platform)].sort(([a], [b]) => a.localeCompare(b)).map(([platform, onPlatform]) => platformFigures(platform, onPlatform));
  return { totals: platformFigures('all', rows), perHour, perPlatform };
};

/** What happened, in order: the incident's own moments and each referral's first report, notice and end. */
export const incidentTimeline = (incident: IncidentSpan, rows: readonly IncidentReferralRow[]): IncidentTimelineEntry[] => {
  const entries: IncidentTimelineEntry[] = [
    { at: incident.startedAt, event: 'incident began' },
    { at: incident.declaredAt, event: 'incident declared' },
    ...(incident.closedAt ? [{ at: incident.closedAt, event: 'incident closed' }] : []),
  ];
  for (const row of rows) {
    entries.push({ at: row.firstReportedAt, event: 'first reported', referralId: row.referralId, platform: row.platform });
    if (row.sentAt) entries.push({ at: row.sentAt, event: 'sent to the platform', referralId: row.referralId, platform: row.platform });
    if (row.closedAt) entries.push({ at: row.closedAt, event: row.status === 'actioned' ? `actioned (${row.outcome ?? 'no outcome'})` : row.status.replace('_', ' '), referralId: row.referralId, platform: row.platform });
  }
  // Ties keep a stable, meaningful order: the incident's moments before a referral's, then by referral.
  return entries.sort((a, b) => a.at.localeCompare(b.at) || (a.referralId ?? '').localeCompare(b.referralId ?? ''));
};
