import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentClosed, incidentDetail, type IncidentDetail } from '../../functions/contract/incident';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * The incident view: every referral tagged with the incident (by a seed or by hand), read by key,
 * and figures that equal a hand count of a small attack. Every officer reads it; a liaison officer
 * sees the rows of their own platforms; no officer of any unit is named in it.
 */

let local: LocalStackHandle;
const tokens = { admin: '', referrer: '', telegramLiaison: '', youtubeLiaison: '', otherUnitAnalyst: '', deploymentAdmin: '' };
const incidentId = randomUUID();
const startedAt = new Date(Date.now() - 60_000).toISOString();
const ids = { removed: '', waiting: '', byHand: '', unrelated: '' };

const get = (path: string, token: string) => fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
const view = async (token: string): Promise<IncidentDetail> => {
  const response = await get(`/v1/incidents/${incidentId}`, token);
  expect(response.status).toBe(200);
  return incidentDetail.parse(await response.json());
};
const file = async (report: ReturnType<typeof makeReport>): Promise<string> => {
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  return (await local.waitForSubmission(report.submissionId)).referralId;
};
/** A liaison officer works the referral at its platform, as the dashboard does, one version at a time. */
const work = async (referralId: string, token: string, steps: { path: string; body?: Record<string, unknown> }[]) => {
  for (const step of steps) {
    const version = (await local.getReferral(referralId))?.version ?? -1;
    const answer = await postJson(`${local.apiUrl}/v1/referrals/${referralId}/${step.path}`, token, { ...step.body, expectedVersion: version });
    expect(answer.status, `${step.path}: ${await answer.clone().text()}`).toBeLessThan(300);
  }
};

