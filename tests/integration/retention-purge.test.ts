import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readFile } from 'node:fs/promises';
import { LocalHashBankSnapshots } from '../../functions/adapters/hash-bank-snapshots';
import { createStores } from '../../functions/adapters/create-stores';
import type { TableHandle } from '../../functions/adapters/table/operations';
import { MediaBanks, writeBankSnapshot, type LoadedBank } from '../../functions/process/media-banks';
import { indexSnapshotDirOf } from '../../infra/local/running-stack';
import { crashingOnce } from '../helpers/faulty-table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulerStage } from '../../functions/scheduler/handler';
import { runScheduler } from '../../functions/scheduler/run-scheduler';
import { partitions } from '../../functions/adapters/table/keys';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ReportV1Input } from '../../functions/contract/report';
import type { EvidenceUploadTicket } from '../../functions/contract/responses';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let referrer: string;
let liaison: string;

beforeAll(async () => {
  local = await startLocalStack();
  local.stack.stopScheduler();
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'ana' });
  liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'lia', platforms: ['telegram'] });
});
afterAll(async () => {
  await local?.stop();
});

const call = async (path: string, body: unknown) => {
  const response = await fetch(`${local.apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${liaison}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const referralWith = async (n: number, steps: { to: string; outcome?: string }[], extra: Partial<ReportV1Input> = {}) => {
  const report = makeReport({ url: `https://t.me/s/retention_case/${n}`, notes: 'internal note', ...extra });
  await postJson(`${local.apiUrl}/v1/reports`, referrer, report);
  const { referralId } = await local.waitForSubmission(report.submissionId);
  let version = 0;
  for (const step of steps) {
    const result = await call(`/v1/referrals/${referralId}/transitions`, { ...step, expectedVersion: version });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    version = Number(result.json['version']);
  }
  return { referralId, submissionId: report.submissionId };
};

/** Uploads bytes through the API's evidence ticket, as the extension does; returns the manifest entry. */
const upload = async (content: string | Uint8Array) => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = bytesToHex(sha256(bytes));
  const ticketResponse = await postJson(`${local.apiUrl}/v1/evidence`, referrer, { sha256: digest, bytes: bytes.byteLength, mediaType: 'image/png', submissionId: randomUUID() });
  expect(ticketResponse.status).toBe(201);
  const ticket = (await ticketResponse.json()) as EvidenceUploadTicket;
  expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(bytes) })).status).toBe(200);
  return { kind: 'screenshot' as const, sha256: digest, bytes: bytes.byteLength, mediaType: 'image/png' };
};
const captureOf = (url: string, artifacts: Awaited<ReturnType<typeof upload>>[]) => ({
  capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  url,
  extensionVersion: '0.1.0',
  browser: 'Chromium 156',
  artifacts,
});
const evidenceFile = (digest: string) => join(local.stack.config.EVIDENCE_DIR ?? '', digest.slice(0, 2), digest);
const stored = async (digest: string) => (await stat(evidenceFile(digest)).catch(() => undefined)) !== undefined;

const partition = async (referralId: string) =>
  (await local.documentClient.send(new QueryCommand({ TableName: local.stack.config.TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `REF#${referralId}` }, ConsistentRead: true }))).Items ?? [];

const exists = async (key: { pk: string; sk: string }) =>
  (await local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: key, ConsistentRead: true }))).Item !== undefined;

