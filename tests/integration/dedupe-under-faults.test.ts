import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { faultyProcessHandlerFactory, newFaultCounts } from '../helpers/fault-injection';
import { makeContents, mapLimit, planReports } from '../helpers/workload';
import { postJson } from '../helpers/factories';

const units = ['eu-iru', 'fr-pharos', 'de-bka', 'es-cgi', 'nl-nctv'];
const counts = newFaultCounts();
let local: LocalStackHandle;

beforeAll(async () => {
  local = await startLocalStack({
    retryAfterSeconds: 1,
    processConcurrency: 3,
    processHandlerFactory: faultyProcessHandlerFactory(
      { seed: 20261126, throttleRate: 0.01, crashAfterWriteRate: 0.01, batchCrashRate: 0.05, faultFreeFromReceive: 4 },
      counts,
    ),
  });
});
afterAll(async () => {
  await local?.stop();
});

describe('1,000 reports of 300 contents from 5 units, with crashes, throttling and redelivery', () => {
  it('become exactly 300 referrals with exact unit lists and counters', async () => {
    const contents = makeContents(300);
    const plan = planReports(contents, units, 1_000, 7);
    const tokens = Object.fromEntries(await Promise.all(units.map(async (unit) => [unit, await local.tokenFor({ role: 'referrer', unit })] as const)));

    // Some officers' extensions retry a submission that was already accepted.
    const retried = plan.filter((_, i) => i % 17 === 0);
    const statuses = await mapLimit([...plan, ...retried], 12, async ({ unit, report }) => {
      const response = await postJson(`${local.apiUrl}/v1/reports`, tokens[unit], report);
      return response.status;
    });
    expect(statuses.every((status) => status === 202 || status === 200)).toBe(true);

    const outcomes = await mapLimit(plan, 8, ({ report }) => local.waitForSubmission(report.submissionId, 120_000));

    // Every report of one content names one referral, and different contents never share one.
    const referralOfContent = new Map<number, string>();
    plan.forEach(({ contentId }, i) => {
      const referralId = outcomes[i]?.referralId ?? '';
      const known = referralOfContent.get(contentId);
      if (known === undefined) referralOfContent.set(contentId, referralId);
      else expect(referralId).toBe(known);
    });
    expect(new Set(referralOfContent.values()).size).toBe(300);
    expect(await local.countReferrals()).toBe(300);
    expect((await local.scanEntities('report')).length).toBe(1_000);

    for (const content of contents) {
      const reports = plan.filter((p) => p.contentId === content.id);
      const referral = await local.getReferral(referralOfContent.get(content.id) ?? '');
      expect(referral?.reportCount).toBe(reports.length);
      expect(referral?.units).toEqual([...new Set(reports.map((r) => r.unit))].sort());
    }

    // Trend counters are exact: one per referral, one per report per unit.
    const today = new Date().toISOString().slice(0, 10);
    const { stats } = local.stores;
    const counter = async (dimension: string, value: string) =>
      (await stats.counters(dimension, today, today)).rows.filter((row) => row.value === value).reduce((sum, row) => sum + row.count, 0);
    expect(await counter('all', 'referrals')).toBe(300);
    for (const unit of units) expect(await counter('unit', unit)).toBe(plan.filter((p) => p.unit === unit).length);

    // The faults really happened, and nothing ended in the dead-letter queue.
    expect(counts.throttles + counts.crashesAfterWrite + counts.batchCrashes).toBeGreaterThan(20);
    const dlq = await local.stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: local.stack.queues.ingest.deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(dlq.Attributes?.['ApproximateNumberOfMessages']).toBe('0');
    console.info(`fault run: ${JSON.stringify(counts)}`);
  });
});