beforeAll(async () => {
  local = await startLocalStack();
  tokens.admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  tokens.telegramLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['telegram'] });
  tokens.youtubeLiaison = await local.tokenFor({ role: 'liaison', unit: 'fr-pharos', sub: 'liaison.yves', platforms: ['youtube'] });
  tokens.otherUnitAnalyst = await local.tokenFor({ role: 'analyst', unit: 'fr-pharos', sub: 'analyst.marc' });
  tokens.deploymentAdmin = await local.tokenFor({ role: 'deployment-admin', unit: 'eu-iru', sub: 'platforms.pia' });
  const declared = await postJson(`${local.apiUrl}/v1/incidents`, tokens.admin, { incidentId, name: 'Attack on the station', startedAt, seeds: { handles: ['@station_attack'], terms: ['station convoy'] } });
  expect(declared.status).toBe(201);

  ids.removed = await file(makeReport({ url: 'https://t.me/s/station_attack/1', category: 'propaganda' }));
  ids.waiting = await file(makeReport({ url: 'https://t.me/s/station_attack/2', category: 'propaganda' }));
  // A second report of the same post: one referral, two reports, tagged once.
  expect(await file(makeReport({ url: 'https://t.me/s/station_attack/2', category: 'propaganda' }))).toBe(ids.waiting);
  ids.byHand = await file(makeReport({ url: 'https://www.youtube.com/watch?v=STATION0001', category: 'propaganda', title: 'Reworded footage' }));
  ids.unrelated = await file(makeReport({ url: 'https://www.youtube.com/watch?v=STATION0002', category: 'propaganda', title: 'Unrelated' }));
  expect((await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/referrals`, tokens.referrer, { referralId: ids.byHand })).status).toBe(200);

  await work(ids.removed, tokens.telegramLiaison, [{ path: 'claim' }, { path: 'send' }, { path: 'transitions', body: { to: 'actioned', outcome: 'removed' } }]);
  await work(ids.waiting, tokens.telegramLiaison, [{ path: 'claim' }, { path: 'send' }]);
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

describe('GET /v1/incidents/{id}', () => {
  it('counts every tagged referral once, as a hand count does', async () => {
    const detail = await view(tokens.admin);
    const removed = await local.getReferral(ids.removed);
    const seconds = Math.round((Date.parse(removed?.closedAt ?? '') - Date.parse(removed?.sentAt ?? '')) / 1000);
    expect(detail.referrals.map((row) => row.referralId).sort()).toEqual([ids.removed, ids.waiting, ids.byHand].sort());
    expect(detail.referralsNotShown).toBe(0);
    expect(detail.figures.totals).toEqual({ platform: 'all', referrals: 3, reports: 4, notified: 2, removed: 1, stillOnline: 2, declined: 0, removedAfterNotice: 1, p50Seconds: seconds, p90Seconds: seconds });
    expect(detail.figures.perPlatform).toEqual([
      { platform: 'telegram', referrals: 2, reports: 3, notified: 2, removed: 1, stillOnline: 1, declined: 0, removedAfterNotice: 1, p50Seconds: seconds, p90Seconds: seconds },
      { platform: 'youtube', referrals: 1, reports: 1, notified: 0, removed: 0, stillOnline: 1, declined: 0, removedAfterNotice: 0, p50Seconds: null, p90Seconds: null },
    ]);
    expect(detail.figures.perHour.reduce((n, hour) => n + hour.referrals, 0)).toBe(3);
    expect(detail.figures.perHour.reduce((n, hour) => n + hour.reports, 0)).toBe(4);
    expect(detail.referrals.filter((row) => row.status !== 'actioned').map((row) => row.referralId).sort()).toEqual([ids.waiting, ids.byHand].sort());
    const events = detail.timeline.map((entry) => `${entry.referralId ?? 'incident'} ${entry.event}`);
    expect(events).toEqual(expect.arrayContaining(['incident incident declared', `${ids.removed} sent to the platform`, `${ids.removed} actioned (removed)`, `${ids.byHand} first reported`]));
    expect(detail.incident).toMatchObject({ incidentId, status: 'open', declaredBy: 'admin.kai' });
  });

  it('stays exact when a tag is written again (a redelivered report, a repeated addition)', async () => {
    const before = await view(tokens.admin);
    const label = { name: 'incident', value: incidentId, rule: 'incident-seed-handle', evidence: ['redelivered'] };
    expect(await local.stores.incidents.labelReferral(ids.waiting, incidentId, label, new Date().toISOString())).toBe(false);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/referrals`, tokens.referrer, { referralId: ids.byHand })).status).toBe(200);
    expect((await view(tokens.admin)).figures).toEqual(before.figures);
    expect((await local.getReferral(ids.waiting))?.labels.filter((l) => l.name === 'incident')).toHaveLength(1);
  });

  it('shows another unit the same figures, masks the declaring officer, and names no officer anywhere', async () => {
    const own = await view(tokens.admin);
    const other = await view(tokens.otherUnitAnalyst);
    expect(other.figures).toEqual(own.figures);
    expect(other.incident.declaredBy).toBe('(another unit)');
    const text = JSON.stringify(other);
    for (const officer of ['admin.kai', 'officer.ana', 'liaison.lena']) expect(text).not.toContain(officer);
  });

  it('lists a liaison officer the referrals of their platforms only, with the same figures', async () => {
    const youtube = await view(tokens.youtubeLiaison);
    expect(youtube.referrals.map((row) => row.referralId)).toEqual([ids.byHand]);
    expect(youtube.referralsNotShown).toBe(2);
    expect(youtube.timeline.filter((entry) => entry.referralId !== undefined).every((entry) => entry.referralId === ids.byHand)).toBe(true);
    expect(youtube.figures).toEqual((await view(tokens.admin)).figures);
  });

  it('answers 404 for an id that names no incident, and 403 to a role outside the units', async () => {
    for (const id of [randomUUID(), 'not-an-incident', 'A'.repeat(2_000), ids.removed]) {
      const answer = await get(`/v1/incidents/${id}`, tokens.admin);
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await get(`/v1/incidents/${incidentId}`, tokens.deploymentAdmin)).status).toBe(403);
    // Several roles: the analyst role reads every platform, whatever the liaison role's platforms.
    const liaisonAnalyst = await local.tokenFor({ role: ['liaison', 'analyst'], unit: 'fr-pharos', platforms: [] });
    expect((await view(liaisonAnalyst)).referrals).toHaveLength(3);
    const liaisonDeploymentAdmin = await local.tokenFor({ role: ['liaison', 'deployment-admin'], unit: 'eu-iru', platforms: ['youtube'] });
    expect((await view(liaisonDeploymentAdmin)).referrals.map((row) => row.referralId)).toEqual([ids.byHand]);
  });
});

