import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceUploadTicket } from '../../functions/contract/responses';
import { readHashList } from '../../functions/core/media/hash-list';
import type { SandboxPlatform } from '../../infra/local/sandbox-platform';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

const run = promisify(execFile);

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

/** Hashes of tests/fixtures/pdq (Meta's reference): the horse photo, and the camera photo at full size. */
const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';
const camera = '3c90fb7f80939fe67e4fe814637903878c16d87928e4dfc3720609b8dfb16241';

/** Flags `url` with one image file of the fixtures as its captured evidence; resolves to the referral. */
const flagImage = async (url: string, image: string) => {
  const bytes = new Uint8Array(await readFile(`tests/fixtures/pdq/images/${image}`));
  const submissionId = randomUUID();
  const digest = bytesToHex(sha256(bytes));
  const mediaType = image.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const ticket = (await (await postJson(`${local.apiUrl}/v1/evidence`, token, { sha256: digest, bytes: bytes.byteLength, mediaType, submissionId })).json()) as EvidenceUploadTicket;
  expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(bytes) })).status).toBe(200);
  const capture = {
    capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    url,
    extensionVersion: '0.1.0',
    browser: 'Chromium 156',
    artifacts: [{ kind: 'screenshot' as const, sha256: digest, bytes: bytes.byteLength, mediaType }],
  };
  const report = makeReport({ submissionId, url, capture });
  expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
  const { referralId } = await local.waitForSubmission(submissionId);
  return { referralId, sha256: digest };
};

const mediaLabels = async (referralId: string) =>
  ((await local.getReferral(referralId))?.labels ?? []).filter((label) => label.name === 'same-media' || label.name === 'hash-bank-match');

const hashesCli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', ...args], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } });

