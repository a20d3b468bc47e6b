import { randomUUID } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceUploadTickets } from '../../functions/contract/responses';
import { captureManifestBytes } from '../../functions/core/trusted-time/manifest-bytes';
import { verifyTimestampToken } from '../../functions/core/trusted-time/timestamp-token';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let token: string;

beforeAll(async () => {
  local = await startLocalStack();
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
});
afterAll(async () => {
  await local?.stop();
});

const artifact = (text: string, mediaType: 'image/png' | 'multipart/related') => {
  const bytes = new TextEncoder().encode(text);
  return { bytes, sha256: bytesToHex(sha256(bytes)), mediaType };
};

describe('POST /v1/evidence/tickets', () => {
  it("gives the upload tickets of all of a report's artifacts in one request, each bound to the report", async () => {
    const submissionId = randomUUID();
    const screenshot = artifact('PNG bytes of a screenshot for one request', 'image/png');
    const snapshot = artifact('MHTML snapshot for one request', 'multipart/related');
    const response = await postJson(`${local.apiUrl}/v1/evidence/tickets`, token, {
      submissionId,
      artifacts: [screenshot, snapshot].map((a) => ({ sha256: a.sha256, bytes: a.bytes.byteLength, mediaType: a.mediaType })),
    });
    expect(response.status).toBe(201);
    const { tickets } = evidenceUploadTickets.parse(await response.json());
    expect(tickets.map((t) => t.sha256)).toEqual([screenshot.sha256, snapshot.sha256]);
    for (const [i, a] of [screenshot, snapshot].entries()) {
      const ticket = tickets[i]!;
      expect((await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: Buffer.from(a.bytes) })).status).toBe(200);
    }

    const report = makeReport({
      submissionId,
      url: 'https://example.org/one-request',
      capture: {
        capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        url: 'https://example.org/one-request',
        extensionVersion: '0.1.0',
        browser: 'Chromium 156',
        artifacts: [
          { kind: 'screenshot', sha256: screenshot.sha256, bytes: screenshot.bytes.byteLength, mediaType: 'image/png' },
          { kind: 'mhtml', sha256: snapshot.sha256, bytes: snapshot.bytes.byteLength, mediaType: 'multipart/related' },
        ],
      },
    });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(submissionId);
    const [stored] = (await local.store.listReports(referralId)).filter((r) => r.submissionId === submissionId);
    expect(stored?.evidenceChecks?.map((c) => c.status)).toEqual(['verified', 'verified']);
    expect(stored?.evidenceChecks?.map((c) => c.uploadedFor)).toEqual([
      { unit: 'eu-iru', submissionId },
      { unit: 'eu-iru', submissionId },
    ]);
    // The verified manifest carries the test TSA's token, which verifies again from what is stored.
    const stamp = stored?.manifestTimestamp;
    expect(stamp).toMatchObject({ status: 'verified', tsaUrl: local.stack.tsa?.url, sha256: bytesToHex(sha256(captureManifestBytes(report.capture!))) });
    if (stamp?.status !== 'verified' || !local.stack.tsa) return;
    const again = await verifyTimestampToken(Buffer.from(stamp.token, 'base64'), { data: captureManifestBytes(stored!.capture!), trustAnchorsPem: [local.stack.tsa.trustAnchorPem] });
    expect(again).toEqual({ status: 'verified', time: stamp.time, serialNumber: stamp.serialNumber, policy: stamp.policy });
  });

  it('stamps no manifest whose artifact was never uploaded, and says why', async () => {
    const submissionId = randomUUID();
    const missing = artifact('never uploaded', 'image/png');
    const report = makeReport({
      submissionId,
      url: 'https://example.org/never-uploaded',
      capture: {
        capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        url: 'https://example.org/never-uploaded',
        extensionVersion: '0.1.0',
        browser: 'Chromium 156',
        artifacts: [{ kind: 'screenshot', sha256: missing.sha256, bytes: missing.bytes.byteLength, mediaType: 'image/png' }],
      },
    });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(submissionId);
    const [stored] = (await local.store.listReports(referralId)).filter((r) => r.submissionId === submissionId);
    expect(stored?.evidenceChecks?.map((c) => c.status)).toEqual(['missing']);
    expect(stored?.manifestTimestamp).toEqual({ status: 'not_requested', reason: 'manifest_not_verified' });
  });

  it('refuses an artifact named twice, and more artifacts than a capture holds', async () => {
    const one = { sha256: 'a'.repeat(64), bytes: 10, mediaType: 'image/png' };
    const twice = await postJson(`${local.apiUrl}/v1/evidence/tickets`, token, { submissionId: randomUUID(), artifacts: [one, one] });
    expect(twice.status).toBe(400);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...one, sha256: i.toString(16).repeat(64).slice(0, 64) }));
    const tooMany = await postJson(`${local.apiUrl}/v1/evidence/tickets`, token, { submissionId: randomUUID(), artifacts: eleven });
    expect(tooMany.status).toBe(400);
  });
});