describe('the debrief', () => {
  it('GET /v1/incidents/{id}/debrief prints the figures, per-platform outcomes, the timeline and every referral', async () => {
    const answer = await get(`/v1/incidents/${incidentId}/debrief`, tokens.otherUnitAnalyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/markdown/);
    const markdown = await answer.text();
    expect(markdown).toContain('# Debrief: Attack on the station');
    expect(markdown).toContain('still open: an interim debrief');
    expect(markdown).toContain('- Referrals (distinct URLs): 3, from 4 reports');
    expect(markdown).toMatch(/\| telegram \| 2 \| 3 \| 2 \| 1 \| 0 \| 1 \| /);
    for (const id of Object.values(ids).filter((id) => id !== ids.unrelated)) expect(markdown).toContain(`| ${id} |`);
    expect(markdown).not.toContain(ids.unrelated);
    for (const officer of ['admin.kai', 'officer.ana', 'liaison.lena']) expect(markdown).not.toContain(officer);
  });

  it('is a PDF in the layout of removal orders, and refuses an unknown format, writing nothing', async () => {
    const pdf = await get(`/v1/incidents/${incidentId}/debrief?format=pdf`, tokens.admin);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const before = await local.scanEntities('incident-referral');
    for (const query of ['?format=html', '?format=', '?format=md&format=pdf']) {
      const refused = await get(`/v1/incidents/${incidentId}/debrief${query}`, tokens.admin);
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
    }
    expect(await local.scanEntities('incident-referral')).toEqual(before);
    expect((await get(`/v1/incidents/${randomUUID()}/debrief`, tokens.admin)).status).toBe(404);
  });
});

// The tool must find the stack from .data/, not from an override in the caller's environment.
const { REFERRAL_DESK_API: _apiOverride, ...withoutApiOverride } = process.env;
/** Runs a command-line tool the way `npm run` does: Node 24 with tsx. */
const cli = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/incident-cli.ts', ...args], { cwd: process.cwd(), env: { ...withoutApiOverride, DATA_DIR: local.dataDir } });

