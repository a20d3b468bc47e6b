import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceUploadTicket } from '../../functions/contract/responses';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Crisis mode with perceptual hashes: an incident declared with PDQ hashes of its images and video
 * frames tags a new report whose media lies within distance 31 of a seed, however it was re-encoded,
 * and the label names the seed, the distance and the image or frame it was found in.
 */

let local: LocalStackHandle;
let admin: string;
let referrer: string;

/** PDQ of the horse photo of tests/fixtures/pdq (Meta's reference). */
const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

/** `hex` with its first `bits` bits flipped (a re-encoding's small changes to a frame). */
const flipped = (hex: string, bits: number): string => {
  const digits = hex.split('').map((digit) => Number.parseInt(digit, 16));
  for (let bit = 0; bit < bits; bit++) digits[bit >> 2] = (digits[bit >> 2] as number) ^ (1 << (bit & 3));
  return digits.map((digit) => digit.toString(16)).join('');
};

/** A seed of the attacker's video: one of its frames. */
const videoFrameSeed = '5'.repeat(64);

const incidentId = randomUUID();
const declaration = {
  incidentId,
  name: 'Attack at the station',
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  // Upper case, as some hash lists write them: stored and matched in lower case.
  seeds: { pdqHashes: [horse.toUpperCase(), videoFrameSeed] },
};

/** Files a report of `url` with one image of the fixtures as its uploaded evidence; resolves to the referral. */
const fileWithImage = async (url: string, image: string) => {
  const bytes = new Uint8Array(await readFile(`tests/fixtures/pdq/images/${image}`));
  const submissionId = randomUUID();
  const digest = bytesToHex(sha256(bytes));
  const mediaType = image.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const ticket = (await (await postJson(`${local.apiUrl}/v1/evidence`, referrer, { sha256: digest, bytes: bytes.byteLength, mediaType, submissionId })).json()) as EvidenceUploadTicket;
  expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(bytes) })).status).toBe(200);
  const capture = { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url, extensionVersion: '0.1.0', browser: 'Chromium 156', artifacts: [{ kind: 'screenshot' as const, sha256: digest, bytes: bytes.byteLength, mediaType }] };
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, makeReport({ submissionId, url, capture, category: 'propaganda' }))).status).toBe(202);
  const { referralId } = await local.waitForSubmission(submissionId);
  return { referral: await local.getReferral(referralId), sha256: digest };
};

/** Files a report of `url` flagging a video with these frame hashes. */
const fileWithVideo = async (url: string, frames: { pdq: string; quality: number; timestamp: number }[]) => {
  const submissionId = randomUUID();
  const video = { url: `${url}.mp4`, sha256: 'e'.repeat(64), bytes: 5_000_000, mediaType: 'video/mp4', durationSeconds: frames.length, frames };
  const capture = { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url, extensionVersion: '0.1.0', browser: 'Chromium 156', artifacts: [], videos: [video] };
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, makeReport({ submissionId, url, capture, category: 'propaganda' }))).status).toBe(202);
  const { referralId } = await local.waitForSubmission(submissionId);
  return local.getReferral(referralId);
};

const incidentLabels = (referral: Awaited<ReturnType<LocalStackHandle['getReferral']>>) => referral?.labels.filter((label) => label.name === 'incident') ?? [];

beforeAll(async () => {
  local = await startLocalStack();
  await local.announceRunning();
  admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
}, 60_000);
afterAll(async () => {
  await local?.stop();
});

describe('an incident declared with PDQ hashes', () => {
  it('refuses a PDQ seed that is not 64 hex digits, naming it', async () => {
    const answer = await postJson(`${local.apiUrl}/v1/incidents`, admin, { ...declaration, incidentId: randomUUID(), seeds: { pdqHashes: [horse, 'xyz'] } });
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { issues?: { path: string }[] } };
    expect(error.issues?.map((issue) => issue.path)).toEqual(['seeds.pdqHashes.1']);
  });

  it('keeps the seeds in lower case', async () => {
    const answer = await postJson(`${local.apiUrl}/v1/incidents`, admin, declaration);
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as { seeds: { pdqHashes: string[] } }).seeds.pdqHashes).toEqual([horse, videoFrameSeed]);
  });

  it('tags a resized copy of a seed image, naming the seed, the distance and the image, and raises it to P2', async () => {
    const { referral, sha256: digest } = await fileWithImage('https://example.org/station/poster', 'horse/resize_50.png');
    expect(referral?.priority).toBe('P2');
    const [label, ...others] = incidentLabels(referral);
    expect(others).toEqual([]);
    expect(label).toMatchObject({ value: incidentId, rule: 'incident-seed-pdq' });
    const seedLine = label?.evidence[1] ?? '';
    const distance = Number(/^seed pdq [0-9a-f]{64} at distance (\d+) \(at most 31\) from image sha256 ([0-9a-f]{64})$/.exec(seedLine)?.[1]);
    expect(seedLine).toContain(`seed pdq ${horse} `);
    expect(seedLine).toContain(`from image sha256 ${digest}`);
    // The reference's resize_50 lies a few bits from the original, never on it.
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThanOrEqual(31);
  });

  it("tags a report whose video has a frame within distance 31 of a seed, naming the frame's time", async () => {
    const unrelatedFrame = 'a'.repeat(64);
    const referral = await fileWithVideo('https://videos.example.net/watch/station-reupload', [
      { pdq: unrelatedFrame, quality: 90, timestamp: 0 },
      { pdq: flipped(videoFrameSeed, 20), quality: 90, timestamp: 1 },
      { pdq: flipped(videoFrameSeed, 9), quality: 90, timestamp: 2 },
    ]);
    expect(referral?.priority).toBe('P2');
    expect(incidentLabels(referral).map((label) => label.evidence[1])).toEqual([
      `seed pdq ${videoFrameSeed} at distance 9 (at most 31) from frame at 2s of video sha256 ${'e'.repeat(64)} at https://videos.example.net/watch/station-reupload.mp4`,
    ]);
  });

  it('leaves media farther than 31 bits, or of too low a quality to say, untagged', async () => {
    const { referral: other } = await fileWithImage('https://example.org/station/camera', 'camera_a/original.png');
    expect(incidentLabels(other)).toEqual([]);
    const far = await fileWithVideo('https://videos.example.net/watch/far', [{ pdq: flipped(videoFrameSeed, 32), quality: 90, timestamp: 0 }]);
    expect(incidentLabels(far)).toEqual([]);
    const flat = await fileWithVideo('https://videos.example.net/watch/flat', [{ pdq: videoFrameSeed, quality: 10, timestamp: 0 }]);
    expect(incidentLabels(flat)).toEqual([]);
    expect(far?.priority).toBe('P4');
  });

  it('lists the tagged referrals in the incident view', async () => {
    const view = (await (await fetch(`${local.apiUrl}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { figures: { totals: { referrals: number } } };
    expect(view.figures.totals.referrals).toBe(2);
  });
});
