import { expect } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { utcDay } from '../../functions/core/referral-id';
import { partitions } from '../../functions/adapters/table/keys';
import { allReferralsValue, counterShardCount, isReferralCountDimension, referralCounterPartition } from '../../functions/core/trends/counter-cells';
import type { QueueName } from '../../infra/resources';
import { listDeadLetters, type DeadLetter } from '../../infra/local/dlq-cli';
import type { LocalStackHandle } from './local-stack';
import { ingestQueuesDepth } from './ingest-depth';
import { makeIngestMessage, postJson } from './factories';
import { makeContents, mapLimit, planReports, type PlannedReport } from './workload';

/** What kind of unprocessable message; each must be parked with a reason of its own. */
export type PoisonKind = 'malformed-json' | 'wrong-schema' | 'invalid-report';

export interface PoisonMessage {
  kind: PoisonKind;
  body: string;
}

/**
 * Messages the process stage can never handle, each unique (the index is inside) so it can
 * be found again in the dead-letter queue. Sent straight to the ingest queue: the API
 * would refuse them, but a bug, a replay tool or an old producer might not.
 */
export const makePoisonMessages = (count: number): PoisonMessage[] =>
  Array.from({ length: count }, (_, i): PoisonMessage => {
    const valid = makeIngestMessage({ report: { title: `poison ${i}` } });
    switch (i % 6) {
      case 0:
        return { kind: 'malformed-json', body: `${JSON.stringify(valid).slice(0, 60)} /* truncated ${i} */` };
      case 1:
        return { kind: 'malformed-json', body: `report.accepted;${i};https://t.me/s/x/1` };
      case 2:
        return { kind: 'wrong-schema', body: JSON.stringify({ ...valid, version: 2 }) };
      case 3:
        return { kind: 'wrong-schema', body: JSON.stringify([valid, i]) };
      case 4:
        return { kind: 'invalid-report', body: JSON.stringify({ ...valid, report: { ...valid.report, url: `javascript:alert(${i})` } }) };
      default:
        return { kind: 'invalid-report', body: JSON.stringify({ ...valid, report: { ...valid.report, category: 'spam', extra: i } }) };
    }
  });

export interface FaultScenarioOptions {
  reports: number;
  contents: number;
  poisonMessages: number;
  units: string[];
  seed: number;
  /** Every n-th report is submitted a second time, as an extension retrying a lost answer does. */
  retryEvery: number;
  /** How long the pipeline may take to settle after the last submission. */
  settleTimeoutMs: number;
  /** How often to look whether it has settled (each look scans the submissions). */
  settlePollMs?: number;
}

/** One counter (day, value) with its shards summed; `sk` is `<day>#<value>`. */
export interface CounterCell {
  sk: string;
  count: number;
  /** The ids whose claims say they were counted in this counter (adapters/stores/counter-claims.ts). */
  members: number;
  memberIds: Set<string>;
  /** Ids still in a shard's `counting` set: none once every count finished. */
  counting: string[];
}

export interface FaultScenarioResult {
  plan: PlannedReport[];
  poison: PoisonMessage[];
  apiStatuses: Map<number, number>;
  submissions: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  referrals: Record<string, unknown>[];
  counters: { all: CounterCell[]; unit: CounterCell[] };
  deadLetters: Record<QueueName, DeadLetter[]>;
  ingestDepthAtEnd: number;
  elapsedMs: number;
}


/**
 * The counters of one dimension, shards summed per (day, value) as the stats reader does, with
 * the ids their claims say were counted; `all` lives in the referral cells' partitions as each
 * shard's own count.
 */
