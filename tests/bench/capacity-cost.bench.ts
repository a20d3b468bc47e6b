import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createRequire } from 'node:module';
import { evidenceUploadTickets } from '../../functions/contract/responses';
import { categories, type ReportV1Input } from '../../functions/contract/report';
import { costPerThousandReports, readPriceTable, type CostBreakdown, type ReportUsage } from '../../infra/cdk/report-cost';
import { processFunction, referralTable } from '../../infra/resources';
import { stages } from '../../infra/stages';
import { postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeContents, mapLimit } from '../helpers/workload';
import { waitForIngestDrained } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';
import { capacityBetween, projectedEntry, startConsumedCapacityProxy, writeUnitsOf, type ConsumedCapacity } from './consumed-capacity';

/**
 * What a report costs in DynamoDB capacity, measured on the local stack with ReturnConsumedCapacity
 * (dynalite answers it; a proxy adds what dynalite leaves out: index writes and refused conditional
 * writes), and in money per 1,000 reports from those units and infra/cdk/prices.json.
 * Each report takes the extension's path: a lookup, the upload tickets of its two artifacts in one
 * request, the uploads, the report.
 */

const name = 'capacity and cost';
const require = createRequire(import.meta.url);
const { itemSize } = require('dynalite/db/index.js') as { itemSize: (item: Record<string, unknown>) => number };

/** Reports per phase: enough for stable averages, few enough to run in well under a minute. */
const reportsPerPhase = 120;
/** The evidence the cost target is stated for: two artifacts of 1 MB (uploads here are small; S3 is modelled). */
const artifactsPerReport = 2;
const modelledArtifactBytes = 1024 ** 2;
/** DynamoDB stores each item with about 100 bytes of overhead, in the table and in each index holding it. */
const perItemOverheadBytes = 100;

interface Submitted {
  apiMilliseconds: number;
  apiRequests: number;
}

