import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Bench } from 'tinybench';
import { categories } from '../../functions/contract/report';
import { canonicalizeUrl } from '../../functions/core/canonical-url/canonical-url';
import { referralIdFor } from '../../functions/core/referral-id';
import { cellValuesByDimension, counterShardOf, referralCells, referralCounterPartition } from '../../functions/core/trends/counter-cells';
import { keys } from '../../functions/adapters/table/keys';
import type { IngestMessageV1 } from '../../functions/contract/ingest-message';
import type { LocalStackHandle } from '../helpers/local-stack';
import { startBenchStack } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * Reads and dedupe with 1,000 and then 100,000 referrals stored. Referrals are seeded
 * with BatchWriteItem (items shaped as the process stage writes them, spread over the
 * last year), then we time: processing a report whose content is already referred (must
 * stay flat: it is keyed by referral id, never a search), a liaison queue page through
 * GET /v1/queues/{platform}, and a one-year trend through GET /v1/stats/counts (STAT#
 * counters), against a naive count over all referrals; at 100k the trend is timed again
 * after the scheduler compacted the counters of days past the redelivery window.
 */

const name = 'storage-scale';
const platforms = ['telegram', 'x', 'youtube', 'facebook', 'tiktok', 'instagram', 'example.org', 'paste.example.net'];
const hostOf: Record<string, string> = {
  telegram: 't.me/seedchannel',
  x: 'x.com/seeduser/status',
  youtube: 'www.youtube.com/watch?v=',
  facebook: 'www.facebook.com/seedpage/posts',
  tiktok: 'www.tiktok.com/@seed/video',
  instagram: 'www.instagram.com/p',
  'example.org': 'forum.example.org/thread',
  'paste.example.net': 'paste.example.net/raw',
};
const urlOf = (n: number): string => {
  const platform = platforms[n % platforms.length] as string;
  if (platform === 'youtube') return `https://www.youtube.com/watch?v=s${String(n).padStart(9, '0')}x`;
  if (platform === 'x') return `https://x.com/seeduser/status/16${String(n).padStart(17, '0')}`;
  if (platform === 'tiktok') return `https://www.tiktok.com/@seed/video/72${String(n).padStart(17, '0')}`;
  if (platform === 'instagram') return `https://www.instagram.com/p/Sd${String(n).padStart(9, '0')}/`;
  if (platform === 'facebook') return `https://www.facebook.com/seedpage/posts/1${String(n).padStart(15, '0')}`;
  return `https://${hostOf[platform]}/${n}`;
};

const yearAgo = Date.now() - 365 * 86_400_000;
const dayOf = (n: number, total: number) => new Date(yearAgo + Math.floor((n / total) * 364 * 86_400_000) + (n % 86_400) * 1000).toISOString();

const referralItemFor = (n: number, total: number) => {
  const canonical = canonicalizeUrl(urlOf(n));
  if (!canonical.ok) throw new Error(`seed URL ${urlOf(n)} does not canonicalize`);
  const { contentKey, canonicalUrl, platform } = canonical.value;
  const referralId = referralIdFor(contentKey);
  const at = dayOf(n, total);
  const priority = (['P2', 'P3', 'P3', 'P4'] as const)[n % 4] as string;
  return {
    pk: `REF#${referralId}`,
    sk: 'META',
    entity: 'referral',
    referralId,
    contentKey,
    canonicalUrl,
    url: urlOf(n),
    title: `Seeded referral ${n}`,
    platform,
    category: categories[n % categories.length],
    legalRoute: 'referral',
    status: 'new',
    priority,
    deadlineAt: new Date(Date.parse(at) + 72 * 3_600_000).toISOString(),
    language: 'en',
    groups: [],
    labels: [{ name: 'content-key', value: contentKey, rule: 'canonical-url', evidence: [urlOf(n)] }],
    indicators: [],
    units: new Set(['eu-iru']),
    reportCount: 1,
    firstReportedAt: at,
    lastReportedAt: at,
    gsi1pk: `QUEUE#${platform}#new`,
    gsi1sk: `${priority}#${at}#${referralId}`,
    routedAt: at,
  };
};