const readCounters = async (local: LocalStackHandle, dimension: string): Promise<CounterCell[]> => {
  const partition = isReferralCountDimension(dimension) ? referralCounterPartition : dimension;
  const cells = new Map<string, CounterCell>();
  const cellOf = (sk: string) => {
    const cell = cells.get(sk) ?? { sk, count: 0, members: 0, memberIds: new Set<string>(), counting: [] };
    cells.set(sk, cell);
    return cell;
  };
  for (let shard = 0; shard < counterShardCount; shard += 1) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await local.documentClient.send(
        new QueryCommand({
          TableName: local.stack.config.TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partitions.counter(partition, shard) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const cell = cellOf(`${String(item['day'])}#${dimension === 'all' ? allReferralsValue : String(item['value'])}`);
        cell.count += Number(item['count']);
        cell.counting.push(...((item['counting'] as Set<string> | undefined) ?? []));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  for (const claim of await scanItems(local, 'counter-claim')) {
    if (claim['dimension'] !== partition || claim['state'] !== 'counted') continue;
    const cell = cellOf(`${String(claim['day'])}#${dimension === 'all' ? allReferralsValue : String(claim['value'])}`);
    cell.memberIds.add(String(claim['memberId']));
    cell.members = cell.memberIds.size;
  }
  return [...cells.values()];
};

/** Every item of one entity, as plain values (the stack handle's scan returns attribute-value maps). */
export const scanItems = async (local: LocalStackHandle, entity: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await local.documentClient.send(
      new ScanCommand({
        TableName: local.stack.config.TABLE_NAME,
        FilterExpression: 'entity = :entity',
        ExpressionAttributeValues: { ':entity': entity },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Submits `reports` reports (several units, several URL forms per content, some retried)
 * through the API while poison messages go straight onto the ingest queue, waits until
 * every accepted report is processed and the ingest queue is empty, then reads back
 * everything the checks need. Faults are whatever the stack's process handler injects.
 */
export const runFaultScenario = async (local: LocalStackHandle, options: FaultScenarioOptions): Promise<FaultScenarioResult> => {
  const started = Date.now();
  const plan = planReports(makeContents(options.contents), options.units, options.reports, options.seed);
  const poison = makePoisonMessages(options.poisonMessages);
  const tokens = new Map(await Promise.all(options.units.map(async (unit) => [unit, await local.tokenFor({ role: 'referrer', unit })] as const)));

  // Poison messages are spread evenly through the run, so they share batches with good ones.
  type Task = { kind: 'report'; planned: PlannedReport } | { kind: 'poison'; message: PoisonMessage };
  const tasks: Task[] = [];
  const poisonEvery = Math.max(1, Math.floor(plan.length / Math.max(1, poison.length)));
  plan.forEach((planned, i) => {
    tasks.push({ kind: 'report', planned });
    if (i % options.retryEvery === 0) tasks.push({ kind: 'report', planned });
    const message = poison[Math.floor(i / poisonEvery)];
    if (i % poisonEvery === 0 && message) tasks.push({ kind: 'poison', message });
  });
  for (const message of poison.slice(Math.ceil(plan.length / poisonEvery))) tasks.push({ kind: 'poison', message });

  const apiStatuses = new Map<number, number>();
  await mapLimit(tasks, 12, async (task) => {
    if (task.kind === 'poison') {
      await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.ingest.url, MessageBody: task.message.body }));
      return;
    }
    const response = await postJson(`${local.apiUrl}/v1/reports`, tokens.get(task.planned.unit), task.planned.report);
    await response.arrayBuffer();
    apiStatuses.set(response.status, (apiStatuses.get(response.status) ?? 0) + 1);
  });

  // Settled when every planned submission is processed (or rejected) and nothing is in flight.
  const planned = new Set(plan.map((p) => p.report.submissionId));
  const deadline = Date.now() + options.settleTimeoutMs;
  const look = async () => ({ submissions: await scanItems(local, 'submission'), ingestDepth: await ingestQueuesDepth(local.stack) });
  let state = await look();
  const open = () => state.submissions.filter((s) => planned.has(String(s['submissionId'])) && s['status'] === 'accepted').length;
  while (!(open() === 0 && state.submissions.length >= planned.size && state.ingestDepth === 0) && Date.now() < deadline) {
    await sleep(options.settlePollMs ?? 2_000);
    state = await look();
  }
  const { submissions, ingestDepth: ingestDepthAtEnd } = state;

  const deadLetters = {} as Record<QueueName, DeadLetter[]>;
  for (const [name, queue] of Object.entries(local.stack.queues) as [QueueName, (typeof local.stack.queues)[QueueName]][]) {
    deadLetters[name] = await listDeadLetters(local.stack.sqs, { name, deadLetterUrl: queue.deadLetterUrl, sourceUrl: queue.url }, { max: options.poisonMessages * 3 + 50 });
  }
  return {
    plan,
    poison,
    apiStatuses,
    submissions,
    reports: await scanItems(local, 'report'),
    referrals: await scanItems(local, 'referral'),
    counters: { all: await readCounters(local, 'all'), unit: await readCounters(local, 'unit') },
    deadLetters,
    ingestDepthAtEnd,
    elapsedMs: Date.now() - started,
  };
};

/** Counts per key, for comparing expected and stored tallies. */
export const tally = <T>(items: T[], keyOf: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
};

/**
 * What the counters must say, derived from the plan and the stored acceptance times (not
 * from the counters): one `all` per referral on the day of its first report, one `unit`
 * per accepted report on the day it was accepted.
 */
export const expectedCounters = (result: FaultScenarioResult) => {
  const acceptedAt = new Map(result.submissions.map((s) => [String(s['submissionId']), String(s['acceptedAt'])]));
  const firstByContent = new Map<number, string>();
  for (const planned of result.plan) {
    const at = acceptedAt.get(planned.report.submissionId) ?? '';
    const known = firstByContent.get(planned.contentId);
    if (known === undefined || at < known) firstByContent.set(planned.contentId, at);
  }
  return {
    unit: tally(result.plan, (p) => `${utcDay(acceptedAt.get(p.report.submissionId) ?? '')}#${p.unit}`),
    allReferralsTotal: firstByContent.size,
  };
};

/** Planned submissions whose unit counter (day of acceptance, unit) does not hold them. */
export const submissionsMissingFromUnitCounters = (result: FaultScenarioResult): string[] => {
  const acceptedAt = new Map(result.submissions.map((s) => [String(s['submissionId']), String(s['acceptedAt'])]));
  const cells = new Map(result.counters.unit.map((c) => [c.sk, c.memberIds]));
  return result.plan
    .filter((p) => !cells.get(`${utcDay(acceptedAt.get(p.report.submissionId) ?? '')}#${p.unit}`)?.has(p.report.submissionId))
    .map((p) => p.report.submissionId);
};

export interface FaultScenarioFigures {
  accepted: number;
  storedReports: number;
  duplicateReports: number;
  referrals: number;
  poisonParked: number;
  poisonParkedTwice: number;
}

/**
 * What a faulty run must leave behind (nothing lost, nothing doubled), shared by the quick run in `npm test` and the 5,000-report
 * run: every accepted report stored exactly once under the referral of its content,
 * counters exact, every poison message parked with a reason, nothing else parked.
 */
export const verifyFaultScenario = (result: FaultScenarioResult, unitCounterWrites?: Map<string, string[]>): FaultScenarioFigures => {
  const { plan } = result;
  // Every planned report was accepted (202 first, 202 or 200 on a retry); nothing else answered.
  expect([...result.apiStatuses.keys()].filter((status) => status !== 202 && status !== 200)).toEqual([]);
  expect(result.ingestDepthAtEnd).toBe(0);

  const plannedIds = new Set(plan.map((p) => p.report.submissionId));
  // Poison messages created no submission: the table holds exactly the planned ones, all processed.
  expect(result.submissions.length).toBe(plannedIds.size);
  expect(result.submissions.filter((s) => s['status'] !== 'processed')).toEqual([]);

  // Stored exactly once: one report item per submission, none unplanned.
  const perSubmission = tally(result.reports, (r) => String(r['submissionId']));
  const duplicateReports = [...perSubmission.values()].filter((n) => n > 1).length;
  expect(duplicateReports).toBe(0);
  expect(result.reports.length).toBe(plannedIds.size);
  expect([...perSubmission.keys()].every((id) => plannedIds.has(id))).toBe(true);

  // One referral per content, counting each of its reports once, with exactly its units.
  const referralOf = new Map(result.submissions.map((s) => [String(s['submissionId']), String(s['referralId'])]));
  const referralsById = new Map(result.referrals.map((r) => [String(r['referralId']), r]));
  const contentOfReferral = new Map<string, number>();
  for (const planned of plan) {
    const referralId = referralOf.get(planned.report.submissionId) ?? '';
    const known = contentOfReferral.get(referralId);
    if (known !== undefined) expect(known).toBe(planned.contentId);
    contentOfReferral.set(referralId, planned.contentId);
  }
  const contents = new Set(plan.map((p) => p.contentId));
  expect(result.referrals.length).toBe(contents.size);
  expect(contentOfReferral.size).toBe(contents.size);
  for (const [referralId, contentId] of contentOfReferral) {
    const reportsOfContent = plan.filter((p) => p.contentId === contentId);
    const referral = referralsById.get(referralId);
    expect(referral?.['reportCount']).toBe(reportsOfContent.length);
    expect(referral?.['countingReports']).toBeUndefined();
    expect([...(referral?.['units'] as Set<string>)].sort()).toEqual([...new Set(reportsOfContent.map((p) => p.unit))].sort());
  }

  // Counters: each cell's count equals the ids its claims say were counted (once per id), no id
  // is left being counted, and the tallies match what was submitted.
  for (const cell of [...result.counters.all, ...result.counters.unit]) {
    expect(cell.count).toBe(cell.members);
    expect(cell.counting).toEqual([]);
  }
  const expected = expectedCounters(result);
  const referralsPerDay = tally(result.referrals, (r) => `${utcDay(String(r['firstReportedAt']))}#referrals`);
  expect(new Map(result.counters.all.map((c) => [c.sk, c.count]))).toEqual(referralsPerDay);
  expect(result.counters.all.reduce((sum, c) => sum + c.count, 0)).toBe(expected.allReferralsTotal);
  const missing = submissionsMissingFromUnitCounters(result);
  if (missing.length > 0) {
    // An intermittent miss once: the details of every missing submission say where it went.
    const submissionsById = new Map(result.submissions.map((s) => [String(s['submissionId']), s]));
    for (const id of missing.slice(0, 20)) {
      console.error(`missing from its unit counter: ${id}`, JSON.stringify({ submission: submissionsById.get(id), unitCounterWrites: unitCounterWrites?.get(id) }));
    }
  }
  expect(missing).toEqual([]);
  expect(new Map(result.counters.unit.map((c) => [c.sk, c.count]))).toEqual(expected.unit);

  // Dead letters: exactly the poison messages (a batch killed after parking one may park it
  // twice: SQS is at-least-once), each with a reason that names what is wrong.
  const ingestLetters = result.deadLetters.ingest;
  const poisonByBody = new Map(result.poison.map((p) => [p.body, p]));
  expect(ingestLetters.filter((letter) => !poisonByBody.has(letter.body))).toEqual([]);
  expect(new Set(ingestLetters.map((l) => l.body)).size).toBe(result.poison.length);
  for (const letter of ingestLetters) {
    const kind = poisonByBody.get(letter.body)?.kind;
    expect(letter.reason, `reason of a ${kind} message`).toMatch(kind === 'malformed-json' ? /^body is not JSON/ : /^message does not match ingestMessageV1: /);
    if (kind === 'invalid-report') expect(letter.reason).toMatch(/report\./);
  }
  for (const [name, letters] of Object.entries(result.deadLetters)) if (name !== 'ingest') expect(letters, `${name} DLQ`).toEqual([]);

  return {
    accepted: plannedIds.size,
    storedReports: result.reports.length,
    duplicateReports,
    referrals: result.referrals.length,
    poisonParked: new Set(ingestLetters.map((l) => l.body)).size,
    poisonParkedTwice: ingestLetters.length - new Set(ingestLetters.map((l) => l.body)).size,
  };
};