/** The extension's calls for one report: lookup, one request for the upload tickets, an upload per artifact, the report. */
const submitLikeTheExtension = async (local: LocalStackHandle, token: string, report: ReportV1Input, seed: string): Promise<Submitted> => {
  let apiMilliseconds = 0;
  let apiRequests = 0;
  const timed = async (request: () => Promise<Response>, expected: number): Promise<Response> => {
    const started = performance.now();
    const response = await request();
    apiMilliseconds += performance.now() - started;
    apiRequests += 1;
    if (response.status !== expected) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
    return response;
  };
  await (await timed(() => fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent(report.url)}`, { headers: { authorization: `Bearer ${token}` } }), 200)).arrayBuffer();
  const artifacts = Array.from({ length: artifactsPerReport }, (_, i) => {
    const bytes = Buffer.from(`${seed} artifact ${i} `.repeat(64));
    return {
      bytes,
      artifact: {
        kind: i === 0 ? ('screenshot' as const) : ('mhtml' as const),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.byteLength,
        mediaType: i === 0 ? ('image/png' as const) : ('multipart/related' as const),
      },
    };
  });
  const ticketResponse = await timed(
    () =>
      postJson(`${local.apiUrl}/v1/evidence/tickets`, token, {
        submissionId: report.submissionId,
        artifacts: artifacts.map(({ artifact }) => ({ sha256: artifact.sha256, bytes: artifact.bytes, mediaType: artifact.mediaType })),
      }),
    201,
  );
  const { tickets } = evidenceUploadTickets.parse(await ticketResponse.json());
  for (const { bytes, artifact } of artifacts) {
    const ticket = tickets.find((t) => t.sha256 === artifact.sha256)!;
    // In the cloud the upload goes to S3 with the pre-signed URL, not through the API: not counted.
    const upload = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: bytes });
    if (!upload.ok) throw new Error(`evidence upload: ${upload.status} ${await upload.text()}`);
  }
  const capture = {
    capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    url: report.url,
    extensionVersion: '0.1.0',
    browser: 'Chromium 156',
    artifacts: artifacts.map(({ artifact }) => artifact),
  };
  await (await timed(() => postJson(`${local.apiUrl}/v1/reports`, token, { ...report, capture }), 202)).arrayBuffer();
  return { apiMilliseconds, apiRequests };
};

/** Bytes of every item in the table, and once more for each index entry, with DynamoDB's per-item overhead. */
const storedBytes = async (local: LocalStackHandle): Promise<number> => {
  let bytes = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await local.stack.dynamo.send(new ScanCommand({ TableName: local.stack.config.TABLE_NAME, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    for (const item of page.Items ?? []) {
      bytes += itemSize(item) + perItemOverheadBytes;
      // Each index entry holds only what its index projects.
      for (const index of referralTable.globalIndexes) {
        if (item[index.partitionKey.name] && item[index.sortKey.name]) bytes += itemSize(projectedEntry(item as never, index)) + perItemOverheadBytes;
      }
    }
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return bytes;
};

interface Phase {
  capacity: ConsumedCapacity;
  submitted: Submitted;
  processMilliseconds: number;
  storedBytes: number;
}

/** A partition's name with its ids left out (`REF#ref_1f…` -> `REF#<id>`), so the figures read the same every run. */
const partitionShape = (partition: string): string => partition.replace(/#[^#]*[0-9_][^#]*/g, '#<id>');

/** DynamoDB's per-partition ceiling: 1,000 write units a second, whatever the table's capacity. */
const partitionWriteUnitsPerSecond = 1000;

/** The partitions that take the most write units per report of the phase, hottest first. */
const hottestPartitions = (capacity: ConsumedCapacity, reports: number, count: number): { shape: string; unitsPerReport: number }[] =>
  Object.entries(capacity.partitionWriteUnits)
    .map(([partition, units]) => ({ shape: partitionShape(partition), unitsPerReport: units / reports }))
    .sort((a, b) => b.unitsPerReport - a.unitsPerReport)
    .slice(0, count);

/**
 * The trend counters' partitions (`STAT#unit…`, `STAT#referrals…`, whether the shard is in the
 * key or not) and the claims that record each count (`COUNTED#…`): write units per report on the
 * busiest single partition of each family, and on the family as a whole.
 */
const counterPartitionFamilies = [
  { family: 'STAT#unit', matches: (partition: string) => partition === 'STAT#unit' || partition.startsWith('STAT#unit#') },
  { family: 'STAT#referrals', matches: (partition: string) => partition === 'STAT#referrals' || partition.startsWith('STAT#referrals#') },
  { family: 'COUNTED#<id>', matches: (partition: string) => partition.startsWith('COUNTED#') },
];
const counterPartitions = (capacity: ConsumedCapacity, reports: number) =>
  counterPartitionFamilies.map(({ family, matches }) => {
    const units = Object.entries(capacity.partitionWriteUnits).filter(([partition]) => matches(partition)).map(([, value]) => value);
    return { family, partitions: units.length, busiest: Math.max(0, ...units) / reports, total: units.reduce((sum, value) => sum + value, 0) / reports };
  });

const describeCost = (cost: CostBreakdown): string =>
  (['s3', 'dynamodb', 'lambda', 'apiGateway', 'sqs', 'logs', 'xray'] as const).map((k) => `${k} $${cost[k].toFixed(4)}`).join(', ');

const run = async (): Promise<BenchFigure[]> => {
  const prices = readPriceTable();
  const proxy = await startConsumedCapacityProxy();
  let processMilliseconds = 0;
  // Set before the handlers are imported: loggers read their level once (as in bench-stack.ts).
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  const { createProcessHandler, createProcessStage } = await import('../../functions/process/handler');
  const local = await startLocalStack({
    handlerDynamoEndpoint: (endpoint) => proxy.forwardTo(endpoint),
    // The process handler, timed: its Lambda time is what the cost model bills.
    processHandlerFactory: (config, lane) => {
      const handler = createProcessHandler(() => createProcessStage(config, {}, lane));
      return async (event, context) => {
        const started = performance.now();
        try {
          return await handler(event, context);
        } finally {
          processMilliseconds += performance.now() - started;
        }
      };
    },
  });
  // The scheduler's periodic runs are not per report.
  local.stack.stopScheduler();
  const figures: BenchFigure[] = [];
  try {
    // One unit per phase: a unit's own partitions then take every report of the phase, as on an action day.
    const [firstUnit, secondUnit, thirdUnit] = await Promise.all(
      ['eu-iru', 'de-bka', 'fr-ocrtic'].map((unit) => local.tokenFor({ role: 'referrer', unit, sub: `bench-${unit}` })),
    );
    const contents = makeContents(reportsPerPhase);
    const phase = async (tag: string, plan: { url: string; token: string }[]): Promise<Phase> => {
      const before = proxy.snapshot();
      const processBefore = processMilliseconds;
      const bytesBefore = await storedBytes(local);
      const results = await mapLimit(plan, 8, (entry, i) =>
        submitLikeTheExtension(local, entry.token, { submissionId: crypto.randomUUID(), url: entry.url, title: `Capacity ${tag} ${i}`, category: categories[i % categories.length] ?? 'other', subTags: [] }, `${tag}-${i}`),
      );
      await waitForIngestDrained(local);
      return {
        capacity: capacityBetween(before, proxy.snapshot()),
        submitted: {
          apiMilliseconds: results.reduce((sum, r) => sum + r.apiMilliseconds, 0),
          apiRequests: results.reduce((sum, r) => sum + r.apiRequests, 0),
        },
        processMilliseconds: processMilliseconds - processBefore,
        storedBytes: (await storedBytes(local)) - bytesBefore,
      };
    };

    // New content: each report opens a referral. Repeated content: other units report the same
    // content again in another URL form, each report joining an existing referral.
    const fresh = await phase('new', contents.map((c) => ({ url: c.forms[0]!, token: firstUnit! })));
    const repeated = await phase('repeat', contents.map((c) => ({ url: c.forms[1 % c.forms.length]!, token: secondUnit! })));
    // Viral content: every report of the phase is of one piece of content, in its URL forms.
    const viralContent = makeContents(reportsPerPhase + 1).at(-1)!;
    const viral = await phase('viral', contents.map((_, i) => ({ url: viralContent.forms[i % viralContent.forms.length]!, token: thirdUnit! })));

    const usageOf = (p: Phase): ReportUsage => {
      const n = reportsPerPhase;
      return {
        writeUnits: writeUnitsOf(p.capacity) / n,
        readUnits: p.capacity.readUnits / n,
        storedBytes: p.storedBytes / n,
        apiRequests: p.submitted.apiRequests / n,
        apiMilliseconds: p.submitted.apiMilliseconds / n,
        processMilliseconds: p.processMilliseconds / n,
        processInvocations: 1 / processFunction.batchSize,
        // The API's send, then one receive and one batch delete per batch of the event source.
        sqsRequests: 1 + 2 / processFunction.batchSize,
        artifacts: artifactsPerReport,
        artifactBytes: modelledArtifactBytes,
        artifactReads: 1,
        // One access line per API request (about 400 bytes) and one application line each in the API and the process stage.
        logBytes: (p.submitted.apiRequests / n) * 400 + 2 * 300,
      };
    };
    const model = { apiMemoryMiB: stages.api.memoryMiB, processMemoryMiB: stages.process.memoryMiB, standardDays: 30, tracedShare: 0.05 };

    for (const [label, p] of [['new report', fresh], ['repeated report', repeated], ['report of viral content', viral]] as const) {
      const hottest = hottestPartitions(p.capacity, reportsPerPhase, 4);
      figures.push({
        benchmark: name,
        metric: `hottest partition, write units per ${label}`,
        value: hottest[0]?.unitsPerReport ?? 0,
        unit: 'WRU',
        note: `${hottest.map((h) => `${h.shape} ${h.unitsPerReport.toFixed(2)} (${Math.floor(partitionWriteUnitsPerSecond / h.unitsPerReport)} reports/s)`).join(', ')}; reports/s at ${partitionWriteUnitsPerSecond} WCU/s per partition`,
      });
      const counters = counterPartitions(p.capacity, reportsPerPhase);
      figures.push({
        benchmark: name,
        metric: `trend counter partitions, write units per ${label} on the busiest one`,
        value: Math.max(...counters.filter((c) => c.family.startsWith('STAT#')).map((c) => c.busiest)),
        unit: 'WRU',
        note: counters
          .map((c) => `${c.family}: ${c.partitions} partition(s), busiest ${c.busiest.toFixed(2)} (${c.busiest > 0 ? Math.floor(partitionWriteUnitsPerSecond / c.busiest) : '-'} reports/s), all ${c.total.toFixed(2)}`)
          .join('; '),
      });
      if (p === viral) continue;
      const usage = usageOf(p);
      const requests = Object.entries(p.capacity.requests).filter(([, count]) => count > 0).map(([op, count]) => `${op} ${(count / reportsPerPhase).toFixed(1)}`).join(', ');
      const requestCount = Object.values(p.capacity.requests).reduce((sum, count) => sum + count, 0);
      figures.push(
        // Requests, not units: each new stage's reads and writes show here as the cost it adds per report.
        { benchmark: name, metric: `DynamoDB requests per ${label}`, value: requestCount / reportsPerPhase, unit: 'requests', note: requests },
        {
          benchmark: name,
          metric: `write units per ${label}`,
          value: usage.writeUnits,
          unit: 'WRU',
          note: `table ${(p.capacity.tableWriteUnits / reportsPerPhase).toFixed(1)}, indexes ${(p.capacity.indexWriteUnits / reportsPerPhase).toFixed(1)}, refused conditions ${(p.capacity.refusedWriteUnits / reportsPerPhase).toFixed(1)}; requests per report: ${requests}`,
        },
        { benchmark: name, metric: `read units per ${label}`, value: usage.readUnits, unit: 'RRU', note: `lookup, idempotency and dedupe reads included; ${reportsPerPhase} reports` },
        { benchmark: name, metric: `stored bytes per ${label}`, value: usage.storedBytes, unit: 'B', note: 'table and index entries, with DynamoDB\'s per-item overhead' },
      );
      const cost = costPerThousandReports(usage, model, prices);
      figures.push({
        benchmark: name,
        metric: `cost per 1,000 reports (${label}s, two 1 MB artifacts, 183 days)`,
        value: cost.total,
        unit: 'USD',
        note: `target <= $0.25; ${describeCost(cost)}; ${prices.region} prices of ${prices.asOf}`,
      });
    }
  } finally {
    await local.stop();
    await proxy.stop();
  }
  return figures;
};

export const benchmark: BenchmarkModule = { name, run };
