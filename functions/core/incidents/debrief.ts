import type { IncidentDetail, PlatformFigures } from '../../contract/incident';
import type { OrderDocument } from '../rule-of-law/removal-order-document';
import { secondsToRemoval } from './incident-figures';

/** An exact duration in words: "1 h 2 min 5 s" (the percentiles are exact, so no "at most"). */
export const exactDuration = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined) return 'n/a';
  const parts: string[] = [];
  const [d, h, m, s] = [Math.floor(seconds / 86_400), Math.floor((seconds % 86_400) / 3_600), Math.floor((seconds % 3_600) / 60), seconds % 60];
  if (d > 0) parts.push(`${d} d`);
  if (h > 0) parts.push(`${h} h`);
  if (m > 0) parts.push(`${m} min`);
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
};

const utc = (iso: string | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '');

/** Markdown cell text: a pipe or a line break in a URL or a name must not break the table. */
const cell = (value: string | number): string => String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

const table = (head: string[], rows: (string | number)[][]): string[] => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];

const platformRow = (p: PlatformFigures): (string | number)[] => [
  p.platform,
  p.referrals,
  p.reports,
  p.notified,
  p.removed,
  p.declined,
  p.stillOnline,
  exactDuration(p.p50Seconds),
  exactDuration(p.p90Seconds),
];
const platformHead = ['Platform', 'Referrals', 'Reports', 'Notified', 'Removed', 'Declined', 'Still online', 'Removal p50', 'Removal p90'];

const statusLine = (detail: IncidentDetail): string =>
  detail.incident.status === 'closed' ? `closed ${utc(detail.incident.closedAt)}` : 'still open: an interim debrief, the figures will change';

/**
 * The debrief of an incident as Markdown: what happened when, the totals, each platform's
 * response, and the referrals every figure counts (so each can be traced). Officers are not
 * named: the declaring unit is.
 */
export const renderDebriefMarkdown = (detail: IncidentDetail, generatedAt: string): string => {
  const { incident, figures } = detail;
  const t = figures.totals;
  const lines = [
    `# Debrief: ${incident.name}`,
    '',
    `Incident ${incident.incidentId}, began ${utc(incident.startedAt)}, declared ${utc(incident.declaredAt)} by ${incident.declaredByUnit}; ${statusLine(detail)}.`,
    `Generated ${utc(generatedAt)} from the referrals tagged with the incident.`,
    '',
    '## Totals',
    '',
    `- Referrals (distinct URLs): ${t.referrals}, from ${t.reports} reports`,
    `- Notified to their platform: ${t.notified}`,
    `- Removed: ${t.removed}; declined: ${t.declined}; still online: ${t.stillOnline}`,
    `- Time from notice to removal (${t.removedAfterNotice} removals): p50 ${exactDuration(t.p50Seconds)}, p90 ${exactDuration(t.p90Seconds)}`,
    '',
    '## Per platform',
    '',
    ...table(platformHead, figures.perPlatform.map(platformRow)),
    '',
    '## Per hour (UTC)',
    '',
    ...table(['Hour', 'Reports', 'New referrals (by first report)', 'Of which notified'], figures.perHour.map((hour) => [hour.hour, hour.reports, hour.referrals, hour.notified])),
    '',
    '## Timeline',
    '',
    ...detail.timeline.map((entry) => `- ${utc(entry.at)}: ${entry.event}${entry.referralId ? ` (${entry.referralId}, ${entry.platform ?? ''})` : ''}`),
    '',
    '## Referrals',
    '',
    ...table(
      ['Referral', 'Platform', 'Status', 'Outcome', 'Reports', 'First reported', 'Sent', 'Closed', 'Notice to removal', 'URL'],
      detail.referrals.map((row) => [row.referralId, row.platform, row.status, row.outcome ?? '', row.reportCount, utc(row.firstReportedAt), utc(row.sentAt), utc(row.closedAt), exactDuration(secondsToRemoval(row)), row.url]),
    ),
    ...(detail.referralsNotShown > 0 ? ['', `${detail.referralsNotShown} referrals of platforms you do not work are counted above and not listed.`] : []),
    '',
  ];
  return lines.join('\n');
};

/** The same debrief as a document the removal-order PDF layout prints (A4, embedded fonts). */
export const debriefDocument = (detail: IncidentDetail, generatedAt: string): OrderDocument => {
  const { incident, figures } = detail;
  const t = figures.totals;
  return {
    language: 'en',
    title: `Debrief: ${incident.name}`,
    subtitle: `Incident ${incident.incidentId}; began ${utc(incident.startedAt)}; declared ${utc(incident.declaredAt)} by ${incident.declaredByUnit}; ${statusLine(detail)}`,
    sections: [
      {
        heading: 'Totals',
        rows: [
          ['Referrals (distinct URLs)', `${t.referrals}, from ${t.reports} reports`],
          ['Notified', String(t.notified)],
          ['Removed / declined / still online', `${t.removed} / ${t.declined} / ${t.stillOnline}`],
          ['Notice to removal', `p50 ${exactDuration(t.p50Seconds)}, p90 ${exactDuration(t.p90Seconds)} (${t.removedAfterNotice} removals)`],
        ],
        paragraphs: [],
      },
      {
        heading: 'Per platform',
        rows: figures.perPlatform.map((p) => [
          p.platform,
          `${p.referrals} referrals (${p.reports} reports); notified ${p.notified}; removed ${p.removed}; declined ${p.declined}; still online ${p.stillOnline}; removal p50 ${exactDuration(p.p50Seconds)}, p90 ${exactDuration(p.p90Seconds)}`,
        ]),
        paragraphs: [],
      },
      { heading: 'Per hour (UTC)', rows: figures.perHour.map((hour) => [hour.hour, `${hour.reports} reports; ${hour.referrals} new referrals (by first report), ${hour.notified} of them notified`]), paragraphs: [] },
      // Each referral's own moments are in its line below: printing them twice doubled the layout time of an attack day.
      {
        heading: 'Timeline',
        rows: [],
        paragraphs: [...detail.timeline.filter((entry) => entry.referralId === undefined).map((entry) => `${utc(entry.at)}: ${entry.event}`), 'Each referral: first reported, sent and closed in its line under Referrals.'],
      },
      {
        heading: 'Referrals',
        rows: [],
        paragraphs: [
          ...detail.referrals.map(
            (row) =>
              `${row.referralId}: ${row.platform}; ${row.status}${row.outcome ? ` (${row.outcome})` : ''}; first reported ${utc(row.firstReportedAt)}; sent ${utc(row.sentAt) || 'no'}; closed ${utc(row.closedAt) || 'no'}; notice to removal ${exactDuration(secondsToRemoval(row))}; ${row.url}`,
          ),
          ...(detail.referralsNotShown > 0 ? [`${detail.referralsNotShown} referrals of platforms you do not work are counted above and not listed.`] : []),
        ],
      },
    ],
    footer: `Referral Desk debrief, generated ${utc(generatedAt)}`,
  };
};
