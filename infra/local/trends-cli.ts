import { parseArgs } from 'node:util';
import { signDevToken } from '../../functions/api/authenticate';
import { countDimensions, statsCounts, statsIndicators, statsIntervals, statsPlatforms } from '../../functions/contract/stats';
import { defaultDataDir, loadDevSecret } from './dev-secret';
import { resolveApiUrl } from './running-stack';

const usage = `usage: npm run trends -- --from 2026-01-01 [--to 2026-12-31] [--by ${countDimensions.join('|')}|removal|indicators] [--interval ${statsIntervals.join('|')}]
                      [--api <url>] [--token <bearer>]
  --api defaults to $REFERRAL_DESK_API, else the stack "npm start" runs (found from .data/).`;

/** Renders rows as a left-aligned text table (numbers right-aligned). */
export const formatTable = (header: string[], rows: (string | number)[][]): string => {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[], numeric: boolean[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  return [line(header, numeric.map(() => false)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((row) => line(row, numeric))].join('\n');
};

const duration = (seconds: number | null): string => {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3_600).toFixed(1)}h`;
};

/** `npm run trends`: an analyst's table of trend counters from the API (never from the table directly). */
const main = async () => {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string', default: 'all' },
      interval: { type: 'string', default: 'day' },
      api: { type: 'string' },
      token: { type: 'string' },
    },
  });
  if (!values.from) {
    console.error(usage);
    process.exit(2);
  }
  let api: string;
  try {
    api = await resolveApiUrl(values.api);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const token = values.token ?? (await signDevToken(await loadDevSecret(defaultDataDir()), { role: 'analyst', unit: 'eu-iru', sub: 'trends-cli' }));
  const range = `from=${encodeURIComponent(values.from)}${values.to ? `&to=${encodeURIComponent(values.to)}` : ''}`;
  const path =
    values.by === 'removal'
      ? `/v1/stats/platforms?${range}`
      : values.by === 'indicators'
        ? `/v1/stats/indicators?${range}`
        : `/v1/stats/counts?${range}&by=${encodeURIComponent(values.by)}&interval=${encodeURIComponent(values.interval)}`;
  let response: Response;
  try {
    response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    console.error(`cannot reach ${api} (${(error as Error).message}); is \`npm start\` running?`);
    process.exit(1);
  }
  const body = (await response.json()) as unknown;
  if (!response.ok) {
    console.error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
    console.error(usage);
    process.exit(1);
  }
  // Every answer is checked against the contract: a proxy's HTML error page must not become a table.
  const answerOf = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: Error } }): T => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    console.error(`unexpected answer from ${path}: ${parsed.error.message.slice(0, 200)}`);
    process.exit(1);
  };
  let table: string;
  let meta: { itemsRead: number; pages: number };
  if (values.by === 'removal') {
    const answer = answerOf(statsPlatforms);
    meta = answer.meta;
    table = formatTable(
      ['platform', 'actioned', 'declined', 'already_gone', 'removal rate', 'tta n', 'tta p50', 'tta p90'],
      answer.platforms.map((p) => [p.platform, p.actioned, p.declined, p.alreadyGone, p.removalRate === null ? '-' : `${(p.removalRate * 100).toFixed(1)}%`, p.timeToAction.count, duration(p.timeToAction.p50Seconds), duration(p.timeToAction.p90Seconds)]),
    );
  } else if (values.by === 'indicators') {
    const answer = answerOf(statsIndicators);
    meta = answer.meta;
    table = formatTable(['type', 'value', 'referrals'], answer.indicators.map((i) => [i.type, i.value, i.referrals]));
  } else {
    const answer = answerOf(statsCounts);
    meta = answer.meta;
    const columns = Object.keys(answer.totals);
    table = formatTable(
      [values.interval, ...columns, 'total'],
      [...answer.periods.map((p) => [p.period, ...columns.map((c) => p.counts[c] ?? 0), p.total]), ['total', ...columns.map((c) => answer.totals[c] ?? 0), Object.values(answer.totals).reduce((a, b) => a + b, 0)]],
    );
  }
  console.log(table);
  console.log(`\n(${meta.itemsRead} counter items read in ${meta.pages} page${meta.pages === 1 ? '' : 's'})`);
};

void main();