describe('retention purge', () => {
  it('purges expired un-held data and never touches items under legal hold', async () => {
    const removed = await referralWith(1, [{ to: 'sent' }, { to: 'actioned', outcome: 'removed' }]);
    // The provider complained about the removal, and the complaint was decided: both counted under the complaint's id.
    const complaint = await call(`/v1/referrals/${removed.referralId}/complaints`, { platformComplaintId: 'TG-RET-1', receivedAt: new Date(Date.now() - 60_000).toISOString(), summary: 'says it is news' });
    expect(complaint.status, JSON.stringify(complaint.json)).toBe(201);
    const complaintId = String(complaint.json['complaintId']);
    const decided = await call(`/v1/referrals/${removed.referralId}/complaints/${complaintId}/decision`, { decision: 'upheld', decidedAt: new Date().toISOString(), reasoning: 'propaganda, not reporting' });
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    // The declined referral has a screenshot of its own, one an open referral's report cites
    // too, and a long selected text (a content-hash claim).
    const ownShot = await upload('PNG bytes only the declined referral captured');
    const sharedShot = await upload('PNG bytes of a banner both referrals captured');
    const text = 'A long passage of propaganda text, long enough to identify copies of it on other sites.';
    const declined = await referralWith(2, [{ to: 'sent' }, { to: 'declined', outcome: 'no_violation' }], {
      selectedText: text,
      capture: captureOf('https://t.me/s/retention_case/2', [ownShot, sharedShot]),
    });
    const gone = await referralWith(3, [{ to: 'already_gone' }]);
    const open = await referralWith(4, [], { capture: captureOf('https://t.me/s/retention_case/4', [sharedShot]) });
    expect(await exists({ pk: `HASH#text#${bytesToHex(sha256(new TextEncoder().encode(text)))}`, sk: 'FIRST' })).toBe(true);

    // An officer holds the vanished content for proceedings (Art. 6(2): longer on request).
    const twoYears = new Date(Date.now() + 730 * 86_400_000).toISOString();
    expect((await call(`/v1/referrals/${gone.referralId}/hold`, { until: twoYears, reason: 'investigating judge request 2026/44' })).status).toBe(200);

    // Technical items with an expiry: one plain (goes), one in a held referral's partition (stays).
    const table = local.stack.config.TABLE_NAME;
    const past = Math.floor(Date.now() / 1000) - 60;
    await local.documentClient.send(new PutCommand({ TableName: table, Item: { pk: 'CALLBACK#x', sk: 'SIG#expired', entity: 'callback-signature', expiresAt: past } }));
    await local.documentClient.send(new PutCommand({ TableName: table, Item: { pk: `REF#${removed.referralId}`, sk: 'NOTE#expiring', entity: 'test-expiring', expiresAt: past } }));

    // The declined referral was counted in the trends: by its outcome, its cells and its report's unit.
    const claimsOf = async (memberId: string) =>
      (await local.documentClient.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitions.counted(memberId) }, ConsistentRead: true }))).Items ?? [];
    expect((await claimsOf(declined.referralId)).length).toBeGreaterThanOrEqual(2);
    expect((await claimsOf(complaintId)).length).toBeGreaterThanOrEqual(3);
    expect(await claimsOf(declined.submissionId)).toHaveLength(1);

    const scheduler = createSchedulerStage(local.stack.config, { env: { RETENTION_DAYS: '30' }, scanExpiredItems: true, emit: () => undefined });
    const day = (days: number) => new Date(Date.now() + days * 86_400_000);

    const first = await runScheduler(scheduler, day(40));
    expect(first).toMatchObject({ purgedReferrals: 1, evidenceDeleted: 1, keptUnderHold: 2, expiredItemsDeleted: 1 });
    // The declined referral, its reports, audit trail and submission are gone.
    expect(await local.getReferral(declined.referralId)).toBeUndefined();
    expect(await partition(declined.referralId)).toEqual([]);
    expect(await exists({ pk: `SUB#${declined.submissionId}`, sk: 'META' })).toBe(false);
    // And the records of its trend counts, which name its id, its unit and its days.
    expect(await claimsOf(declined.referralId)).toEqual([]);
    expect(await claimsOf(declined.submissionId)).toEqual([]);
    // So are its own screenshot and its claims on content hashes; the screenshot the open
    // referral also cites stays, with that referral's citation.
    expect(await stored(ownShot.sha256)).toBe(false);
    expect(await stored(sharedShot.sha256)).toBe(true);
    expect(await exists({ pk: `EVIDENCE#${ownShot.sha256}`, sk: `REF#${declined.referralId}` })).toBe(false);
    expect(await exists({ pk: `EVIDENCE#${sharedShot.sha256}`, sk: `REF#${declined.referralId}` })).toBe(false);
    expect(await exists({ pk: `EVIDENCE#${sharedShot.sha256}`, sk: `REF#${open.referralId}` })).toBe(true);
    expect(await exists({ pk: `HASH#text#${bytesToHex(sha256(new TextEncoder().encode(text)))}`, sk: 'FIRST' })).toBe(false);
    expect(await exists({ pk: `HASH#screenshot#${ownShot.sha256}`, sk: 'FIRST' })).toBe(false);
    // Held and open referrals are whole, including the expiring item under the removal's hold.
    expect(await local.getReferral(removed.referralId)).toBeDefined();
    expect(await exists({ pk: `REF#${removed.referralId}`, sk: 'NOTE#expiring' })).toBe(true);
    expect((await partition(removed.referralId)).some((item) => String(item['sk']).startsWith('REPORT#'))).toBe(true);
    expect(await local.getReferral(gone.referralId)).toBeDefined();
    expect(await local.getReferral(open.referralId)).toBeDefined();
    expect(await exists({ pk: 'CALLBACK#x', sk: 'SIG#expired' })).toBe(false);

    // A release needs a reason; with one, the vanished content's data may go.
    const noReason = await call(`/v1/referrals/${gone.referralId}/hold/release`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.json)).toContain('releasing a legal hold needs a reason');
    expect(await local.getReferral(gone.referralId)).toBeDefined();
    expect((await call(`/v1/referrals/${gone.referralId}/hold/release`, { reason: 'proceedings closed' })).status).toBe(200);

    // After the six months of Art. 6(2) the removal's preservation lapses too.
    const second = await runScheduler(scheduler, day(200));
    expect(second.purgedReferrals).toBe(2);
    expect(await local.getReferral(removed.referralId)).toBeUndefined();
    // The complaint's counts' records went with it.
    expect(await claimsOf(complaintId)).toEqual([]);
    expect(await local.getReferral(gone.referralId)).toBeUndefined();
    expect(await local.getReferral(open.referralId)).toBeDefined();
    expect(await stored(sharedShot.sha256)).toBe(true);

    const log = await local.documentClient.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RETENTION#LOG' } }));
    expect((log.Items ?? []).map((item) => item['referralId']).sort()).toEqual([declined.referralId, gone.referralId, removed.referralId].sort());
    expect(JSON.stringify(log.Items)).not.toContain('internal note');
  });
});