describe('npm run incident -- report <id>', () => {
  it('prints the debrief of the stack `npm start` runs, found from .data/', async () => {
    await local.announceRunning();
    const { stdout } = await cli(['report', incidentId]);
    expect(stdout).toContain('# Debrief: Attack on the station');
    expect(stdout).toContain(`| ${ids.byHand} | youtube |`);
  });

  it('writes a PDF to --out', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'debrief-')), 'debrief.pdf');
    await cli(['report', incidentId, '--format', 'pdf', '--out', out, '--api', local.apiUrl, '--token', tokens.admin]);
    expect((await readFile(out)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a bad id, a PDF to the terminal, and an unknown incident, with its usage or the API answer', async () => {
    await expect(cli(['report', 'attack'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
    await expect(cli(['report', incidentId, '--format', 'pdf'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--out') });
    await expect(cli(['report', randomUUID(), '--api', local.apiUrl])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
  });
});


describe('closing the incident produces its debrief', () => {
  const close = async (id: string, token = tokens.admin) => {
    const answer = await postJson(`${local.apiUrl}/v1/incidents/${id}/close`, token, {});
    expect(answer.status).toBe(200);
    return incidentClosed.parse(await answer.json());
  };
  const read = async (path: string, token = tokens.admin) => {
    const answer = await get(path, token);
    expect(answer.status).toBe(200);
    return Buffer.from(await answer.arrayBuffer());
  };
  const debriefEvents = async (id: string) => (await local.scanEntities('incident-event')).filter((item) => (item['incidentId'] as { S: string }).S === id && (item['action'] as { S: string }).S === 'debriefed');

  it('freezes the debrief at the close, says where to read it, and reads the same after the platforms act', async () => {
    const closed = await close(incidentId);
    expect(closed).toMatchObject({ status: 'closed', debrief: { referrals: 3, markdown: `/v1/incidents/${incidentId}/debrief?format=md`, pdf: `/v1/incidents/${incidentId}/debrief?format=pdf` } });
    const markdown = await read(closed.debrief.markdown);
    const pdf = await read(closed.debrief.pdf);
    expect(markdown.toString('utf8')).toContain(`closed ${closed.closedAt?.slice(0, 10)}`);
    expect(markdown.toString('utf8')).not.toContain('interim');
    expect(markdown.toString('utf8')).toContain(`Generated ${closed.debrief.generatedAt.slice(0, 10)} ${closed.debrief.generatedAt.slice(11, 19)} UTC`);

    // After the close, the waiting post comes down: the view follows it, the debrief stays as it was.
    await work(ids.waiting, tokens.telegramLiaison, [{ path: 'transitions', body: { to: 'actioned', outcome: 'removed' } }]);
    expect((await view(tokens.admin)).figures.totals.removed).toBe(2);
    expect((await read(closed.debrief.markdown)).equals(markdown)).toBe(true);
    expect((await read(closed.debrief.pdf)).equals(pdf)).toBe(true);
    expect(markdown.toString('utf8')).toContain('- Removed: 1; declined: 0; still online: 2');
  });

  it('answers a repeated close with the same debrief and records it once', async () => {
    const first = (await debriefEvents(incidentId))[0];
    const again = await close(incidentId, await local.tokenFor({ role: 'admin', unit: 'fr-pharos', sub: 'admin.marc' }));
    expect(await debriefEvents(incidentId)).toEqual([first]);
    expect(first?.['sha256']).toEqual({ S: again.debrief.sha256 });
    expect(first?.['by']).toEqual({ S: 'admin.kai' });
    expect((await local.scanEntities('incident-debrief')).filter((item) => (item['incidentId'] as { S: string }).S === incidentId)).toHaveLength(1);
  });

  it("prints a liaison officer's debrief with their platforms' rows only, over the same frozen figures", async () => {
    const markdown = (await read(`/v1/incidents/${incidentId}/debrief`, tokens.youtubeLiaison)).toString('utf8');
    expect(markdown).toContain('- Referrals (distinct URLs): 3, from 4 reports');
    expect(markdown).toContain(`| ${ids.byHand} |`);
    expect(markdown).not.toContain(`| ${ids.removed} |`);
  });

  it('freezes, at the first read, the debrief of an incident whose close stopped before it froze one', async () => {
    const crashed = randomUUID();
    expect((await postJson(`${local.apiUrl}/v1/incidents`, tokens.admin, { incidentId: crashed, name: 'Attack at the bridge', startedAt, seeds: { terms: ['bridge convoy'] } })).status).toBe(201);
    // The close's first writes, then the crash: the incident is closed and has no debrief.
    await local.stores.incidents.close(crashed, new Date().toISOString(), 'admin.kai');
    expect(await local.stores.incidentDebriefs.get(crashed)).toBeUndefined();
    const markdown = await read(`/v1/incidents/${crashed}/debrief?format=md`);
    expect(markdown.toString('utf8')).toContain('- Referrals (distinct URLs): 0, from 0 reports');
    const repeated = await close(crashed);
    expect(repeated.debrief.sha256).toBe((await local.stores.incidentDebriefs.get(crashed))?.sha256);
    expect((await read(repeated.debrief.markdown)).equals(markdown)).toBe(true);
    expect(await debriefEvents(crashed)).toHaveLength(1);
  });
});
