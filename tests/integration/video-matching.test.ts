import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedVideoV1 } from '../../functions/contract/report';
import { referralIdFor } from '../../functions/core/referral-id';
import { canonicalizeUrl } from '../../functions/core/canonical-url/canonical-url';
import { videoFramesDigest } from '../../functions/core/media/video-bank';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

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

type Frames = CapturedVideoV1['frames'];

/** Pseudo-random frame hashes (a fixed LCG): two of them are about 128 bits apart, so each frame matches only itself. */
const frames = (count: number, seed: number, quality = 90): Frames => {
  let state = seed;
  const nextHex = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
  };
  return Array.from({ length: count }, (_, timestamp) => ({ pdq: Array.from({ length: 16 }, nextHex).join(''), quality, timestamp }));
};

/** A re-encoding's small changes: the first `bits` bits of each frame flipped. */
const reencoded = (source: Frames, bits: number): Frames =>
  source.map((frame, timestamp) => {
    const digits = frame.pdq.split('').map((digit) => Number.parseInt(digit, 16));
    for (let bit = 0; bit < bits; bit++) digits[bit >> 2] = (digits[bit >> 2] as number) ^ (1 << (bit & 3));
    return { ...frame, pdq: digits.map((digit) => digit.toString(16)).join(''), timestamp };
  });

const videoOf = (url: string, videoFrames: Frames): CapturedVideoV1 => ({
  url,
  sha256: randomUUID().replaceAll('-', '').padEnd(64, '0'),
  bytes: 1_000_000,
  mediaType: 'video/webm',
  durationSeconds: videoFrames.length,
  frames: videoFrames,
});

const reportWithVideo = (url: string, video: CapturedVideoV1, submissionId = randomUUID()) =>
  makeReport({
    submissionId,
    url,
    capture: { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url, extensionVersion: '0.1.0', browser: 'Chromium 156', artifacts: [], videos: [video] },
  });

/** Flags `url` with the video's frame hashes in its capture manifest; resolves to the referral. */
const flagVideo = async (url: string, video: CapturedVideoV1, submissionId = randomUUID()) => {
  expect((await postJson(`${local.apiUrl}/v1/reports`, token, reportWithVideo(url, video, submissionId))).status).toBe(202);
  return local.waitForSubmission(submissionId);
};

const sameMediaLabels = async (referralId: string) => ((await local.getReferral(referralId))?.labels ?? []).filter((label) => label.name === 'same-media' || label.name === 'hash-bank-match');