describe('media matching with PDQ', () => {
  it('links a re-encoded, resized copy at another URL to the first referral, with the distance in the label', async () => {
    const first = await flagImage('https://example.org/poster-page', 'horse/original.png');
    const copy = await flagImage('https://mirror.example.net/reupload/77', 'horse/resize_50.png');
    expect(copy.referralId).not.toBe(first.referralId);
    expect(await mediaLabels(first.referralId)).toEqual([]);
    expect(await mediaLabels(copy.referralId)).toEqual([
      {
        name: 'same-media',
        value: first.referralId,
        rule: 'pdq distance 20 <= 31',
        evidence: [
          `artifact sha256 ${copy.sha256} pdq 6d0d885b2f16c3de5966d6f2f201a2d9aa17ae1eb1d44dd6d13634b101a5c92f`,
          `bank referrals entry PDQ#${horse}#${first.referralId} pdq ${horse}`,
          `source artifact ${first.sha256}`,
        ],
      },
    ]);
  });

  it('tells the platform, when the copy is sent, what it did with the earlier referral of the same media', async () => {
    const sandbox = local.stack.sandbox as SandboxPlatform;
    sandbox.behaviour.callbackDelayMs = 50;
    sandbox.behaviour.outcome = 'removed';
    const liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['youtube'] });
    const sendToPlatform = async (referralId: string) => {
      expect((await postJson(`${local.apiUrl}/v1/referrals/${referralId}/claim`, liaison, { expectedVersion: 0 })).status).toBe(200);
      expect((await postJson(`${local.apiUrl}/v1/referrals/${referralId}/send`, liaison, { expectedVersion: 1 })).status).toBe(202);
      return waitFor(`delivery of ${referralId}`, async () => sandbox.deliveries.find((d) => d.referral?.referralId === referralId && d.status === 202));
    };
    const first = await flagImage('https://www.youtube.com/watch?v=MediaFirst1', 'coffee_a/original.png');
    expect((await sendToPlatform(first.referralId)).referral?.sameMedia).toBeUndefined();
    await waitFor('the platform removed the first upload', async () => ((await local.getReferral(first.referralId))?.status === 'actioned' ? true : undefined));

    const copy = await flagImage('https://www.youtube.com/watch?v=MediaCopy22', 'coffee_a/jpeg_q70.jpg');
    const [link] = await mediaLabels(copy.referralId);
    expect(link).toMatchObject({ name: 'same-media', value: first.referralId });
    const delivered = await sendToPlatform(copy.referralId);
    expect(delivered.referral?.sameMedia).toEqual([
      expect.objectContaining({ referralId: first.referralId, canonicalUrl: 'https://www.youtube.com/watch?v=MediaFirst1', status: 'actioned', outcome: 'removed', distance: Number(/pdq distance (\d+)/.exec(link?.rule ?? '')?.[1]) }),
    ]);
  });

  it('flags an image that an imported hash list holds, and labels an artifact once however often it is matched', async () => {
    const list = join(local.dataDir, 'poster-list.ndjson');
    await writeFile(list, `${JSON.stringify({ pdq: camera, label: 'camera poster', source: 'partner list' })}\n{"pdq":"not a hash"}\n`);
    await expect(hashesCli(['import', list, '--bank', 'partner-list', '--unit', 'eu-iru'])).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('imported 1 hashes into bank partner-list (distance <= 31)'),
      stderr: expect.stringContaining('poster-list.ndjson:2: pdq: not a PDQ hash'),
    });
    const flagged = await flagImage('https://files.example.com/f/abc', 'camera_a/jpeg_q70.jpg');
    const labels = await mediaLabels(flagged.referralId);
    expect(labels).toEqual([
      {
        name: 'hash-bank-match',
        value: `partner-list/PDQ#${camera}`,
        rule: 'pdq distance 2 <= 31',
        evidence: [expect.stringContaining(`artifact sha256 ${flagged.sha256}`), `bank partner-list entry PDQ#${camera} pdq ${camera}`, 'label camera poster', 'source partner list'],
      },
    ]);
    // A redelivered report matches again: the artifact's key is already on the referral, so nothing is added.
    const store = local.stores.hashBanks;
    expect(await store.labelReferral(flagged.referralId, flagged.sha256, labels)).toBe(false);
    expect(await mediaLabels(flagged.referralId)).toEqual(labels);
  });

  it('exports a bank as the signal file HMA loads: hashes only, and of the referrals bank only the caller unit\'s media', async () => {
    const exportBank = async (bank: string, role: 'liaison' | 'analyst' | 'referrer', unit = 'eu-iru') => {
      const officer = await local.tokenFor({ role, unit, platforms: ['x'] });
      const response = await fetch(`${local.apiUrl}/v1/hash-banks/${bank}/export`, { headers: { authorization: `Bearer ${officer}` } });
      return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', body: await response.text() };
    };
    const partner = await exportBank('partner-list', 'liaison');
    expect(partner).toMatchObject({ status: 200, type: expect.stringContaining('text/plain'), disposition: 'attachment; filename="partner-list.pdq.txt"' });
    // Labels and sources stay in the unit: the file carries the signal type and the hash.
    expect(partner.body).toBe(`pdq ${camera}\n`);
    expect(readHashList('partner-list.pdq.txt', partner.body)).toMatchObject({ ok: true, list: { format: 'signal-file', entries: [{ pdq: camera }] } });

    const own = await exportBank('referrals', 'analyst');
    expect(own.status).toBe(200);
    expect(own.body.split('\n')).toContain(`pdq ${horse}`);
    expect(own.body).not.toMatch(/ref_|artifact|eu-iru/);
    // Another unit's officers export their own unit's referred media, not this unit's.
    const other = await exportBank('referrals', 'analyst', 'fr-pharos');
    expect(other).toMatchObject({ status: 200, body: '' });

    expect((await exportBank('partner-list', 'referrer')).status).toBe(403);
    // A partner's list was shared with the unit that imported it: to any other unit it does not exist.
    expect(await exportBank('partner-list', 'analyst', 'fr-pharos')).toMatchObject({ status: 404, body: expect.stringContaining('not_found') });
    await writeFile(join(local.dataDir, 'other-list.txt'), `pdq ${horse}\n`);
    await expect(hashesCli(['import', join(local.dataDir, 'other-list.txt'), '--bank', 'partner-list', '--unit', 'fr-pharos'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('belongs to another unit') });
    expect((await exportBank('partner-list', 'liaison')).body).toBe(`pdq ${camera}\n`);
    expect(await exportBank('no-such-bank', 'analyst')).toMatchObject({ status: 404, body: expect.stringContaining('not_found') });
    expect(await exportBank('Bad..Name', 'analyst')).toMatchObject({ status: 400, body: expect.stringContaining('invalid_query') });
  });

  it('refuses the reserved bank of referrals, a malformed bank name and an import without its unit', async () => {
    await expect(hashesCli(['import', 'x.csv', '--bank', 'referrals', '--unit', 'eu-iru'])).rejects.toMatchObject({ code: 2 });
    await expect(hashesCli(['import', 'x.csv', '--bank', '../etc', '--unit', 'eu-iru'])).rejects.toMatchObject({ code: 2 });
    await expect(hashesCli(['import', 'x.csv', '--bank', 'posters'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--unit <unit>') });
  });
});
