import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceUploadTicket } from '../../functions/contract/responses';
import { mispProblems, stixProblems } from '../helpers/export-validators';
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

type Artifact = { kind: 'screenshot' | 'mhtml'; bytes: Uint8Array; mediaType: string };

/** Uploads the artifacts through evidence tickets and flags `url` with them, with a title and selection that carry no indicator. */
const flag = async (url: string, artifacts: Artifact[]) => {
  const submissionId = randomUUID();
  const declared = [];
  for (const artifact of artifacts) {
    const digest = bytesToHex(sha256(artifact.bytes));
    const ticket = (await (await postJson(`${local.apiUrl}/v1/evidence`, token, { sha256: digest, bytes: artifact.bytes.byteLength, mediaType: artifact.mediaType, submissionId })).json()) as EvidenceUploadTicket;
    expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(artifact.bytes) })).status).toBe(200);
    declared.push({ kind: artifact.kind, sha256: digest, bytes: artifact.bytes.byteLength, mediaType: artifact.mediaType });
  }
  const capture = { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url, extensionVersion: '0.1.0', browser: 'Chromium 156', artifacts: declared };
  const report = makeReport({ submissionId, url, title: 'Spendenaufruf', selectedText: 'Bitte helft', capture });
  expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
  const { referralId } = await local.waitForSubmission(submissionId);
  const [stored] = (await local.store.listReports(referralId)).filter((r) => r.submissionId === submissionId);
  return { referral: await local.getReferral(referralId), checks: stored?.evidenceChecks ?? [] };
};

const epcPayload = ['BCD', '002', '1', 'SCT', '', 'Spendenkonto Bruderhilfe', 'DE89370400440532013000', 'EUR50', '', '', 'Ausruestung'].join('\n');

describe('indicators from everything captured', () => {
  it('finds a wallet that is only in the body of the MHTML snapshot, citing the page and the text around it', async () => {
    const mhtml = new Uint8Array(await readFile('functions/core/page-text/fixtures/chromium-donation-page.mhtml'));
    const { referral, checks } = await flag('https://spenden.example/donate', [{ kind: 'mhtml', bytes: mhtml, mediaType: 'multipart/related' }]);
    expect(referral?.indicators).toContainEqual({
      type: 'btc',
      value: '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo',
      source: 'page',
      evidence: expect.stringContaining('BTC: 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo'),
    });
    expect(referral?.indicators).toContainEqual(expect.objectContaining({ type: 'eth', value: '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359', source: 'page' }));
    expect(checks).toMatchObject([{ kind: 'mhtml', status: 'verified', content: { indicators: 3 } }]);
  });

  it('finds an IBAN that is only in a QR code of a screenshot, validated, with the beneficiary as evidence', async () => {
    const png = new Uint8Array(await QRCode.toBuffer(epcPayload, { scale: 6, margin: 4 }));
    const { referral, checks } = await flag('https://spenden.example/poster', [{ kind: 'screenshot', bytes: png, mediaType: 'image/png' }]);
    expect(referral?.indicators).toEqual([
      { type: 'iban', value: 'DE89370400440532013000', source: 'qr', evidence: 'EPC SEPA transfer, to Spendenkonto Bruderhilfe, EUR 50, for Ausruestung' },
    ]);
    expect(checks).toMatchObject([{ kind: 'screenshot', status: 'verified', content: { indicators: 1 } }]);
  });

  it('records a broken QR image and an unreadable snapshot on their artifacts, and processes the rest of the report', async () => {
    const png = new Uint8Array(await QRCode.toBuffer(epcPayload, { scale: 4 }));
    const broken = png.slice(0, 200);
    const notMhtml = new TextEncoder().encode('this is not a snapshot');
    const good = new Uint8Array(await readFile('functions/core/page-text/fixtures/chromium-latin1-page.mhtml'));
    const { referral, checks } = await flag('https://spenden.example/broken', [
      { kind: 'screenshot', bytes: broken, mediaType: 'image/png' },
      { kind: 'mhtml', bytes: notMhtml, mediaType: 'multipart/related' },
      { kind: 'mhtml', bytes: good, mediaType: 'multipart/related' },
    ]);
    expect(checks).toMatchObject([
      { kind: 'screenshot', status: 'verified', content: { indicators: 0, problems: [{ code: 'undecodable_image' }] } },
      { kind: 'mhtml', status: 'verified', content: { indicators: 0, problems: [{ code: 'not_mhtml' }] } },
      { kind: 'mhtml', status: 'verified', content: { indicators: 1 } },
    ]);
    expect(referral?.indicators).toMatchObject([{ type: 'iban', value: 'DE89370400440532013000', source: 'page', evidence: 'Spende für die Brüder Überweisung: DE89 3704 0044 0532 0130 00 (Grüße)' }]);
  });

  it('hands the wallet found in the page and the IBAN found in the QR code to partners in one MISP event and one STIX bundle that validate', async () => {
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'de-bka' });
    const query = 'indicator=btc:1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo&indicator=iban:DE89370400440532013000';
    const exported = async (format: string) => fetch(`${local.apiUrl}/v1/indicators/export?format=${format}&${query}`, { headers: { authorization: `Bearer ${analyst}` } });
    const deadline = Date.now() + 20_000;
    let misp = await exported('misp');
    // The financial stage files the referrals in the dossiers just after the process stage routes them.
    while (misp.status === 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      misp = await exported('misp');
    }
    expect(misp.status).toBe(200);
    const event = (await misp.json()) as { Event: { Object: { name: string; ObjectReference: { comment: string }[] }[] } };
    expect(mispProblems(event)).toEqual([]);
    const references = event.Event.Object.flatMap((object) => object.ObjectReference.map((reference) => `${object.name}: ${reference.comment}`));
    expect(references).toContainEqual(expect.stringMatching(/^coin-address: published in this post \(found in its page\): ".*1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo/));
    expect(references).toContainEqual('bank-account: published in this post (found in its qr): "EPC SEPA transfer, to Spendenkonto Bruderhilfe, EUR 50, for Ausruestung"');
    const stix = await exported('stix');
    expect(stix.status).toBe(200);
    expect(stixProblems(await stix.json())).toEqual([]);
  });
});