const seed = async (local: LocalStackHandle, from: number, to: number, total: number): Promise<void> => {
  const tableName = local.stack.config.TABLE_NAME;
  // Referral counter shards as countReferral leaves them: per day and shard (one shard partition
  // each), the count of all referrals and one count per cell (category, platform, language,
  // priority); the claims that record each count are left out, as no trend read touches them.
  const counters = new Map<string, { day: string; shard: number; members: string[]; cells: Record<string, Record<string, number>> }>();
  const chunks: Record<string, unknown>[][] = [];
  for (let n = from; n < to; n += 25) {
    const items = [];
    for (let i = n; i < Math.min(n + 25, to); i += 1) items.push(referralItemFor(i, total));
    chunks.push(items);
  }
  // Counter items are whole items, so every referral seeded so far is counted again (a day's
  // shard may hold referrals of an earlier seeding step).
  for (let i = 0; i < to; i += 1) {
    const item = referralItemFor(i, total);
    const day = item.firstReportedAt.slice(0, 10);
    const key = `${day}#${counterShardOf(item.referralId)}`;
    const emptyCells: Record<string, Record<string, number>> = Object.fromEntries([...cellValuesByDimension([]).keys()].map((dimension) => [dimension, {}]));
    const counter = counters.get(key) ?? { day, shard: counterShardOf(item.referralId), members: [] as string[], cells: emptyCells };
    counter.members.push(item.referralId);
    for (const cell of referralCells({ ...item, category: String(item.category) })) {
      const map: Record<string, number> = (counter.cells[cell.dimension] ??= {});
      map[cell.value] = (map[cell.value] ?? 0) + 1;
    }
    counters.set(key, counter);
  }
  const counterItems = [...counters.values()].map((c) => ({
    ...keys.referralCounter(c.day, c.shard),
    entity: 'counter',
    dimension: referralCounterPartition,
    day: c.day,
    count: c.members.length,
    ...c.cells,
  }));
  for (let i = 0; i < counterItems.length; i += 25) chunks.push(counterItems.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < chunks.length) {
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
          [tableName]: (chunks[next] ?? []).map((Item) => ({ PutRequest: { Item } })),
        };
        next += 1;
        // BatchWriteItem may leave items unprocessed under load; they are sent again.
        while (request && Object.keys(request).length > 0) {
          const result = await local.documentClient.send(new BatchWriteCommand({ RequestItems: request }));
          request = result.UnprocessedItems as typeof request;
        }
      }
    }),
  );
};

interface ApiTokens {
  analyst: string;
  liaison: string;
}

