import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentDetail, type IncidentDetail } from '../../functions/contract/incident';
import { faultyProcessHandlerFactory, newFaultCounts } from '../helpers/fault-injection';
import { runFaultScenario, scanItems, tally, verifyFaultScenario } from '../helpers/fault-scenario';
import { postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeContents } from '../helpers/workload';

/**
 * An attack day in crisis mode: an incident is declared with the URLs of 500 pieces of content,
 * then about 2,000 reports of them (each in whatever URL form the officer found) and 200 of 50
 * unrelated contents arrive from five units while the process stage is throttled, killed between
 * writes and after whole batches (the faults of the 5,000-report run). The incident view must
 * count exactly what the table holds: its figures are recomputed here from the stored referrals
 * and report items, by code of the test's own. Runs in `npm run test:reliability`.
 */

const counts = newFaultCounts();
const contents = makeContents(550);
/** Contents 0-499 are the incident's; 500-549 are reported the same day and are not. */
const seeded = contents.slice(0, 500);
const incidentId = randomUUID();
let local: LocalStackHandle;

type Item = Record<string, unknown>;
const text = (item: Item, key: string): string => String(item[key]);
const hourOf = (iso: string): string => `${iso.slice(0, 13)}:00Z`;

/** Nearest rank, written again here rather than imported: the figures under test are the view's. */
const rank = (values: number[], p: number): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : (sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? null);
};

/** The incident's figures as a person would count them from the table: referrals tagged, their report items, their state. */
const countFromTable = (referrals: Item[], reports: Item[]): IncidentDetail['figures'] => {
  const reportsOf = tally(reports, (report) => text(report, 'referralId'));
  const removed = (r: Item) => (r['status'] === 'actioned' && r['outcome'] === 'removed') || r['status'] === 'already_gone';
  const figuresOf = (platform: string, group: Item[]) => {
    const removals = group.filter((r) => r['status'] === 'actioned' && r['outcome'] === 'removed' && r['sentAt'] && r['closedAt']).map((r) => Math.round((Date.parse(text(r, 'closedAt')) - Date.parse(text(r, 'sentAt'))) / 1000));
    return {
      platform,
      referrals: group.length,
      reports: group.reduce((n, r) => n + (reportsOf.get(text(r, 'referralId')) ?? 0), 0),
      notified: group.filter((r) => r['sentAt'] !== undefined).length,
      removed: group.filter(removed).length,
      stillOnline: group.filter((r) => !removed(r)).length,
      declined: group.filter((r) => r['status'] === 'declined').length,
      removedAfterNotice: removals.length,
      p50Seconds: rank(removals, 50),
      p90Seconds: rank(removals, 90),
    };
  };
  const hours = [...new Set([...referrals.map((r) => hourOf(text(r, 'firstReportedAt'))), ...reports.map((r) => hourOf(text(r, 'acceptedAt')))])].sort();
  const platforms = [...new Set(referrals.map((r) => text(r, 'platform')))].sort();
  return {
    totals: figuresOf('all', referrals),
    perHour: hours.map((hour) => {
      const begun = referrals.filter((r) => hourOf(text(r, 'firstReportedAt')) === hour);
      return { hour, reports: reports.filter((r) => hourOf(text(r, 'acceptedAt')) === hour).length, referrals: begun.length, notified: begun.filter((r) => r['sentAt'] !== undefined).length };
    }),
    perPlatform: platforms.map((platform) => figuresOf(platform, referrals.filter((r) => r['platform'] === platform))),
  };
};

