import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalEvidenceStore, S3EvidenceStore, sha256Of } from './evidence-store';

const now = new Date('2026-03-02T09:00:00Z');
const uploader = { unit: 'eu-iru', submissionId: '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55' };
const bytes = new TextEncoder().encode('PNG bytes of a screenshot');
const digest = sha256Of(bytes);

describe('S3 upload tickets', () => {
  // Offline: signing needs credentials, not a network.
  const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } });
  const store = new S3EvidenceStore(client, 'evidence-bucket');

  it('signs the SHA-256, the no-overwrite condition and the uploader as headers S3 enforces, not as query parameters it ignores', async () => {
    const ticket = await store.createUploadTicket({ sha256: digest, bytes: bytes.byteLength, mediaType: 'image/png', submissionId: uploader.submissionId }, uploader.unit, now);
    const url = new URL(ticket.uploadUrl);
    const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
    expect(signed).toEqual(expect.arrayContaining(['x-amz-checksum-sha256', 'if-none-match', 'content-length', 'content-type', 'x-amz-meta-unit', 'x-amz-meta-submission-id']));
    const query = [...url.searchParams.keys()].map((k) => k.toLowerCase());
    expect(query).not.toContain('x-amz-checksum-sha256');
    expect(query).not.toContain('x-amz-meta-unit');
    expect(ticket.headers).toMatchObject({
      'content-type': 'image/png',
      'x-amz-checksum-sha256': Buffer.from(digest, 'hex').toString('base64'),
      'if-none-match': '*',
      'x-amz-meta-unit': uploader.unit,
      'x-amz-meta-submission-id': uploader.submissionId,
    });
    // Every signed header but host is one the client is told to send.
    for (const header of signed.filter((h) => h !== 'host' && h !== 'content-length')) expect(Object.keys(ticket.headers)).toContain(header);
  });
});

describe('S3 evidence reads', () => {
  /**
   * S3 over a stand-in HTTP handler (the SDK's own extension point; the SDK itself runs): it
   * records each request and answers with an object of `size` bytes, streamed.
   */
  const s3Answering = (size: number) => {
    const requests: { path: string; query: Record<string, unknown> }[] = [];
    let streamed = 0;
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
      requestHandler: {
        handle: async (request: { path: string; query: Record<string, unknown> }) => {
          requests.push({ path: request.path, query: request.query });
          const body = Readable.from(
            (function* () {
              for (let sent = 0; sent < size; sent += 1024) {
                streamed += Math.min(1024, size - sent);
                yield Buffer.alloc(Math.min(1024, size - sent), 7);
              }
            })(),
          );
          const headers = { 'content-length': String(size), 'x-amz-version-id': 'v-verified', 'x-amz-meta-unit': 'eu-iru', 'x-amz-meta-submission-id': uploader.submissionId };
          return { response: { statusCode: 200, headers, body } };
        },
      },
    });
    return { store: new S3EvidenceStore(client, 'evidence-bucket'), requests, streamed: () => streamed };
  };

  it('reads the version the process stage verified, with its uploader', async () => {
    const s3 = s3Answering(10);
    const read = await s3.store.read(digest, { maxBytes: 100, versionId: 'v-verified' });
    expect(read).toMatchObject({ status: 'read', versionId: 'v-verified', uploadedFor: uploader });
    expect(s3.requests[0]?.query).toMatchObject({ versionId: 'v-verified' });
  });

  it('checks the object size S3 reports before reading, and reads none of an oversized object', async () => {
    const s3 = s3Answering(5 * 1024 * 1024);
    expect(await s3.store.read(digest, { maxBytes: 1024 * 1024 })).toEqual({ status: 'too_large', size: 5 * 1024 * 1024 });
    // A stream is pulled ahead a little; nowhere near the object.
    expect(s3.streamed()).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('the local evidence store', () => {
  let directory: string;
  let store: LocalEvidenceStore;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'evidence-'));
    store = new LocalEvidenceStore(directory, 'http://127.0.0.1:1', 's'.repeat(32));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('refuses bytes that do not hash to the SHA-256 they are stored under, as S3 does with a signed checksum', async () => {
    expect(await store.write(digest, new TextEncoder().encode('other bytes'), uploader)).toEqual({ ok: false, code: 'digest_mismatch' });
    expect(await store.read(digest, { maxBytes: 1000 })).toEqual({ status: 'missing' });
  });

  it('keeps the first body under a hash and refuses a second, different one; the same bytes again are no change', async () => {
    expect(await store.write(digest, bytes, uploader)).toEqual({ ok: true });
    expect(await store.write(digest, new TextEncoder().encode('a different body of bytes'), { unit: 'fr-pharos', submissionId: uploader.submissionId })).toEqual({ ok: false, code: 'digest_mismatch' });
    expect(await store.write(digest, bytes, { unit: 'fr-pharos', submissionId: uploader.submissionId })).toEqual({ ok: false, code: 'exists' });
    const read = await store.read(digest, { maxBytes: 1000 });
    expect(read).toMatchObject({ status: 'read', uploadedFor: uploader });
    if (read.status === 'read') expect(read.bytes).toEqual(bytes);
  });

  it('binds a ticket to the unit and the report that asked for it', async () => {
    const ticket = await store.createUploadTicket({ sha256: digest, bytes: bytes.byteLength, mediaType: 'image/png', submissionId: uploader.submissionId }, uploader.unit, now);
    const url = new URL(ticket.uploadUrl);
    const given = Object.fromEntries(url.searchParams);
    expect(given).toMatchObject({ unit: uploader.unit, submission: uploader.submissionId });
    const check = (over: Record<string, string>) => {
      const t = { ...given, ...over };
      return store.verifyTicket({ sha256: digest, bytes: Number(t['bytes']), expires: Number(t['expires']), unit: t['unit'] ?? '', submissionId: t['submission'] ?? '', signature: t['signature'] ?? '' }, now);
    };
    expect(check({})).toBe(true);
    expect(check({ unit: 'fr-pharos' })).toBe(false);
    expect(check({ submission: '00000000-0000-4000-8000-000000000000' })).toBe(false);
  });

  it('checks the stored size before reading and never reads more than the limit', async () => {
    expect(await store.write(digest, bytes, uploader)).toEqual({ ok: true });
    expect(await store.read(digest, { maxBytes: bytes.byteLength - 1 })).toEqual({ status: 'too_large', size: bytes.byteLength });
    // A file that grew on disk after it was stored is still cut at the limit.
    await writeFile(join(directory, digest.slice(0, 2), digest), new Uint8Array(5_000));
    expect(await store.read(digest, { maxBytes: 1_000 })).toEqual({ status: 'too_large', size: 5_000 });
  });
});