describe('video matching with vPDQ on the local stack', () => {
  const original = frames(40, 1234);

  it('links a re-encoded clip of a flagged video at another URL to the first referral, with both shares, without merging them', async () => {
    const first = videoOf('https://videos.example.org/attack.webm', original);
    const { referralId: firstId } = await flagVideo('https://videos.example.org/watch/attack', first);
    // Ten seconds cut from the middle and re-encoded (every frame 10 bits off).
    const clip = videoOf('https://mirror.example.net/v/clip.webm', reencoded(original.slice(15, 25), 10));
    const { referralId: clipId } = await flagVideo('https://mirror.example.net/v/clip', clip);
    expect(clipId).not.toBe(firstId);

    expect(await sameMediaLabels(firstId)).toEqual([]);
    expect(await sameMediaLabels(clipId)).toEqual([
      {
        name: 'same-media',
        value: firstId,
        rule: "vpdq 100% of this video's frames >= 80% (other video 25%), frames within pdq distance 31, quality >= 50",
        evidence: [
          `video ${videoFramesDigest(clip.frames)} sha256 ${clip.sha256} at ${clip.url}: 10 usable frames`,
          `bank referrals entry VPDQ#${videoFramesDigest(original)}#${firstId}: 40 usable frames`,
          `source video ${first.sha256} at ${first.url}`,
        ],
      },
    ]);
    // Two referrals, each with its own report and status: linked, not merged.
    expect((await local.getReferral(firstId))?.reportCount).toBe(1);
    expect((await local.getReferral(clipId))?.reportCount).toBe(1);
    // Both videos are in the referrals' bank.
    expect((await local.stores.hashBanks.listVideos('referrals')).map((entry) => entry.referralId)).toEqual(expect.arrayContaining([firstId, clipId]));
    // The unit's export carries each video as the vPDQ signal HMA loads; another unit's export has none of them.
    const exported = async (unit: string) => {
      const analyst = await local.tokenFor({ role: 'analyst', unit });
      return (await fetch(`${local.apiUrl}/v1/hash-banks/referrals/export`, { headers: { authorization: `Bearer ${analyst}` } })).text();
    };
    const lines = (await exported('eu-iru')).split('\n').filter((line) => line.startsWith('vpdq '));
    expect(lines).toContain(`vpdq ${JSON.stringify(original.map((frame) => `${frame.pdq},${frame.quality},${frame.timestamp.toFixed(3)}`))}`);
    expect(lines).toHaveLength(2);
    expect(await exported('fr-pharos')).not.toContain('vpdq');
    // What HMA loads, this stack imports: the same videos, frame for frame.
    const file = join(local.dataDir, 'referrals-export.txt');
    await writeFile(file, await exported('eu-iru'));
    const imported = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', 'import', file, '--bank', 'from-export', '--unit', 'eu-iru'], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } });
    expect(imported.stdout).toContain('and 2 videos into bank from-export');
    const digests = (await local.stores.hashBanks.listVideos('from-export')).map((video) => videoFramesDigest(video.frames)).sort();
    expect(digests).toEqual([videoFramesDigest(original), videoFramesDigest(clip.frames)].sort());
  });

  it('labels a video once when its report is delivered again, and a second report of the same URL adds no label', async () => {
    const url = 'https://copies.example.com/p/42';
    const copy = videoOf('https://copies.example.com/p/42.webm', reencoded(original, 4));
    const submissionId = randomUUID();
    const { referralId } = await flagVideo(url, copy, submissionId);
    const labels = await sameMediaLabels(referralId);
    // The whole original, not the clip: only a quarter of this video's frames are in the clip. (The
    // bank imported from the export above holds the original too: a hash-bank-match beside it.)
    expect(labels.filter((label) => label.name === 'same-media').map((label) => label.rule)).toEqual([expect.stringMatching(/^vpdq 100% .*\(other video 100%\)/)]);
    expect(labels.filter((label) => label.name === 'hash-bank-match').map((label) => label.value)).toEqual([`from-export/VPDQ#${videoFramesDigest(original)}`]);
    // The same report again (an extension retry) and another officer's report of the same URL.
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, reportWithVideo(url, copy, submissionId))).status).toBeLessThan(300);
    await flagVideo(url, copy);
    expect(await sameMediaLabels(referralId)).toEqual(labels);
    // The table's condition is what makes it once: the same key labels nothing more.
    expect(await local.stores.hashBanks.labelReferral(referralId, `video:${videoFramesDigest(copy.frames)}`, labels)).toBe(false);
  });

  it('does not link a video that shares too few frames, nor one whose frames are too dark to hash', async () => {
    const mostlyOther = videoOf('https://other.example.com/v.webm', [...original.slice(0, 7), ...frames(3, 999)].map((frame, timestamp) => ({ ...frame, timestamp })));
    const { referralId } = await flagVideo('https://other.example.com/v', mostlyOther);
    expect(await sameMediaLabels(referralId)).toEqual([]);
    const dark = videoOf('https://dark.example.com/v.webm', original.map((frame) => ({ ...frame, quality: 20 })));
    const { referralId: darkId } = await flagVideo('https://dark.example.com/v', dark);
    expect(await sameMediaLabels(darkId)).toEqual([]);
  });

  it("flags a video that a unit's imported vPDQ hash holds, naming the bank entry, its label and both shares", async () => {
    const listed = frames(30, 777);
    const file = join(local.dataDir, 'propaganda-video.vpdq.txt');
    // ThreatExchange's hasher output: frame_number,hash,quality,timestamp, each frame twice at 2 fps.
    await writeFile(file, listed.flatMap((frame, second) => [`${second * 2},${frame.pdq},${frame.quality},${second}.000`, `${second * 2 + 1},${frame.pdq},${frame.quality},${second}.500`]).join('\n'));
    const imported = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', 'import-video', file, '--bank', 'partner-videos', '--unit', 'eu-iru', '--label', 'attack video 2026-03'], {
      cwd: process.cwd(),
      env: { ...process.env, DATA_DIR: local.dataDir },
    });
    expect(imported.stdout).toContain('imported a video of 30 unique frames (30 of quality >= 50) into bank partner-videos');
    // A shorter, re-encoded upload of it.
    const upload = videoOf('https://uploads.example.com/x.webm', reencoded(listed.slice(5, 25), 6));
    const { referralId } = await flagVideo('https://uploads.example.com/x', upload);
    expect(await sameMediaLabels(referralId)).toEqual([
      {
        name: 'hash-bank-match',
        value: `partner-videos/VPDQ#${videoFramesDigest(listed)}`,
        rule: "vpdq 100% of this video's frames >= 80% (other video 66%), frames within pdq distance 31, quality >= 50",
        evidence: [
          `video ${videoFramesDigest(upload.frames)} sha256 ${upload.sha256} at ${upload.url}: 20 usable frames`,
          `bank partner-videos entry VPDQ#${videoFramesDigest(listed)}: 30 usable frames`,
          'label attack video 2026-03',
          'source propaganda-video.vpdq.txt',
        ],
      },
    ]);
    // A file with an unreadable line is refused whole.
    await writeFile(file, `0,${listed[0]?.pdq},100,0\n1,zz,100,1\n`);
    await expect(promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', 'import-video', file, '--bank', 'partner-videos', '--unit', 'eu-iru'], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('propaganda-video.vpdq.txt:2: no field is a PDQ hash'),
    });
  });

  it('refuses a manifest with a malformed frame hash, more than ten minutes of frames or two videos, and files nothing', async () => {
    const url = 'https://refused.example.com/v';
    const cases = [
      videoOf(`${url}.webm`, [{ pdq: '<script>', quality: 90, timestamp: 0 }]),
      videoOf(`${url}.webm`, frames(601, 5).map((frame, index) => ({ ...frame, timestamp: Math.min(index, 600) }))),
      { ...videoOf(`${url}.webm`, frames(2, 6)), frames: [] },
    ];
    for (const video of cases) {
      const response = await postJson(`${local.apiUrl}/v1/reports`, token, reportWithVideo(url, video));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
    const twoVideos = reportWithVideo(url, videoOf(`${url}.webm`, frames(2, 7)));
    twoVideos.capture?.videos?.push(videoOf(`${url}/2.webm`, frames(2, 8)));
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, twoVideos)).status).toBe(400);
    const canonical = canonicalizeUrl(url);
    if (!canonical.ok) throw new Error('test URL should be canonical');
    expect(await local.getReferral(referralIdFor(canonical.value.contentKey))).toBeUndefined();
  });
});
