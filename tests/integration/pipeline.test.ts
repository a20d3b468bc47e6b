import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EvidenceUploadTicket, ReferralEvidence } from '../../functions/contract/responses';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeReport, postJson } from '../helpers/factories';
// What the popup shows as the platform (buildPrefill's `platform`).
import { detectPlatform as platformShownInPopup } from '../../extension/utils/reporting/platform';

let local: LocalStackHandle;
let token: string;

beforeAll(async () => {
  local = await startLocalStack();
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
});
afterAll(async () => {
  await local?.stop();
});

const submit = async (overrides: Parameters<typeof makeReport>[0]) => {
  const report = makeReport(overrides);
  const response = await postJson(`${local.apiUrl}/v1/reports`, token, report);
  expect(response.status).toBe(202);
  return local.waitForSubmission(report.submissionId);
};

const drain = async (queueUrl: string, atLeast: number) => {
  const bodies: Record<string, unknown>[] = [];
  const deadline = Date.now() + 10_000;
  while (bodies.length < atLeast && Date.now() < deadline) {
    const received = await local.stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of received.Messages ?? []) bodies.push(JSON.parse(message.Body ?? '{}') as Record<string, unknown>);
  }
  return bodies;
};

// BIP-173's example P2WPKH address and the SWIFT registry's German example IBAN.
const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const iban = 'DE89 3704 0044 0532 0130 00';

