import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTimestampAuthority } from '../../functions/adapters/timestamp-authority';
import { buildTimestampRequest } from '../../functions/core/trusted-time/timestamp-request';
import { readTimestampResponse, verifyTimestampToken } from '../../functions/core/trusted-time/timestamp-token';
import { startTestTsa, type TestTsa } from '../../infra/local/test-tsa';

const run = promisify(execFile);
const now = () => new Date();
const manifest = new TextEncoder().encode('{"artifacts":[],"capturedAt":"2026-12-06T04:00:00Z","url":"https://t.me/s/example/42"}');

let directory: string;
let tsa: TestTsa;
let otherTsa: TestTsa;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'trusted-timestamps-'));
  [tsa, otherTsa] = await Promise.all([startTestTsa({ directory: join(directory, 'tsa') }), startTestTsa({ directory: join(directory, 'other'), name: 'Another TSA' })]);
});
afterAll(async () => {
  await Promise.all([tsa?.stop(), otherTsa?.stop()]);
  await rm(directory, { recursive: true, force: true });
});

/** A raw token over `data` from `from`, with the nonce it was asked with. */
const tokenFrom = async (from: TestTsa, data: Uint8Array) => {
  const request = buildTimestampRequest(new Uint8Array(createHash('sha256').update(data).digest()));
  const response = await fetch(from.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: request.der });
  const answer = readTimestampResponse(new Uint8Array(await response.arrayBuffer()));
  if (answer.status !== 'granted') throw new Error(answer.message);
  return { token: answer.token, nonce: request.nonce };
};

describe('trusted timestamps (RFC 3161) from the test TSA', () => {
  it('obtains a token over the SHA-256 of a manifest and verifies it against the configured anchor', async () => {
    const before = Date.now();
    const stamp = await httpTimestampAuthority({ url: tsa.url, trustAnchorsPem: [tsa.trustAnchorPem] })(manifest, now);
    expect(stamp).toMatchObject({ status: 'verified', tsaUrl: tsa.url, sha256: createHash('sha256').update(manifest).digest('hex') });
    if (stamp.status !== 'verified') return;
    // The TSA's clock, to its stated accuracy of one second.
    expect(Date.parse(stamp.time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(Date.parse(stamp.time)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('openssl ts -verify accepts the token the code obtained, with nothing but the manifest and the CA', async () => {
    const stamp = await httpTimestampAuthority({ url: tsa.url, trustAnchorsPem: [tsa.trustAnchorPem] })(manifest, now);
    if (stamp.status !== 'verified') throw new Error(`expected a verified token, got ${JSON.stringify(stamp)}`);
    const files = { token: join(directory, 'token.der'), manifest: join(directory, 'manifest.json'), ca: join(directory, 'ca.pem') };
    await Promise.all([writeFile(files.token, Buffer.from(stamp.token, 'base64')), writeFile(files.manifest, manifest), writeFile(files.ca, tsa.trustAnchorPem)]);
    const { stdout } = await run('openssl', ['ts', '-verify', '-token_in', '-in', files.token, '-data', files.manifest, '-CAfile', files.ca]);
    expect(stdout).toContain('Verification: OK');
    // The same check fails for other bytes, so the OK above is about this manifest.
    await writeFile(files.manifest, 'another manifest');
    await expect(run('openssl', ['ts', '-verify', '-token_in', '-in', files.token, '-data', files.manifest, '-CAfile', files.ca])).rejects.toThrow();
  });

  it('refuses a token signed by another key (another TSA under another CA), naming the chain', async () => {
    const forged = await tokenFrom(otherTsa, manifest);
    const check = await verifyTimestampToken(forged.token, { data: manifest, nonce: forged.nonce, trustAnchorsPem: [tsa.trustAnchorPem] });
    expect(check).toMatchObject({ status: 'refused', reason: 'untrusted_chain' });
    // The same token verifies against its own CA: the refusal is about trust, not a broken token.
    expect(await verifyTimestampToken(forged.token, { data: manifest, nonce: forged.nonce, trustAnchorsPem: [otherTsa.trustAnchorPem] })).toMatchObject({ status: 'verified' });
  });

  it('refuses a token for another imprint, and one answering another nonce', async () => {
    const genuine = await tokenFrom(tsa, manifest);
    const otherManifest = new TextEncoder().encode('{"artifacts":[],"url":"https://t.me/s/example/43"}');
    expect(await verifyTimestampToken(genuine.token, { data: otherManifest, nonce: genuine.nonce, trustAnchorsPem: [tsa.trustAnchorPem] })).toMatchObject({ status: 'refused', reason: 'imprint_mismatch' });
    expect(await verifyTimestampToken(genuine.token, { data: manifest, nonce: '4000000000000001', trustAnchorsPem: [tsa.trustAnchorPem] })).toMatchObject({ status: 'refused', reason: 'nonce_mismatch' });
    expect(await verifyTimestampToken(genuine.token, { data: manifest, nonce: genuine.nonce, trustAnchorsPem: [tsa.trustAnchorPem] })).toMatchObject({ status: 'verified' });
  });

  it('refuses a token whose signature was altered', async () => {
    const genuine = await tokenFrom(tsa, manifest);
    const altered = genuine.token.slice();
    // The signature is the last field of the token: flip a bit near its end.
    altered[altered.length - 3]! ^= 0x01;
    const check = await verifyTimestampToken(altered, { data: manifest, nonce: genuine.nonce, trustAnchorsPem: [tsa.trustAnchorPem] });
    expect(check).toMatchObject({ status: 'refused', reason: 'signature_invalid' });
  });

  it('records a token that does not verify as refused, with its reason and the token, never as verified', async () => {
    // A TSA answering with tokens of another CA than the deployment trusts (a misconfigured or impostor TSA).
    const stamp = await httpTimestampAuthority({ url: otherTsa.url, trustAnchorsPem: [tsa.trustAnchorPem] })(manifest, now);
    expect(stamp).toMatchObject({ status: 'refused', reason: 'untrusted_chain', tsaUrl: otherTsa.url });
    expect(stamp.status === 'refused' && stamp.token !== undefined && stamp.token.length > 0).toBe(true);
  });

  it('records an unreachable TSA as unavailable, never as a token', async () => {
    const stamp = await httpTimestampAuthority({ url: 'http://127.0.0.1:9/tsa', trustAnchorsPem: [tsa.trustAnchorPem], timeoutMs: 2_000 })(manifest, now);
    expect(stamp).toMatchObject({ status: 'unavailable', tsaUrl: 'http://127.0.0.1:9/tsa' });
  });
});
