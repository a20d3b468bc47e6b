import { describe, expect, it, vi } from 'vitest';
import { createDashboardHandlers, DashboardApiError } from './background-handlers';
import { createMessageListener, type MessageHandlers } from '../messaging';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${b64url({ alg: 'HS256' })}.${b64url({ 'cognito:groups': ['admin'], 'custom:unit': 'eu-iru' })}.sig`;

const queueItem = {
  referralId: 'ref_0123456789abcdef01234567',
  platform: 'telegram',
  status: 'new',
  priority: 'P1',
  category: 'attack_planning',
  legalRoute: 'referral',
  canonicalUrl: 'https://t.me/s/chan/1',
  url: 'https://t.me/s/chan/1',
  title: '<img src=x onerror=alert(1)>',
  firstReportedAt: '2026-05-01T10:00:00.000Z',
  reportCount: 1,
  unitCount: 1,
  breached: false,
  version: 3,
};

const handlersWith = (fetch: ReturnType<typeof vi.fn>, bearer: string | undefined = token) =>
  createDashboardHandlers({ fetch: fetch as unknown as typeof globalThis.fetch, baseUrl: async () => 'http://api.test/', token: async () => bearer });

describe('dashboard handlers (background)', () => {
  it('reads a queue page with the bearer token and an encoded query', async () => {
    const fetch = vi.fn(async () => json({ platform: 'telegram', status: 'new', items: [queueItem], nextCursor: 'c2' }));
    const page = await handlersWith(fetch)['dashboard.queue']({ platform: 'telegram', status: 'new', cursor: 'a+b/c' });
    expect(page.items[0]?.title).toBe('<img src=x onerror=alert(1)>');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://api.test/v1/queues/telegram?status=new&cursor=a%2Bb%2Fc&format=json');
    expect((init.headers as Record<string, string>).authorization).toBe(`Bearer ${token}`);
  });

  it('asks the API for the page size the officer chose', async () => {
    const fetch = vi.fn(async () => json({ platform: 'telegram', status: 'new', items: [queueItem] }));
    await handlersWith(fetch)['dashboard.queue']({ platform: 'telegram', status: 'new', limit: 200 });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('http://api.test/v1/queues/telegram?status=new&format=json&limit=200');
  });

  it('hands evidence bytes to the page as base64 only when they hash to the SHA-256 asked for', async () => {
    const bytes = new TextEncoder().encode('abc');
    // FIPS 180-2 SHA-256 of "abc".
    const digest = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    const fetch = vi.fn(async () => new Response(bytes, { status: 200, headers: { 'content-type': 'image/png' } }));
    const answer = await handlersWith(fetch)['dashboard.evidence-bytes']({ referralId: queueItem.referralId, sha256: digest });
    expect(answer).toEqual({ mediaType: 'image/png', base64: 'YWJj' });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe(`http://api.test/v1/referrals/${queueItem.referralId}/evidence/${digest}`);
    await expect(handlersWith(fetch)['dashboard.evidence-bytes']({ referralId: queueItem.referralId, sha256: 'f'.repeat(64) })).rejects.toThrow('do not match');
  });

  it('fetches the evidence package as a ZIP and refuses any other answer', async () => {
    const zip = vi.fn(async () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { status: 200, headers: { 'content-type': 'application/zip' } }));
    expect(await handlersWith(zip)['dashboard.evidence-package']({ referralId: queueItem.referralId })).toEqual({ fileName: `${queueItem.referralId}-evidence.zip`, base64: 'UEsDBA==' });
    expect((zip.mock.calls[0] as unknown as [string])[0]).toBe(`http://api.test/v1/referrals/${queueItem.referralId}/evidence-package`);
    const html = vi.fn(async () => new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    await expect(handlersWith(html)['dashboard.evidence-package']({ referralId: queueItem.referralId })).rejects.toThrow('not a ZIP');
  });

  it("reads the unit's unacknowledged pages and acknowledges one, refusing an answer outside the contract", async () => {
    const pages = { unit: 'eu-iru', pages: [{ referralId: queueItem.referralId, platform: 'x', priority: 'P1', step: 1, lastStep: false, firstPagedAt: '2026-05-01T10:00:00.000Z', ackDueAt: '2026-05-01T10:20:00.000Z' }] };
    const read = vi.fn(async () => json(pages));
    expect(await handlersWith(read)['dashboard.unacknowledged-pages']({})).toEqual(pages);
    expect((read.mock.calls[0] as unknown as [string])[0]).toBe('http://api.test/v1/escalations/unacknowledged');
    const ack = vi.fn(async () => json({ referralId: queueItem.referralId, step: 1, acknowledgedAt: '2026-05-01T10:05:00.000Z', acknowledgedBy: 'officer.ana', applied: true }));
    expect(await handlersWith(ack)['dashboard.acknowledge-page']({ referralId: queueItem.referralId })).toMatchObject({ applied: true });
    const [url, init] = ack.mock.calls[0] as unknown as [string, RequestInit];
    expect([url, init.method, init.body]).toEqual([`http://api.test/v1/referrals/${queueItem.referralId}/escalation/ack`, 'POST', '{}']);
    await expect(handlersWith(vi.fn(async () => json({ unit: 'eu-iru', pages: [{ referralId: 'x' }] })))['dashboard.unacknowledged-pages']({})).rejects.toThrow("the API's answer to /v1/escalations/unacknowledged is not what the dashboard expects");
  });

  it('posts transitions with the version seen and claims/releases with POST/DELETE', async () => {
    const state = { referralId: queueItem.referralId, platform: 'telegram', status: 'actioned', outcome: 'removed', version: 4, breached: false };
    const fetch = vi.fn(async () => json(state));
    const handlers = handlersWith(fetch);
    await handlers['dashboard.transition']({ referralId: queueItem.referralId, to: 'actioned', outcome: 'removed', expectedVersion: 3 });
    await handlers['dashboard.claim']({ referralId: queueItem.referralId, expectedVersion: 3, release: true });
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]?.[0]).toBe(`http://api.test/v1/referrals/${queueItem.referralId}/transitions`);
    expect(JSON.parse(String(calls[0]?.[1].body))).toEqual({ to: 'actioned', outcome: 'removed', expectedVersion: 3 });
    expect(calls[1]?.[1].method).toBe('DELETE');
  });

  it('turns API errors into errors the page can show, and refuses answers it cannot read', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json({ error: { code: 'conflict', message: 'stale version: you saw version 3', reason: 'version_conflict' } }, 409))
      .mockResolvedValueOnce(json({ platform: 'telegram', items: 'nope' }));
    const handlers = handlersWith(fetch);
    const stale = handlers['dashboard.send']({ referralId: queueItem.referralId, expectedVersion: 3 });
    await expect(stale).rejects.toThrow('the referral changed while you acted (another officer, the platform or the delivery stage); reload and retry (HTTP 409 conflict)');
    await expect(stale).rejects.toBeInstanceOf(DashboardApiError);
    await expect(handlers['dashboard.queue']({ platform: 'telegram', status: 'new' })).rejects.toThrow(/answer to \/v1\/queues\/telegram is not what the dashboard expects/);
    const signedOut = createDashboardHandlers({ fetch: vi.fn(), baseUrl: async () => 'http://api.test', token: async () => undefined });
    await expect(signedOut['dashboard.queue']({ platform: 'telegram', status: 'new' })).rejects.toThrow(/not signed in/);
  });

  it('downloads exports as text and says when the API cut them at its limit', async () => {
    const fetch = vi.fn(async () => new Response('referralId,platform\r\n', { status: 200, headers: { 'content-type': 'text/csv', 'x-next-cursor': 'more' } }));
    const file = await handlersWith(fetch)['dashboard.export']({ platform: 'telegram', status: 'new', format: 'csv' });
    expect(file).toEqual({ fileName: 'queue-telegram-new.csv', mediaType: 'text/csv', content: 'referralId,platform\r\n', truncated: true });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('http://api.test/v1/queues/telegram?status=new&format=csv');
  });

  it("exports an indicator's dossier under the API's file name, and shows a hold's refusal as the API words it", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(new Response('{"type":"bundle"}', { status: 200, headers: { 'content-type': 'application/stix+json;version=2.1', 'content-disposition': 'attachment; filename="payment_link-paypal.me_x.stix.json"' } }))
      .mockResolvedValueOnce(json({ error: { code: 'conflict', message: "held by another unit's investigation: hold: contact unit fr-pharos (+33 1)", reason: 'held_by_investigation', params: { holders: 'fr-pharos (+33 1)' } } }, 409));
    const handlers = handlersWith(fetch);
    expect(await handlers['dashboard.indicator-export']({ type: 'payment_link', value: 'paypal.me/x', format: 'stix' })).toEqual({
      fileName: 'payment_link-paypal.me_x.stix.json',
      mediaType: 'application/stix+json',
      content: '{"type":"bundle"}',
    });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('http://api.test/v1/indicators/payment_link/paypal.me%2Fx/export?format=stix');
    await expect(handlers['dashboard.indicator-export']({ type: 'iban', value: 'DE89370400440532013000', format: 'misp' })).rejects.toThrow("held by another unit's investigation: contact fr-pharos (+33 1) (HTTP 409 conflict)");
  });

  it('offers admins the platform registry and sends upload batches to reports:batch', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json({ platforms: [{ platform: 'x', channel: 'webhook', configured: false }, { platform: 'telegram', channel: 'manual', configured: true }] }))
      .mockResolvedValueOnce(json({ counts: { accepted: 0, processed: 0, rejected: 0, failed: 0 }, results: [] }));
    const handlers = handlersWith(fetch);
    // The other-hosts queue holds the unit's referrals on hosts outside the registry: offered too.
    expect(await handlers['dashboard.session']({})).toMatchObject({ roles: ['admin'], unit: 'eu-iru', platforms: ['x', 'telegram', 'other-hosts'] });
    await handlers['dashboard.import']({ reports: [] as never });
    expect((fetch.mock.calls[1] as unknown as [string, RequestInit])[0]).toBe('http://api.test/v1/reports:batch');
  });

  it('never hands the token to a page through the message layer', async () => {
    const fetch = vi.fn(async () => json({ platforms: [] }));
    const handlers = { ...handlersWith(fetch) } as unknown as MessageHandlers;
    const listener = createMessageListener(handlers, { id: 'ext', origin: 'chrome-extension://ext' });
    const answer = await listener({ name: 'dashboard.session', data: {} }, { id: 'ext', url: 'chrome-extension://ext/dashboard.html' });
    expect(answer).toMatchObject({ ok: true, value: { signedIn: true, roles: ['admin'] } });
    expect(JSON.stringify(answer)).not.toContain(token.split('.')[1]);
    // An oversized upload batch is refused before any handler (or the API) sees it.
    const tooMany = await listener({ name: 'dashboard.import', data: { reports: Array.from({ length: 501 }, () => ({})) } }, { id: 'ext', url: 'chrome-extension://ext/dashboard.html' });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });

  it("reads a referral's removal order (none yet is an answer), its documents, and posts what is recorded about it", async () => {
    const referralId = queueItem.referralId;
    const missing = vi.fn(async () => json({ error: { code: 'not_found', message: 'this referral has no removal order' } }, 404));
    expect(await handlersWith(missing)['dashboard.order']({ referralId })).toEqual({});
    const forbidden = vi.fn(async () => json({ error: { code: 'forbidden', message: 'not your platform' } }, 403));
    await expect(handlersWith(forbidden)['dashboard.order']({ referralId })).rejects.toThrow('your role or your unit does not allow this (the API says: not your platform) (HTTP 403 forbidden)');

    const html = vi.fn(async () => new Response('<h1>Removal order</h1>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-disposition': 'inline; filename="ord_1-fr.html"' } }));
    expect(await handlersWith(html)['dashboard.order-document']({ referralId, format: 'html', lang: 'fr' })).toMatchObject({ fileName: 'ord_1-fr.html', html: '<h1>Removal order</h1>' });
    expect((html.mock.calls[0] as unknown as [string])[0]).toBe(`http://api.test/v1/referrals/${referralId}/removal-order?format=html&lang=fr`);
    const pdf = vi.fn(async () => new Response(new TextEncoder().encode('%PDF'), { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="ord_1-de.pdf"' } }));
    expect(await handlersWith(pdf)['dashboard.order-document']({ referralId, format: 'pdf', lang: 'de' })).toMatchObject({ fileName: 'ord_1-de.pdf', base64: 'JVBERg==' });
    // An answer of another kind than asked is not handed on as the order.
    await expect(handlersWith(html)['dashboard.order-document']({ referralId, format: 'pdf', lang: 'de' })).rejects.toThrow('not a PDF');

    const refused = vi.fn(async () => json({ error: { code: 'conflict', message: 'Regulation (EU) 2021/784 Art. 11(3): the period was already extended once', rule: 'Regulation (EU) 2021/784 Art. 11(3)' } }, 409));
    await expect(
      handlersWith(refused)['dashboard.order-action']({ referralId, action: 'disclosure-delay', body: { extendByWeeks: 2, decidedAt: '2026-03-01T10:00:00Z', reason: 'The investigation is still covert.' } }),
    ).rejects.toThrow('refused under Regulation (EU) 2021/784 Art. 11(3): the request conflicts with the record as it is now; reload and check (the API says: the period was already extended once) (HTTP 409 conflict)');
    const [url, init] = refused.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`http://api.test/v1/referrals/${referralId}/removal-order/disclosure-delay`);
    expect(init.method).toBe('POST');
  });
});