describe('the pipeline adds what a human misses, with reasons', () => {
  it('extracts financial indicators, lists referrals sharing a wallet and routes to financial intelligence', async () => {
    const text = `Support the brothers. Donate BTC: ${wallet} or bank transfer ${iban}. Not valid: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5`;
    const first = await submit({ url: 'https://t.me/s/fundraiser_one/5', category: 'fundraising', selectedText: text });
    const second = await submit({ url: 'https://justpaste.it/abc12', category: 'propaganda', selectedText: `send to ${wallet}` });

    const referral = await local.getReferral(first.referralId);
    expect(referral?.indicators).toEqual(
      expect.arrayContaining([
        // Each indicator also names where it was found and the text around it.
        expect.objectContaining({ type: 'btc', value: wallet, source: 'selection' }),
        expect.objectContaining({ type: 'iban', value: 'DE89370400440532013000', source: 'selection' }),
      ]),
    );
    // The address with a broken checksum is not an indicator.
    expect(referral?.indicators.filter((i) => i.type === 'btc')).toHaveLength(1);

    const shared = await fetch(`${local.apiUrl}/v1/indicators/btc/${wallet}`, { headers: { authorization: `Bearer ${token}` } });
    expect(shared.status).toBe(200);
    const body = (await shared.json()) as { referrals: { referralId: string }[] };
    expect(body.referrals.map((r) => r.referralId).sort()).toEqual([first.referralId, second.referralId].sort());

    // Routed to the financial stage, which files both referrals in the wallet's dossier.
    const deadline = Date.now() + 15_000;
    let dossier: { referrals: number; platforms: string[] } | undefined;
    while (dossier?.referrals !== 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await fetch(`${local.apiUrl}/v1/indicators/btc/${wallet}`, { headers: { authorization: `Bearer ${token}` } });
      dossier = ((await answer.json()) as { dossier?: { referrals: number; platforms: string[] } }).dossier;
    }
    expect(dossier).toMatchObject({ referrals: 2, platforms: ['justpaste-it', 'telegram'] });
  });

  it('labels platform, language and priority with the rule and the evidence', async () => {
    const { referralId } = await submit({
      url: 'https://www.youtube.com/shorts/abcdefghijk',
      category: 'recruitment',
      title: 'Rejoignez-nous',
      selectedText: 'Rejoignez les rangs de nos frères, la hijra est un devoir pour chaque musulman qui veut combattre.',
    });
    const referral = await local.getReferral(referralId);
    const label = (name: string) => referral?.labels.find((l) => l.name === name);
    expect(label('platform')).toMatchObject({ value: 'youtube' });
    expect(label('platform')?.evidence.join(' ')).toContain('youtube.com');
    expect(label('language')).toMatchObject({ value: 'fr' });
    expect(label('priority')?.rule).toBeTruthy();
    expect(label('content-key')).toMatchObject({ value: 'youtube:video:abcdefghijk' });
    for (const l of referral?.labels ?? []) {
      expect(l.rule.length).toBeGreaterThan(0);
      expect(l.evidence.length).toBeGreaterThan(0);
    }
  });

  it('counts a group tag the list does not know under "unresolved" in the trend by group, and a popup suggestion under its group', async () => {
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru' });
    const today = new Date().toISOString().slice(0, 10);
    const byGroup = async () => {
      const response = await fetch(`${local.apiUrl}/v1/stats/counts?by=group&from=${today}`, { headers: { authorization: `Bearer ${analyst}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { totals: Record<string, number> }).totals;
    };
    const before = await byGroup();
    await submit({ url: 'https://example-forum.org/thread/881', category: 'propaganda', group: 'Some local gang' });
    await submit({ url: 'https://example-forum.org/thread/882', category: 'propaganda', group: 'ISIL/Daesh' });
    const after = await byGroup();
    expect((after['unresolved'] ?? 0) - (before['unresolved'] ?? 0)).toBe(1);
    expect((after['isil'] ?? 0) - (before['isil'] ?? 0)).toBe(1);
  });

  it("labels a title too short to detect with the page's declared language, and says so", async () => {
    const { referralId } = await submit({ url: 'https://example-forum.org/thread/883', category: 'propaganda', title: 'Recruitment video posted today', pageLanguage: 'en-GB' });
    const label = (await local.getReferral(referralId))?.labels.find((l) => l.name === 'language');
    expect(label).toMatchObject({ value: 'en', rule: 'page-declared-language' });
    expect(label?.evidence).toContain('page declares lang="en-GB"');
  });

  it('files a referral under the platform the popup showed the officer', async () => {
    const urls = [
      'https://justpaste.it/platform-check-1',
      'https://archive.org/details/platform-check-2',
      'https://mobile.twitter.com/someone/status/1800000000000000077',
      'https://t.me/s/platform_check/3',
      'https://mega.nz/file/platformcheck4',
      'https://forum.example-jihad.org/thread/platform-check-5',
    ];
    for (const url of urls) {
      const shown = platformShownInPopup(url);
      const { referralId } = await submit({ url, category: 'propaganda' });
      expect((await local.getReferral(referralId))?.platform, url).toBe(shown);
    }
  });

  it('makes an urgent report P1 with a one-hour clock and escalates it', async () => {
    const before = Date.now();
    const { referralId } = await submit({ url: 'https://x.com/someone/status/1800000000000000042', category: 'attack_planning', urgent: true });
    const referral = await local.getReferral(referralId);
    expect(referral?.priority).toBe('P1');
    const deadline = Date.parse(referral?.deadlineAt ?? '');
    expect(deadline - before).toBeLessThanOrEqual(3_600_000 + 5_000);
    // The escalation stage reads it; this unit has set no on-call rota, so it parks it with that reason.
    const escalation = await drain(local.stack.queues.escalation.deadLetterUrl, 1);
    expect(escalation.find((m) => m['referralId'] === referralId)).toMatchObject({ type: 'referral.escalation', unit: 'eu-iru', priority: 'P1' });
  });

  it('raises an existing referral to P1 when a later report is urgent', async () => {
    const url = 'https://rumble.com/v5xyz-some-video.html';
    const { referralId } = await submit({ url, category: 'propaganda' });
    expect((await local.getReferral(referralId))?.priority).not.toBe('P1');
    await submit({ url, category: 'attack_planning', urgent: true });
    expect((await local.getReferral(referralId))?.priority).toBe('P1');
  });

  it('links the same captured text at another URL as a mirror', async () => {
    const text = 'The full text of a manifesto that was copied word for word to several file hosts and paste sites.';
    const original = await submit({ url: 'https://pastebin.com/AbCdEf12', selectedText: text });
    const mirror = await submit({ url: 'https://justpaste.it/mirror-77', selectedText: `  ${text}\n` });
    expect(mirror.referralId).not.toBe(original.referralId);
    expect((await local.getReferral(mirror.referralId))?.mirrorOf).toBe(original.referralId);
    expect((await local.getReferral(original.referralId))?.mirrorOf).toBeUndefined();
  });

  it('verifies uploaded evidence against the declared SHA-256 and flags a mismatch, an oversized object or a missing upload', async () => {
    const submissionId = randomUUID();
    const ticketFor = async (declared: string, bytes: number) => {
      const ticketResponse = await postJson(`${local.apiUrl}/v1/evidence`, token, { sha256: declared, bytes, mediaType: 'image/png', submissionId });
      expect(ticketResponse.status).toBe(201);
      return (await ticketResponse.json()) as EvidenceUploadTicket;
    };
    const put = async (ticket: EvidenceUploadTicket, bytes: Uint8Array) => (await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(bytes) })).status;
    const screenshot = new TextEncoder().encode('PNG bytes of a screenshot');
    const honest = bytesToHex(sha256(screenshot));
    expect(await put(await ticketFor(honest, screenshot.byteLength), screenshot)).toBe(200);
    // The same bytes again are already there (S3: If-None-Match), and other bytes never hash to the name.
    expect(await put(await ticketFor(honest, screenshot.byteLength), screenshot)).toBe(412);
    const tampered = new TextEncoder().encode('other bytes');
    const claimed = bytesToHex(sha256(new TextEncoder().encode('what the extension said')));
    expect(await put(await ticketFor(claimed, tampered.byteLength), tampered)).toBe(400);
    // Storage changed under the store (bit rot, an operator): the process stage still re-hashes.
    const evidencePath = (digest: string) => join(local.stack.config.EVIDENCE_DIR ?? '', digest.slice(0, 2), digest);
    await mkdir(dirname(evidencePath(claimed)), { recursive: true });
    await writeFile(evidencePath(claimed), tampered);
    // An object larger than the report declares is not read at all.
    const oversized = bytesToHex(sha256(new TextEncoder().encode('declared as ten bytes')));
    await mkdir(dirname(evidencePath(oversized)), { recursive: true });
    await writeFile(evidencePath(oversized), new Uint8Array(64 * 1024));
    const never = bytesToHex(sha256(new TextEncoder().encode('never uploaded')));

    const capture = (artifacts: { sha256: string; bytes: number }[]) => ({
      capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      url: 'https://example.org/page',
      extensionVersion: '0.1.0',
      browser: 'Chromium 156',
      artifacts: artifacts.map((a) => ({ kind: 'screenshot' as const, sha256: a.sha256, bytes: a.bytes, mediaType: 'image/png' })),
    });
    const report = makeReport({ submissionId, url: 'https://example.org/page', capture: capture([{ sha256: honest, bytes: screenshot.byteLength }, { sha256: claimed, bytes: tampered.byteLength }, { sha256: oversized, bytes: 10 }, { sha256: never, bytes: 10 }]) });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const [stored] = (await local.store.listReports(referralId)).filter((r) => r.submissionId === report.submissionId);
    expect(stored?.evidenceChecks?.map((c) => c.status)).toEqual(['verified', 'mismatch', 'mismatch', 'missing']);
    expect(stored?.evidenceChecks?.[0]?.uploadedFor).toEqual({ unit: 'eu-iru', submissionId });
    expect(stored?.evidenceChecks?.[1]?.actualSha256).toBe(bytesToHex(sha256(tampered)));
    expect(stored?.evidenceChecks?.[2]).toMatchObject({ actualBytes: 64 * 1024 });
    expect(stored?.evidenceChecks?.[2]?.actualSha256).toBeUndefined();

    // Read back by whoever may see the referral: the list with each check, and only verified bytes.
    const get = (path: string, bearer = token) => fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const list = (await (await get(`/v1/referrals/${referralId}/evidence`)).json()) as ReferralEvidence;
    expect(list.artifacts.map((a) => [a.sha256, a.status])).toEqual([
      [honest, 'verified'],
      [claimed, 'mismatch'],
      [oversized, 'mismatch'],
      [never, 'missing'],
    ]);
    expect(JSON.stringify(list)).not.toContain('officer');
    const image = await get(`/v1/referrals/${referralId}/evidence/${honest}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(screenshot);
    expect((await get(`/v1/referrals/${referralId}/evidence/${claimed}`)).status).toBe(409);
    expect((await get(`/v1/referrals/${referralId}/evidence/${never}`)).status).toBe(404);
    expect((await get(`/v1/referrals/${referralId}/evidence/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await get(`/v1/referrals/${referralId}/evidence/NOT-A-HASH`)).status).toBe(400);
    // A liaison officer of another platform does not learn the referral exists.
    const otherLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', platforms: ['youtube'] });
    expect((await get(`/v1/referrals/${referralId}/evidence/${honest}`, otherLiaison)).status).toBe(404);

    // Who read which artifact, and when, is in the referral's legal audit: the one read served above.
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru' });
    const audit = (await (await get(`/v1/referrals/${referralId}/legal-audit`, analyst)).json()) as { events: { subject: string; subjectId: string; action: string; at: string; actor: { id: string; unit?: string } }[] };
    const reads = audit.events.filter((e) => e.action === 'evidence_read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ subject: 'evidence', subjectId: honest, actor: { unit: 'eu-iru' } });
    expect(reads[0]?.actor.id.length).toBeGreaterThan(0);
    expect(Date.parse(reads[0]?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('recomputes the PDQ of uploaded images and flags a capture-time PDQ that names another image', async () => {
    // Hashes from tests/fixtures/pdq/vectors.json (Meta's reference): the horse, its half-size copy, another photo.
    const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';
    const horseHalfSize = '6d0d885b2f16c3de5966d6f2f201a2d9aa17ae1eb1d44dd6d13634b101a5c92f';
    const astronaut = 'fea7622d2e2f589694da269a17452a8409a28fc0afbf420f5d017de6ede0b758';
    const fixture = async (path: string) => new Uint8Array(await readFile(`tests/fixtures/pdq/images/${path}`));
    const submissionId = randomUUID();
    const upload = async (bytes: Uint8Array, mediaType: string) => {
      const digest = bytesToHex(sha256(bytes));
      const ticket = (await (await postJson(`${local.apiUrl}/v1/evidence`, token, { sha256: digest, bytes: bytes.byteLength, mediaType, submissionId })).json()) as EvidenceUploadTicket;
      expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: Buffer.from(bytes) })).status).toBe(200);
      return { sha256: digest, bytes: bytes.byteLength, mediaType };
    };
    const png = await upload(await fixture('horse/original.png'), 'image/png');
    const jpeg = await upload(await fixture('horse/jpeg_q70.jpg'), 'image/jpeg');
    const other = await upload(await fixture('camera_a/jpeg_q30.jpg'), 'image/jpeg');
    const text = await upload(new TextEncoder().encode('<html>page</html>'), 'multipart/related');
    const artifacts = [
      { kind: 'screenshot' as const, ...png, pdq: { hash: horse, quality: 100 } },
      { kind: 'screenshot' as const, ...jpeg, pdq: { hash: horseHalfSize, quality: 100 } },
      { kind: 'screenshot' as const, ...other, pdq: { hash: astronaut, quality: 100 } },
      { kind: 'mhtml' as const, ...text },
    ];
    const capture = { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url: 'https://example.org/media', extensionVersion: '0.1.0', browser: 'Chromium 156', artifacts };
    const report = makeReport({ submissionId, url: 'https://example.org/media', capture });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const [stored] = (await local.store.listReports(referralId)).filter((r) => r.submissionId === report.submissionId);
    expect(stored?.evidenceChecks?.map((c) => [c.status, c.pdq?.hash, c.pdqDistance, c.pdqCheck])).toEqual([
      ['verified', horse, 0, 'same'],
      ['verified', horse, 20, 'near'],
      ['verified', expect.stringMatching(/^[0-9a-f]{64}$/), expect.any(Number), 'mismatch'],
      ['verified', undefined, undefined, undefined],
    ]);
    const list = (await (await fetch(`${local.apiUrl}/v1/referrals/${referralId}/evidence`, { headers: { authorization: `Bearer ${token}` } })).json()) as ReferralEvidence;
    expect(list.artifacts.map((a) => [a.pdq, a.pdqQuality, a.pdqCheck])).toEqual([
      [horse, 100, 'same'],
      [horse, 100, 'near'],
      [stored?.evidenceChecks?.[2]?.pdq?.hash, 100, 'mismatch'],
      [undefined, undefined, undefined],
    ]);
  });

  it('refuses an evidence upload with a forged or expired ticket', async () => {
    const bytes = new TextEncoder().encode('x');
    const digest = bytesToHex(sha256(bytes));
    const forged = await fetch(`${local.apiUrl}/v1/evidence/${digest}?bytes=1&expires=${Math.floor(Date.now() / 1000) + 60}&signature=${'0'.repeat(64)}`, { method: 'PUT', body: Buffer.from(bytes) });
    expect(forged.status).toBe(403);
  });
});
