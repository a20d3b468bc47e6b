import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportBatchResponse } from '../../functions/contract/report-batch';
import { runImport } from '../../infra/local/import-client';
import { makeActionDayFile } from '../helpers/action-day-file';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { mapLimit } from '../helpers/workload';

let local: LocalStackHandle;
let token: string;
let workDir: string;

beforeAll(async () => {
  local = await startLocalStack({ processConcurrency: 4 });
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.import' });
  workDir = await mkdtemp(join(tmpdir(), 'referral-import-'));
});
afterAll(async () => {
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const postBatch = (reports: unknown[], bearer = token, path = '/v1/reports:batch') => postJson(`${local.apiUrl}${path}`, bearer, { reports });

// The tools must find the stack from .data/, not from an override in the caller's environment.
const { REFERRAL_DESK_API: _apiOverride, ...withoutApiOverride } = process.env;
/** `npm run import` as an officer runs it, against the stack this test announced in its data folder. */
const importCli = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/import-cli.ts', ...args], {
    cwd: process.cwd(),
    env: { ...withoutApiOverride, DATA_DIR: local.dataDir },
  }).then(
    (out) => ({ code: 0, stdout: out.stdout, stderr: out.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const referralsAndReports = async () => ({ referrals: await local.countReferrals(), reports: (await local.scanEntities('report')).length });

describe('POST /v1/reports:batch', () => {
  it('routes the literal path, answers each report on its own, and treats resent ids as retries', async () => {
    const good = makeReport({ url: 'https://t.me/s/batchchannel/1' });
    const twin = makeReport({ url: 'https://t.me/batchchannel/1?single' });
    const bad = { ...makeReport(), url: 'javascript:alert(1)' };
    const response = await postBatch([good, bad, twin, { ...good }]);
    expect(response.status).toBe(200);
    const body = reportBatchResponse.parse(await response.json());
    expect(body.counts).toEqual({ accepted: 2, processed: 0, rejected: 2, failed: 0 });
    expect(body.results[0]).toEqual({ index: 0, status: 'accepted', submissionId: good.submissionId, firstSeen: true });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', code: 'invalid_report', issues: [{ path: 'url' }] });
    expect(body.results[3]).toMatchObject({ index: 3, status: 'rejected', issues: [{ path: 'submissionId', message: expect.stringContaining('report 0'), code: 'repeated_submission_id' }] });

    const first = await local.waitForSubmission(good.submissionId);
    expect((await local.waitForSubmission(twin.submissionId)).referralId).toBe(first.referralId);
    const again = reportBatchResponse.parse(await (await postBatch([good])).json());
    expect(again.results[0]).toEqual({ index: 0, status: 'processed', submissionId: good.submissionId, referralId: first.referralId });
    expect((await local.getReferral(first.referralId))?.reportCount).toBe(2);
  });

  it('refuses an empty or oversized batch, a wrong role, and leaves /v1/reports and look-alike paths alone', async () => {
    expect((await postBatch([])).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, () => makeReport());
    const refused = await postBatch(tooMany);
    expect(refused.status).toBe(400);
    expect(await local.store.getSubmission(tooMany[0]?.submissionId ?? '')).toBeUndefined();
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru' });
    expect((await postBatch([makeReport()], analyst)).status).toBe(403);
    expect((await postBatch([makeReport()], token, '/v1/reports:batchx')).status).toBe(404);
    expect((await postBatch([makeReport()], token, '/v1/xreports:batch')).status).toBe(404);
    // The single-report route still takes a report, not a batch.
    const single = makeReport();
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, single)).status).toBe(202);
    // Settled here, so the import's exact counts below see only the import.
    await local.waitForSubmission(single.submissionId);
  });

  it('rejects a submissionId that belongs to another unit as a conflict, alone', async () => {
    const ours = makeReport();
    expect((await postBatch([ours])).status).toBe(200);
    const pharos = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos' });
    const fresh = makeReport();
    const body = reportBatchResponse.parse(await (await postBatch([ours, fresh], pharos)).json());
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
    expect(body.results[0]).toMatchObject({ code: 'conflict' });
    await local.waitForSubmission(ours.submissionId);
    await local.waitForSubmission(fresh.submissionId);
  });
});

/**
 * 2,000 rows through the whole pipeline on a 2-core machine: the import waits for the pipeline
 * before it counts what was created (it says how many were still processing when it stopped
 * waiting), so these runs wait longer than the command's default minute and stop by themselves.
 */
const settleMs = 240_000;
const heavyImportTimeoutMs = 420_000;