beforeAll(async () => {
  local = await startLocalStack({
    retryAfterSeconds: 1,
    processConcurrency: 4,
    processHandlerFactory: faultyProcessHandlerFactory({ seed: 2_000_2026, throttleRate: 0.01, crashAfterWriteRate: 0.01, batchCrashRate: 0.05, faultFreeFromReceive: 4 }, counts),
  });
  const admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  // Each seed in one URL form, the reports in any of the content's forms: the match is on the content.
  const urls = seeded.map((content) => content.forms[content.id % content.forms.length] as string);
  const declared = await postJson(`${local.apiUrl}/v1/incidents`, admin, { incidentId, name: 'Attack day', startedAt: new Date(Date.now() - 60_000).toISOString(), seeds: { urls } });
  expect(declared.status, await declared.clone().text()).toBe(201);
});
afterAll(async () => {
  await local?.stop();
});

describe('a 2,000-report incident under crashes, throttling and redelivery', () => {
  it('tags each of its referrals once, and its view counts exactly what the table holds', async () => {
    const result = await runFaultScenario(local, {
      reports: 2_200,
      contents: contents.length,
      poisonMessages: 30,
      units: ['eu-iru', 'fr-pharos', 'de-bka', 'es-cgi', 'nl-nctv'],
      seed: 20_261_207,
      retryEvery: 13,
      settleTimeoutMs: 300_000,
      settlePollMs: 3_000,
    });
    verifyFaultScenario(result, counts.unitCounterWrites);
    expect(counts.crashesAfterWrite).toBeGreaterThan(10);
    expect(counts.batchCrashes).toBeGreaterThan(2);

    // Which referrals are the incident's, from the plan: the referral of every report of a seeded content.
    const referralOf = new Map(result.submissions.map((s) => [text(s, 'submissionId'), text(s, 'referralId')]));
    const seededIds = new Set(seeded.map((content) => content.id));
    const planned = result.plan.filter((p) => seededIds.has(p.contentId));
    const expectedIds = new Set(planned.map((p) => referralOf.get(p.report.submissionId) ?? ''));
    expect(expectedIds.size).toBe(seeded.length);
    expect(planned.length).toBeGreaterThanOrEqual(1_900);

    // The table: each of them labelled with the incident once and tagged once, the unrelated ones neither.
    const labelled = (r: Item) => (r['labels'] as { name: string; value: string }[]).filter((l) => l.name === 'incident' && l.value === incidentId);
    const tagged = result.referrals.filter((r) => labelled(r).length > 0);
    expect(new Set(tagged.map((r) => text(r, 'referralId')))).toEqual(expectedIds);
    expect(tagged.filter((r) => labelled(r).length !== 1)).toEqual([]);
    expect(tagged.filter((r) => r['priority'] !== 'P1' && r['priority'] !== 'P2')).toEqual([]);
    const tags = (await scanItems(local, 'incident-referral')).filter((tag) => tag['incidentId'] === incidentId);
    expect([...tally(tags, (tag) => text(tag, 'referralId')).entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(tags.map((tag) => text(tag, 'referralId')))).toEqual(expectedIds);

    // The view: figures equal to the count from the stored referrals and report items, every referral listed once.
    const reports = result.reports.filter((report) => expectedIds.has(text(report, 'referralId')));
    expect(reports).toHaveLength(planned.length);
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'fr-pharos' });
    const answer = await fetch(`${local.apiUrl}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(answer.status).toBe(200);
    const view = incidentDetail.parse(await answer.json());
    expect(view.figures).toEqual(countFromTable(tagged, reports));
    expect(view.figures.totals).toMatchObject({ referrals: seeded.length, reports: planned.length });
    expect(view.referrals.map((row) => row.referralId).sort()).toEqual([...expectedIds].sort());
    expect(view.referralsNotShown).toBe(0);
    const reportsOf = tally(reports, (report) => text(report, 'referralId'));
    expect(view.referrals.filter((row) => row.reportCount !== reportsOf.get(row.referralId))).toEqual([]);

    // The debrief prints the same totals.
    const debrief = await fetch(`${local.apiUrl}/v1/incidents/${incidentId}/debrief`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(await debrief.text()).toContain(`- Referrals (distinct URLs): ${seeded.length}, from ${planned.length} reports`);
  });
});
