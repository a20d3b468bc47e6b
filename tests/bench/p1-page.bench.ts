import { sandboxPagerSecretFor, type SandboxPager } from '../../infra/local/sandbox-pager';
import { makeReport, postJson } from '../helpers/factories';
import { loadFigures, percentile, runLoad } from '../helpers/load-run';
import { startBenchStack } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * A threat to life reaches a person within a minute: from the API's acceptance of a P1 report
 * (the submission's `acceptedAt`) to the page arriving at the sandbox pager (its receipt time,
 * after it verified the signature), while the stack takes a background of 50 reports/s (single
 * POSTs, open loop, the reliability load's mix of five units). The P1 reports are new content, one
 * a second (a P1 is rare: more would measure a backlog of pages), sent only while the background
 * runs at full rate. Target: p99 < 5 s.
 */

const name = 'p1-page';
const backgroundRatePerSecond = 50;
const backgroundSeconds = 60;
/** P1 reports start once the background has run this long, and stop this long before it ends. */
const marginSeconds = 5;
const p1EveryMs = 1_000;
/** A page not received this long after the last P1 report counts as not paged. */
const pageWaitMs = 60_000;
const unit = 'eu-iru';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const run = async (): Promise<BenchFigure[]> => {
  // Lambda's maximum concurrency for the process function (infra/resources.ts), as the load module.
  const local = await startBenchStack({ processConcurrency: 5 });
  try {
    const pager = local.stack.sandboxPager as SandboxPager;
    const contact = (routingKey: string) => ({
      name: routingKey,
      channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(local.stack.devAuthSecret, routingKey) },
    });
    const admin = await local.tokenFor({ role: 'admin', unit });
    const settings = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectedVersion: 0, fourEyes: false, contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' }, displayName: 'EU IRU', onCall: { contacts: [contact('duty-1'), contact('duty-2')], unitHead: contact('head'), ackMinutes: 10 } }),
    });
    if (settings.status !== 200) throw new Error(`the rota was refused: HTTP ${settings.status} ${await settings.text()}`);
    const referrer = await local.tokenFor({ role: 'referrer', unit, sub: 'officer-p1' });

    const background = runLoad(local, { ratePerSecond: backgroundRatePerSecond, durationSeconds: backgroundSeconds, maxInFlight: 400 });
    await sleep(marginSeconds * 1_000);
    const p1Ids: string[] = [];
    const refused: string[] = [];
    const p1Count = Math.floor(((backgroundSeconds - 2 * marginSeconds) * 1_000) / p1EveryMs);
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < p1Count; i += 1) {
      const wait = started + i * p1EveryMs - performance.now();
      if (wait > 0) await sleep(wait);
      const report = makeReport({ url: `https://x.com/p1_bench/status/18${String(i).padStart(17, '0')}`, category: 'attack_planning', urgent: true, title: `P1 ${i}` });
      p1Ids.push(report.submissionId);
      sends.push(
        postJson(`${local.apiUrl}/v1/reports`, referrer, report).then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 202) refused.push(`P1 ${i}: HTTP ${response.status}`);
        }),
      );
    }
    await Promise.all(sends);
    const lastP1At = Date.now();

    // Each P1's referral, then its first page at the pager.
    const acceptedAt = new Map<string, number>();
    const deadline = lastP1At + pageWaitMs;
    const pageOf = (referralId: string) => pager.incidents().get(`referral-desk/${referralId}/step-0`);
    const referralOf = new Map<string, string>();
    for (;;) {
      for (const id of p1Ids) {
        if (referralOf.has(id)) continue;
        const submission = await local.store.getSubmission(id);
        if (submission?.acceptedAt) acceptedAt.set(id, Date.parse(submission.acceptedAt));
        if (submission?.status === 'processed' && submission.referralId) referralOf.set(id, submission.referralId);
      }
      const waiting = p1Ids.filter((id) => !referralOf.has(id) || !pageOf(referralOf.get(id) ?? ''));
      if (waiting.length === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    // A P1 not paged within the wait counts as slower than any paged one, so the percentiles never flatter.
    const sincePage = (id: string, from: Map<string, number>): number => {
      const page = pageOf(referralOf.get(id) ?? '');
      const at = from.get(id);
      return page && at !== undefined ? Date.parse(page.receivedAt) - at : Number.POSITIVE_INFINITY;
    };
    const latencies = p1Ids.map((id) => sincePage(id, acceptedAt)).sort((a, b) => a - b);
    // Where the time goes: the part after the process stage stored the report (escalation queue, stage, pager).
    const processedAt = new Map<string, number>();
    for (const id of p1Ids) {
      const submission = await local.store.getSubmission(id);
      if (submission?.processedAt) processedAt.set(id, Date.parse(submission.processedAt));
    }
    const afterStored = p1Ids.map((id) => sincePage(id, processedAt)).sort((a, b) => a - b);
    const paged = latencies.filter(Number.isFinite).length;
    const load = await background;

    // Pages the pager refused (bad signature) or received twice for one step would be defects, counted here.
    const p1Referrals = new Set(referralOf.values());
    const pagesOfP1 = pager.pages.filter((page) => p1Referrals.has(page.event?.dedup_key.split('/')[1] ?? ''));
    const unverified = pagesOfP1.filter((page) => !page.signatureValid).length;
    const triggers = pagesOfP1.filter((page) => page.status === 202 && page.event?.event_action === 'trigger');
    const repeated = triggers.length - new Set(triggers.map((page) => page.event?.dedup_key)).size;
    const p1Set = new Set(p1Ids);
    const backgroundStored = load.submissions
      .filter((s) => !p1Set.has(String(s['submissionId'])) && s['processedAt'] !== undefined)
      .map((s) => Date.parse(String(s['processedAt'])) - Date.parse(String(s['acceptedAt'])))
      .sort((a, b) => a - b);
    const figures = loadFigures(load);
    const conditions = `${p1Ids.length} P1 reports (1 per ${p1EveryMs} ms, new content) during ${backgroundRatePerSecond} reports/s of background for ${backgroundSeconds} s`;
    return [
      { benchmark: name, metric: 'P1 accepted to page at the sandbox pager, p50', value: percentile(latencies, 50), unit: 'ms', note: conditions },
      {
        benchmark: name,
        metric: 'P1 accepted to page at the sandbox pager, p99',
        value: percentile(latencies, 99),
        unit: 'ms',
        note: `${percentile(latencies, 99) < 5_000 ? 'meets' : 'MISSES'} target < 5,000 ms; max ${latencies.at(-1) ?? 'n/a'} ms; ${paged} of ${p1Ids.length} paged within ${pageWaitMs / 1000} s of the last, ${refused.length} refused, ${unverified} with an invalid signature, ${repeated} paged twice`,
      },
      { benchmark: name, metric: 'P1 stored by the process stage to page at the sandbox pager, p99', value: percentile(afterStored, 99), unit: 'ms', note: `p50 ${percentile(afterStored, 50)} ms: the escalation queue, stage and pager; the rest of the time above is the urgent ingest queue and the process stage` },
      { benchmark: name, metric: 'background: achieved send rate', value: figures.achievedRatePerSecond, unit: 'reports/s', note: `${load.offered} offered, ${load.errors.length} errors, ${figures.retries} sends repeated` },
      { benchmark: name, metric: 'background: accepted-to-stored p99', value: percentile(backgroundStored, 99), unit: 'ms', note: `p50 ${percentile(backgroundStored, 50)} ms` },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