describe("retention purge of a referral's media hashes", () => {
  const bank = 'HASHBANK#referrals';
  const handle = (): TableHandle => ({ name: local.stack.config.TABLE_NAME, client: local.documentClient });
  /** Frames that match only themselves (a fixed LCG), as the extension sends for a flagged video. */
  const frames = (count: number, seed: number) => {
    let state = seed;
    const nextHex = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
    };
    return Array.from({ length: count }, (_, timestamp) => ({ pdq: Array.from({ length: 16 }, nextHex).join(''), quality: 90, timestamp }));
  };
  const declinedWithMedia = async (n: number, picture: Awaited<ReturnType<typeof upload>>, video: ReturnType<typeof frames>) => {
    const url = `https://t.me/s/retention_media/${n}`;
    const capture = { ...captureOf(url, [picture]), videos: [{ url: `${url}.mp4`, sha256: String(n).repeat(64).slice(0, 64), bytes: 10, mediaType: 'video/mp4', durationSeconds: video.length, frames: video }] };
    return referralWith(100 + n, [{ to: 'sent' }, { to: 'declined', outcome: 'no_violation' }], { capture });
  };
  const bankedOf = async (referralId: string) => ({
    images: (await local.stores.hashBanks.listEntries('referrals')).filter((entry) => entry.referralId === referralId).length,
    videos: (await local.stores.hashBanks.listVideos('referrals')).filter((entry) => entry.referralId === referralId).length,
  });
  const heldBy = (loaded: Map<string, LoadedBank>, referralId: string) => ({
    images: loaded.get('referrals')?.images.entries().filter((entry) => entry.referralId === referralId).length,
    videos: loaded.get('referrals')?.videos.entries().filter((entry) => entry.referralId === referralId).length,
  });

  it('deletes its image hashes and videos from the referrals bank, marks the purge, and neither a warm instance nor an older snapshot brings them back', async () => {
    // A real photo (the PDQ reference's fixture, quality 100), hashed by the process stage as in the cloud.
    const photo = await upload(new Uint8Array(await readFile(new URL('../fixtures/pdq/images/astronaut_a/original.png', import.meta.url))));
    const purgedVideo = frames(20, 7001);
    const purged = await declinedWithMedia(1, photo, purgedVideo);
    const cutShort = await declinedWithMedia(2, photo, frames(20, 7002));
    expect(await bankedOf(purged.referralId)).toEqual({ images: 1, videos: 1 });
    expect(await bankedOf(cutShort.referralId)).toEqual({ images: 1, videos: 1 });

    // An instance that loaded the bank before the purge, and a snapshot taken before it.
    let clock = Date.now();
    const warm = new MediaBanks(local.stores.hashBanks, { now: () => clock, refreshMs: 60_000 });
    expect(heldBy(await warm.banks(), purged.referralId)).toEqual({ images: 1, videos: 1 });
    const snapshots = new LocalHashBankSnapshots(indexSnapshotDirOf(local.dataDir));
    await writeBankSnapshot(local.stores.hashBanks, snapshots, 'referrals', new Date());

    // A purge cut short before its mark: the entries are gone, the referral stays, and the next run finishes it.
    const purgeAt = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const crashing = createStores(local.stack.config, { documentClient: crashingOnce(handle(), 'before', (command) => command instanceof PutCommand && command.input.Item?.['entity'] === 'hash-bank-purge').client }).retention;
    await expect(crashing.purgeReferral((await local.stores.referrals.get(cutShort.referralId))!, purgeAt)).rejects.toThrow('process died');
    expect(await bankedOf(cutShort.referralId)).toEqual({ images: 0, videos: 0 });
    expect(await exists({ pk: bank, sk: `PURGED#${cutShort.referralId}` })).toBe(false);
    expect(await local.getReferral(cutShort.referralId)).toBeDefined();

    const scheduler = createSchedulerStage(local.stack.config, { env: { RETENTION_DAYS: '30' }, scanExpiredItems: true, emit: () => undefined });
    const run = await runScheduler(scheduler, new Date(purgeAt));
    expect(run).toMatchObject({ purgedReferrals: 2, mediaHashesDeleted: 2 });
    for (const { referralId } of [purged, cutShort]) {
      expect(await bankedOf(referralId)).toEqual({ images: 0, videos: 0 });
      expect(await exists({ pk: bank, sk: `PURGED#${referralId}` })).toBe(true);
      expect(await local.getReferral(referralId)).toBeUndefined();
    }
    // Audited like the rest of the purge: the purge record counts what left the bank.
    const log = await local.documentClient.send(new QueryCommand({ TableName: local.stack.config.TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RETENTION#LOG' } }));
    expect(log.Items?.find((item) => item['referralId'] === purged.referralId)).toMatchObject({ mediaHashesDeleted: 2 });

    // The warm instance drops them at its next refresh: a video of the purged referral matches nothing of it.
    clock += 61_000;
    const refreshed = await warm.banks();
    expect(heldBy(refreshed, purged.referralId)).toEqual({ images: 0, videos: 0 });
    expect(refreshed.get('referrals')?.videos.match(purgedVideo)).toEqual([]);
    // A cold start from the snapshot taken before the purge drops them too, and replaces that snapshot.
    expect((await snapshots.read('referrals'))?.images.some((entry) => entry.referralId === purged.referralId)).toBe(true);
    const cold = await new MediaBanks(local.stores.hashBanks, { snapshots }).banks();
    expect(heldBy(cold, purged.referralId)).toEqual({ images: 0, videos: 0 });
    const rewritten = await snapshots.read('referrals');
    expect([...(rewritten?.images ?? []), ...(rewritten?.videos ?? [])].filter((entry) => entry.referralId === purged.referralId || entry.referralId === cutShort.referralId)).toEqual([]);
  });
});