describe('npm run import', () => {
  it('imports 2,000 CSV lines with 10% bad lines and 20% duplicates and reports exactly that', async () => {
    const file = makeActionDayFile(2_000, 20261126, 'full');
    const before = await referralsAndReports();
    const { summary, sent } = await runImport({ fileName: 'action-day.csv', text: file.csv, unit: 'eu-iru', dryRun: false, apiUrl: local.apiUrl, token, batchSize: 200, settleTimeoutMs: settleMs });
    expect(summary).toMatchObject({
      format: 'csv',
      rows: 2_000,
      accepted: 1_400,
      newReferrals: 1_400,
      duplicates: { total: 400, repeatInFile: 360, identicalRow: 40, alreadyReferred: 0 },
      notSent: [],
      alreadyImported: 0,
      interrupted: false,
    });
    expect(summary.rejected.map((r) => r.line)).toEqual(file.expected.rejectedCsvLines);
    expect(summary.rejected.every((r) => r.issues.length > 0 && r.issues[0]?.message)).toBe(true);
    await mapLimit(sent, 8, ({ submissionId }) => local.waitForSubmission(submissionId, 120_000));
    const after = await referralsAndReports();
    expect(after.referrals - before.referrals).toBe(1_400);
    expect(after.reports - before.reports).toBe(1_760);
  }, heavyImportTimeoutMs);

  it('re-run after an interruption sends the same ids: no second referral, no second report', async () => {
    const file = makeActionDayFile(2_000, 7, 'resume');
    const before = await referralsAndReports();
    const abort = new AbortController();
    const first = await runImport({
      fileName: 'resume.ndjson',
      text: file.ndjson,
      unit: 'eu-iru',
      dryRun: false,
      apiUrl: local.apiUrl,
      token,
      batchSize: 100,
      concurrency: 1,
      signal: abort.signal,
      onBatch: (n) => (n === 5 ? abort.abort() : undefined),
    });
    expect(first.summary.interrupted).toBe(true);
    expect(first.sent).toHaveLength(500);
    expect(first.summary.notSent).toHaveLength(1_760 - 500);

    const rerun = await runImport({ fileName: 'resume.ndjson', text: file.ndjson, unit: 'eu-iru', dryRun: false, apiUrl: local.apiUrl, token, settleTimeoutMs: settleMs });
    expect(rerun.summary).toMatchObject({ format: 'ndjson', accepted: 1_400, duplicates: { total: 400, alreadyReferred: 0 }, alreadyImported: 500, interrupted: false });
    expect(rerun.summary.rejected.map((r) => r.line)).toEqual(file.expected.rejectedNdjsonLines);
    await mapLimit(rerun.sent, 8, ({ submissionId }) => local.waitForSubmission(submissionId, 120_000));
    const after = await referralsAndReports();
    expect(after.referrals - before.referrals).toBe(1_400);
    expect(after.reports - before.reports).toBe(1_760);

    // A third run of a finished import changes nothing and says so.
    const third = await runImport({ fileName: 'resume.ndjson', text: file.ndjson, unit: 'eu-iru', dryRun: false, apiUrl: local.apiUrl, token, settleTimeoutMs: settleMs });
    expect(third.summary).toMatchObject({ accepted: 1_400, alreadyImported: 1_760 });
    expect(await referralsAndReports()).toEqual(after);
  }, heavyImportTimeoutMs);

  it('counts content another unit already referred as duplicates', async () => {
    const pharos = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos' });
    const earlier = makeReport({ url: 'https://paste.example.net/raw/already-referred' });
    await postJson(`${local.apiUrl}/v1/reports`, pharos, earlier);
    await local.waitForSubmission(earlier.submissionId);
    const csv = 'url,category\nhttps://paste.example.net/raw/already-referred?fbclid=abc,propaganda\nhttps://paste.example.net/raw/brand-new-item,propaganda\n';
    const { summary } = await runImport({ fileName: 'small.csv', text: csv, unit: 'eu-iru', dryRun: false, apiUrl: local.apiUrl, token });
    expect(summary).toMatchObject({ accepted: 1, duplicates: { total: 1, alreadyReferred: 1, repeatInFile: 0 }, rejected: [] });
  });

  it('runs without --api against the stack `npm start` runs, found from .data/ as npm run report finds it', async () => {
    await local.announceRunning();
    const path = join(workDir, 'found-stack.csv');
    await writeFile(path, 'url,category\nhttps://t.me/s/foundstack/1,propaganda\n');
    const run = await importCli([path, '--token', token]);
    expect(run.stderr).not.toMatch(/failed|refused/);
    expect(run.stdout).toMatch(/accepted +1 +new content/);
    expect(run.code).toBe(0);
  });

  it('counts the referrals the API says the run created: a re-run 0, a corrected file only its new rows', async () => {
    await local.announceRunning();
    const path = join(workDir, 'rerun.csv');
    const rows = ['https://t.me/s/rerunchan/1', 'https://t.me/s/rerunchan/2', 'https://t.me/s/rerunchan/3'];
    await writeFile(path, `url,category\n${rows.map((url) => `${url},propaganda`).join('\n')}\n`);
    const first = await importCli([path, '--token', token]);
    expect(first.stdout).toMatch(/accepted +3 +new content, 3 new referrals/);
    const again = await importCli([path, '--token', token]);
    expect(again.stdout).toMatch(/0 new referrals/);
    expect(again.stdout).toMatch(/3 rows had already been imported/);
    // The analyst fixes one row's URL: only that row is new content.
    await writeFile(path, `url,category\n${[...rows.slice(0, 2), 'https://t.me/s/rerunchan/30'].map((url) => `${url},propaganda`).join('\n')}\n`);
    const corrected = await importCli([path, '--token', token]);
    expect(corrected.stdout).toMatch(/1 new referral\b/);
  });

  it('offers the refanged form of defanged URLs, applies it with --refang and names the rows it changed', async () => {
    await local.announceRunning();
    const path = join(workDir, 'defanged.csv');
    await writeFile(path, 'url,category\nhxxps://t[.]me/s/fangchan/12,propaganda\nhttps://t.me/s/fangchan/13,propaganda\nhxxp://paste.example[.]org/raw/77,propaganda\n');
    const offered = await importCli([path, '--dry-run']);
    expect(offered.code).toBe(1);
    expect(offered.stdout).toContain('line 2: url: defanged URL; refanged it reads https://t.me/s/fangchan/12 (run with --refang to import it so)');
    expect(offered.stdout).toContain('line 4: url: defanged URL; refanged it reads http://paste.example.org/raw/77');
    const applied = await importCli([path, '--refang', '--token', token]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/accepted +3 +new content, 3 new referrals/);
    expect(applied.stdout).toContain('line 2: refanged from hxxps://t[.]me/s/fangchan/12');
    expect(applied.stdout).toContain('line 4: refanged from hxxp://paste.example[.]org/raw/77');
    expect(applied.stdout).not.toContain('line 3:');
  });

  it("files imported rows as the officer whose token ran the import, the import named in the referral's audit", async () => {
    await local.announceRunning();
    const path = join(workDir, 'action-day-7.csv');
    await writeFile(path, 'url,category\nhttps://t.me/s/filedby/1,propaganda\nhttps://t.me/s/filedby/2,recruitment\n');
    const run = await importCli([path, '--token', token]);
    expect(run.code).toBe(0);
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst.sam' });
    for (const line of [2, 3]) {
      const url = `https://t.me/s/filedby/${line - 1}`;
      const lookup = (await (await fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent(url)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { referralId: string };
      const reports = await local.store.listReports(lookup.referralId);
      expect(reports.map((report) => report.officerId)).toEqual(['officer.import']);
      const audit = (await (await fetch(`${local.apiUrl}/v1/referrals/${lookup.referralId}/legal-audit`, { headers: { authorization: `Bearer ${analyst}` } })).json()) as {
        events: { subject: string; action: string; actor: { id: string }; details?: Record<string, string> }[];
      };
      expect(audit.events).toContainEqual(
        expect.objectContaining({ subject: 'report', action: 'filed', actor: expect.objectContaining({ id: 'officer.import' }), details: { import: 'action-day-7.csv', line: String(line) } }),
      );
    }
  });

  it('signs its own dev token for the officer at the keyboard, never for a made-up import@<unit>', async () => {
    await local.announceRunning();
    const path = join(workDir, 'no-token.csv');
    await writeFile(path, 'url,category\nhttps://t.me/s/notoken/1,propaganda\n');
    const named = await importCli([path, '--officer', 'officer.ana']);
    expect(named.code).toBe(0);
    const lookup = (await (await fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent('https://t.me/s/notoken/1')}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { referralId: string };
    expect((await local.store.listReports(lookup.referralId)).map((report) => report.officerId)).toEqual(['officer.ana']);
  });

  it('runs as a command: a dry run prints rejects with line numbers, an import its summary', async () => {
    const path = join(workDir, 'referrals.csv');
    await writeFile(path, 'url,category,urgent,sub_tags\nhttps://t.me/clichannel/5,propaganda,yes,video;arabic\nnot a url,propaganda,,\nhttps://t.me/s/clichannel/5,recruitment,no,\n');
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/import-cli.ts', path, ...args], { cwd: process.cwd() }).then(
        (out) => ({ code: 0, stdout: out.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const dry = await cli(['--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Dry run of referrals.csv (csv, 3 rows)');
    expect(dry.stdout).toMatch(/line 3: url: not a valid absolute URL/);
    expect(dry.stdout).toMatch(/duplicates +1 +1 repeat an earlier row's content/);
    const real = await cli(['--api', local.apiUrl, '--token', token]);
    expect(real.stdout).toMatch(/accepted +1 +new content, 1 new referral/);
    expect(real.code).toBe(1);
  });
});
