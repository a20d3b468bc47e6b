import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mispProblems, stixProblems } from '../helpers/export-validators';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

const run = promisify(execFile);
const fixtures = 'functions/core/sanctions/fixtures/';

let local: LocalStackHandle;
let token: string;

beforeAll(async () => {
  local = await startLocalStack();
  await local.announceRunning();
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
});
afterAll(async () => {
  await local?.stop();
});

/** Runs the command-line tool the way `npm run sanctions` does, against this stack's .data. */
const sanctionsCli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'infra/local/sanctions-cli.ts', ...args], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } });

const flag = async (url: string, selectedText: string) => {
  const report = makeReport({ url, title: 'Spenden', selectedText });
  expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
  const { referralId } = await local.waitForSubmission(report.submissionId);
  return referralId;
};

const sanctionsLabels = async (referralId: string) => (await local.getReferral(referralId))?.labels.filter((label) => label.name === 'sanctions') ?? [];

describe('sanctions screening', () => {
  let before: string;

  it('refuses a malformed list with a clear error and writes nothing', async () => {
    before = await flag('https://t.me/s/spenden_kanal/7', 'Spenden an 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 bitte');
    const truncated = join(local.dataDir, 'sdn-truncated.xml');
    await writeFile(truncated, (await readFile(`${fixtures}sdn.xml`, 'utf8')).slice(0, 1_200));
    await expect(sanctionsCli(['import', truncated])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/malformed_xml: .*; nothing imported/) });
    expect(await local.stores.sanctions.versions('ofac-sdn')).toEqual([]);
    expect(await sanctionsLabels(before)).toEqual([]);
    // A wallet in a donation appeal is fundraising (P3) until a list names it.
    expect((await local.getReferral(before))?.priority).toBe('P3');
  });

  it('an import labels a referral already holding a listed wallet, with list, version and entry, and raises its priority', async () => {
    const { stdout } = await sanctionsCli(['import', `${fixtures}sdn.xml`]);
    expect(stdout).toContain('imported ofac-sdn published 2026-11-28 (ofac-sdn-xml): 3 entries, 2 naming 3 wallets or IBANs');
    expect(stdout).toContain(`${before}: btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 is entry 90001 (priority raised to P2)`);
    const referral = await local.getReferral(before);
    expect(referral?.priority).toBe('P2');
    expect(await sanctionsLabels(before)).toEqual([
      {
        name: 'sanctions',
        value: 'ofac-sdn:90001',
        rule: 'sanctions-list-ofac-sdn',
        evidence: [
          'btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
          `listed as "Digital Currency Address - XBT" by OFAC's SDN list published 2026-11-28`,
          'entry 90001 EXAMPLE RELIEF FOUNDATION (SDGT)',
        ],
      },
    ]);
    expect(await local.stores.sanctions.versions('ofac-sdn')).toMatchObject([{ publishedOn: '2026-11-28', entryCount: 3, financialEntryCount: 2, identifierCount: 3 }]);
  });

  it('importing the same list again labels nothing twice', async () => {
    const { stdout } = await sanctionsCli(['import', `${fixtures}sdn.xml`]);
    expect(stdout).not.toContain(before);
    expect(await sanctionsLabels(before)).toHaveLength(1);
  });

  it('a new report is screened at extraction: the EU-listed IBAN is labelled and the referral is P2 from its first report', async () => {
    await sanctionsCli(['import', `${fixtures}eu-fsf.xml`]);
    const referralId = await flag('https://t.me/s/spenden_kanal/8', 'Konto DE89 3704 0044 0532 0130 00');
    const referral = await local.getReferral(referralId);
    expect(referral?.priority).toBe('P2');
    expect(referral?.labels.find((label) => label.name === 'priority')).toMatchObject({ value: 'P2', rule: 'sanctioned-indicator' });
    expect(await sanctionsLabels(referralId)).toEqual([expect.objectContaining({ value: 'eu-fsf:990001 (EU.9001.01)', rule: 'sanctions-list-eu-fsf' })]);
  });

  it('an indicator typed by hand is recorded as manual and screened like any other; a mistyped one is dropped', async () => {
    const report = makeReport({ url: 'https://t.me/s/spenden_kanal/10', title: 'Video', manualIndicators: ['0x52908400098527886E0F7030069857D2E4169EE7', 'DE89 3704 0044 0532 0130 01'] });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const referral = await local.getReferral(referralId);
    expect(referral?.indicators).toEqual([expect.objectContaining({ type: 'eth', value: '0x52908400098527886e0f7030069857d2e4169ee7', source: 'manual' })]);
    expect(await sanctionsLabels(referralId)).toEqual([expect.objectContaining({ value: 'ofac-sdn:90001' })]);
  });

  it('a wallet on no list is left alone', async () => {
    const referralId = await flag('https://t.me/s/spenden_kanal/9', 'Spenden an 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
    expect(await sanctionsLabels(referralId)).toEqual([]);
    expect((await local.getReferral(referralId))?.priority).toBe('P3');
  });

  it("exports a listed wallet's dossier to partners with its listing, in MISP and STIX files that validate", async () => {
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'de-bka' });
    const path = '/v1/indicators/btc/1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2/export';
    const deadline = Date.now() + 20_000;
    let answer = await fetch(`${local.apiUrl}${path}?format=misp`, { headers: { authorization: `Bearer ${analyst}` } });
    // The financial stage files the referral in the wallet's dossier just after the process stage routes it.
    while (answer.status === 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await fetch(`${local.apiUrl}${path}?format=misp`, { headers: { authorization: `Bearer ${analyst}` } });
    }
    expect(answer.status).toBe(200);
    const event = (await answer.json()) as { Event: { Object: { comment: string }[] } };
    expect(mispProblems(event)).toEqual([]);
    expect(event.Event.Object[0]?.comment).toContain('listed on ofac-sdn (2026-11-28) entry 90001 EXAMPLE RELIEF FOUNDATION');
    const stix = await fetch(`${local.apiUrl}${path}?format=stix`, { headers: { authorization: `Bearer ${analyst}` } });
    const bundle = (await stix.json()) as { objects: { type: string; description?: string }[] };
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.find((object) => object.type === 'indicator')?.description).toContain('entry 90001');
  });
});
