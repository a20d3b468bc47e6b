import { BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Bench } from 'tinybench';
import { categories } from '../../functions/contract/report';
import { canonicalizeUrl } from '../../functions/core/canonical-url/canonical-url';
import { referralIdFor } from '../../functions/core/referral-id';
import type { IngestMessageV1 } from '../../functions/contract/ingest-message';
import type { LocalStackHandle } from '../helpers/local-stack';
import { startBenchStack } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * Reads and dedupe with 1,000 and then 100,000 referrals stored. Referrals are seeded
 * with BatchWriteItem (items shaped as the process stage writes them, spread over the
 * last year), then we time: processing a report whose content is already referred (must
 * stay flat: it is keyed by referral id, never a search), a liaison queue page on gsi1,
 * and a one-year trend from STAT# counters, against a naive count over all referrals.
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
    submissionIds: new Set([`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`]),
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
  const counters = new Map<string, { platform: string; day: string; members: string[] }>();
  const chunks: Record<string, unknown>[][] = [];
  for (let n = from; n < to; n += 25) {
    const items = [];
    for (let i = n; i < Math.min(n + 25, to); i += 1) items.push(referralItemFor(i, total));
    chunks.push(items);
  }
  // Counters are whole items, rewritten here over every referral seeded so far (a day's
  // counter may hold referrals of an earlier seeding step).
  for (let i = 0; i < to; i += 1) {
    const item = referralItemFor(i, total);
    const key = `${item.firstReportedAt.slice(0, 10)}#${item.platform}`;
    const counter = counters.get(key) ?? { platform: item.platform, day: item.firstReportedAt.slice(0, 10), members: [] };
    counter.members.push(item.referralId);
    counters.set(key, counter);
  }
  // Trend counters as countOnce leaves them: a count and the member set per day and value.
  const counterItems = [...counters].map(([sk, c]) => ({ pk: 'STAT#platform', sk, entity: 'counter', dimension: 'platform', day: c.day, value: c.platform, count: c.members.length, members: new Set(c.members) }));
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

const measure = async (local: LocalStackHandle, stored: number, total: number, dedupeTask: () => Promise<void>): Promise<Record<string, number>> => {
  const tableName = local.stack.config.TABLE_NAME;
  const year = new Date(yearAgo).toISOString().slice(0, 10);
  const bench = new Bench({ time: 0, iterations: 50, warmupIterations: 5 });
  let trendPages = 0;
  bench
    .add('dedupe', dedupeTask)
    .add('queue page', async () => {
      const page = await local.documentClient.send(
        new QueryCommand({ TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'QUEUE#telegram#new' }, Limit: 50 }),
      );
      if ((page.Items ?? []).length === 0) throw new Error('empty queue page');
    })
    .add('trend', async () => {
      // Counter items carry their member sets, so a year of them can exceed DynamoDB's 1 MB page.
      let sum = 0;
      let pages = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await local.documentClient.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': 'STAT#platform', ':from': year, ':to': '9999~' }, ProjectionExpression: 'sk, #count', ExpressionAttributeNames: { '#count': 'count' }, ExclusiveStartKey: startKey }),
        );
        sum += (result.Items ?? []).reduce((n, item) => n + Number(item['count']), 0);
        startKey = result.LastEvaluatedKey;
        pages += 1;
      } while (startKey);
      trendPages = pages;
      if (sum !== stored) throw new Error(`trend counted ${sum} of ${stored}`);
    });
  await bench.run();
  const mean = (task: string) => {
    const result = bench.getTask(task)?.result;
    if (!result || !('latency' in result)) throw new Error(`task ${task} did not complete`);
    return { mean: result.latency.mean, p99: result.latency.p99 ?? Number.NaN };
  };
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
  void total;
  return {
    dedupeMean: mean('dedupe').mean,
    dedupeP99: mean('dedupe').p99,
    queueMean: mean('queue page').mean,
    trendMean: mean('trend').mean,
    naiveMean: (performance.now() - naiveStarted) / naiveRuns,
    trendPages,
  };
};

const run = async (): Promise<BenchFigure[]> => {
  const local = await startBenchStack();
  const total = 100_000;
  try {
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
    const small = await measure(local, 1_000, total, dedupeTask);
    await seed(local, 1_000, total, total);
    seeded = total;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const large = await measure(local, total, total, dedupeTask);
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
      row('queue page (gsi1, 50 referrals, 100k stored)', 'queueMean', 'ms', 'DynamoDB Query on gsi1 directly, not through GET /v1/queues/{platform} (the route landed while this was written)'),
      row('one-year trend by platform (STAT# counters, 100k stored)', 'trendMean', 'ms', `DynamoDB Query on STAT#platform directly (GET /v1/stats/... not measured through the API); ${large['trendPages']} pages at 100k (member sets), ${small['trendPages']} at 1k`),
      {
        benchmark: name,
        metric: 'naive one-year count: Scan over all referrals (100k stored)',
        value: Math.round(large['naiveMean'] ?? 0),
        unit: 'ms',
        peer: 'trend query from counters',
        peerValue: Math.round((large['trendMean'] ?? 0) * 100) / 100,
        ratio: (large['naiveMean'] ?? 0) / (large['trendMean'] ?? 1),
        note: `counters are this many times faster; 1k stored: scan ${Math.round(small['naiveMean'] ?? 0)} ms; seeding 100k took ${Math.round(seedSeconds)} s`,
      },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