/** GET through the stack's HTTP API, as the console and analysts call it. */
const apiGet = async <T>(local: LocalStackHandle, path: string, token: string): Promise<T> => {
  const response = await fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

/** One timed call per iteration of GET /v1/stats/counts over the seeded year; keeps what the last one read. */
const trendTask = (local: LocalStackHandle, tokens: ApiTokens, stored: number, read: { itemsRead: number; pages: number }) => async () => {
  const from = new Date(yearAgo).toISOString().slice(0, 10);
  const answer = await apiGet<{ totals: Record<string, number>; meta: { itemsRead: number; pages: number } }>(local, `/v1/stats/counts?by=platform&from=${from}&to=${new Date().toISOString().slice(0, 10)}`, tokens.analyst);
  const sum = Object.values(answer.totals).reduce((n, count) => n + count, 0);
  if (sum !== stored) throw new Error(`trend counted ${sum} of ${stored}`);
  read.itemsRead = answer.meta.itemsRead;
  read.pages = answer.meta.pages;
};

const latencyOf = (bench: Bench, task: string) => {
  const result = bench.getTask(task)?.result;
  if (!result || !('latency' in result)) throw new Error(`task ${task} did not complete`);
  return { mean: result.latency.mean, p99: result.latency.p99 ?? Number.NaN };
};

const measure = async (local: LocalStackHandle, tokens: ApiTokens, stored: number, dedupeTask: () => Promise<void>): Promise<Record<string, number>> => {
  const tableName = local.stack.config.TABLE_NAME;
  const year = new Date(yearAgo).toISOString().slice(0, 10);
  const bench = new Bench({ time: 0, iterations: 50, warmupIterations: 5 });
  const trendRead = { itemsRead: 0, pages: 0 };
  bench
    .add('dedupe', dedupeTask)
    .add('queue page', async () => {
      const page = await apiGet<{ items: unknown[] }>(local, '/v1/queues/telegram?limit=50', tokens.liaison);
      if (page.items.length !== 50) throw new Error(`queue page held ${page.items.length} referrals`);
    })
    .add('trend', trendTask(local, tokens, stored, trendRead));
  await bench.run();
  const mean = (task: string) => latencyOf(bench, task);
  // The naive alternative reads every referral: a few runs are enough to see it grow.
  const naiveStarted = performance.now();
  const naiveRuns = stored > 10_000 ? 1 : 3;
  for (let i = 0; i < naiveRuns; i += 1) {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await local.documentClient.send(
        new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :e AND firstReportedAt >= :from', ExpressionAttributeValues: { ':e': 'referral', ':from': year }, Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    if (count < stored) throw new Error(`naive count saw ${count} of ${stored}`);
  }
  return {
    dedupeMean: mean('dedupe').mean,
    dedupeP99: mean('dedupe').p99,
    queueMean: mean('queue page').mean,
    trendMean: mean('trend').mean,
    naiveMean: (performance.now() - naiveStarted) / naiveRuns,
    trendPages: trendRead.pages,
    trendItems: trendRead.itemsRead,
  };
};

/** The scheduler's counter compaction at today's clock, then the same trend request timed again. */
const measureCompacted = async (local: LocalStackHandle, tokens: ApiTokens, stored: number): Promise<Record<string, number>> => {
  const started = performance.now();
  const summary = await local.stack.runScheduler(new Date());
  const compactSeconds = (performance.now() - started) / 1000;
  const bench = new Bench({ time: 0, iterations: 50, warmupIterations: 5 });
  const trendRead = { itemsRead: 0, pages: 0 };
  bench.add('trend', trendTask(local, tokens, stored, trendRead));
  await bench.run();
  return { trendMean: latencyOf(bench, 'trend').mean, trendPages: trendRead.pages, trendItems: trendRead.itemsRead, compacted: summary.countersCompacted, rollups: summary.counterRollups, compactSeconds };
};

const run = async (): Promise<BenchFigure[]> => {
  const local = await startBenchStack();
  // The periodic scheduler would compact the seeded counters mid-measurement; it runs once, on cue.
  local.stack.stopScheduler();
  const total = 100_000;
  try {
    const tokens: ApiTokens = {
      analyst: await local.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'bench.analyst' }),
      liaison: await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'bench.liaison', platforms: ['telegram'] }),
    };
    const { createProcessStage } = await import('../../functions/process/handler');
    const { processReport } = await import('../../functions/process/process-report');
    const stage = createProcessStage(local.stack.config);
    let reports = 0;
    let seeded = 0;
    // A new report (new submission) of content already referred: the dedupe path.
    const dedupeTask = async () => {
      const n = (reports * 7919) % seeded;
      reports += 1;
      const message: IngestMessageV1 = {
        type: 'report.accepted',
        version: 1,
        submissionId: crypto.randomUUID(),
        acceptedAt: new Date().toISOString(),
        submitter: { officerId: 'bench@de-bka', unit: 'de-bka' },
        report: { submissionId: '', url: `${urlOf(n)}${urlOf(n).includes('?') ? '&' : '?'}utm_source=bench`, category: 'propaganda', subTags: [], urgent: false, legalRoute: 'referral' },
      };
      message.report.submissionId = message.submissionId;
      const outcome = await processReport(message, stage.dependencies);
      if (outcome.status !== 'processed' || outcome.created) throw new Error(`report of seeded content ${n} did not dedupe`);
    };

    const seedStarted = performance.now();
    await seed(local, 0, 1_000, total);
    seeded = 1_000;
    const small = await measure(local, tokens, 1_000, dedupeTask);
    await seed(local, 1_000, total, total);
    seeded = total;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const large = await measure(local, tokens, total, dedupeTask);
    const compacted = await measureCompacted(local, tokens, total);
    const row = (metric: string, key: string, unit: string, note?: string): BenchFigure => ({
      benchmark: name,
      metric,
      value: Math.round((large[key] ?? Number.NaN) * 100) / 100,
      unit,
      peer: 'same with 1,000 stored',
      peerValue: Math.round((small[key] ?? Number.NaN) * 100) / 100,
      // > 1 means slower at 100k: flat is ~1.
      ratio: (large[key] ?? Number.NaN) / (small[key] ?? Number.NaN),
      ...(note ? { note } : {}),
    });
    return [
      row('dedupe: process a report of referred content (100k stored), mean', 'dedupeMean', 'ms', 'processReport against dynalite; ratio = 100k / 1k, flat is ~1'),
      row('dedupe: same, p99', 'dedupeP99', 'ms'),
      row('queue page: GET /v1/queues/telegram?limit=50 (100k stored)', 'queueMean', 'ms', 'through the HTTP API (gsi1 Query, 50 referrals)'),
      row('one-year trend: GET /v1/stats/counts?by=platform, counters not compacted (100k stored)', 'trendMean', 'ms', `through the HTTP API; meta: ${large['trendItems']} items in ${large['trendPages']} pages at 100k (the shards of every day), ${small['trendItems']} items in ${small['trendPages']} page at 1k (the first 4 days of the year)`),
      {
        benchmark: name,
        metric: 'one-year trend: same after counter compaction (100k stored)',
        value: Math.round((compacted['trendMean'] ?? Number.NaN) * 100) / 100,
        unit: 'ms',
        // The 1k figure covers only the first days of the year, so the fair peer is the same year before compaction.
        peer: 'same year before compaction',
        peerValue: Math.round((large['trendMean'] ?? Number.NaN) * 100) / 100,
        ratio: (large['trendMean'] ?? Number.NaN) / (compacted['trendMean'] ?? Number.NaN),
        note: `meta: ${compacted['trendItems']} items (a rollup per closed day and platform, the shards of the 30 open days) in ${compacted['trendPages']} page(s), was ${large['trendPages']}; the scheduler closed ${compacted['compacted']} counter shards (days older than the 30-day window) and wrote ${compacted['rollups']} rollups in ${(compacted['compactSeconds'] ?? 0).toFixed(1)} s`,
      },
      {
        benchmark: name,
        metric: 'naive one-year count: Scan over all referrals (100k stored)',
        value: Math.round(large['naiveMean'] ?? 0),
        unit: 'ms',
        peer: 'trend from counters (API, compacted)',
        peerValue: Math.round((compacted['trendMean'] ?? 0) * 100) / 100,
        ratio: (large['naiveMean'] ?? 0) / (compacted['trendMean'] ?? 1),
        note: `counters are this many times faster; 1k stored: scan ${Math.round(small['naiveMean'] ?? 0)} ms; seeding 100k took ${Math.round(seedSeconds)} s`,
      },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
