import { describe, expect, it, vi } from 'vitest';
import { classifyFailure, createApiClient } from './api-client';

const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('api client', () => {
  it('sends the bearer token and parses a 202', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202));
    const client = createApiClient({ fetch: fetch as unknown as typeof globalThis.fetch, baseUrl: async () => 'http://api.test/', token: async () => 't1' });
    const result = await client.lookup('https://x.com/a?b=1&c');
    expect(fetch.mock.calls[0]?.[0]).toBe('http://api.test/v1/lookup?url=https%3A%2F%2Fx.com%2Fa%3Fb%3D1%26c');
    expect((fetch.mock.calls[0]?.[1].headers as Record<string, string>).authorization).toBe('Bearer t1');
    // A 2xx with a body that is not a lookupResult is not trusted.
    expect(result).toMatchObject({ kind: 'http_error', status: 502 });
  });

  it('takes a 412 to an evidence upload as done: the store keeps one upload per SHA-256, checked against it', async () => {
    const ticket = { uploadUrl: 'https://evidence.example/x', method: 'PUT' as const, headers: { 'if-none-match': '*' }, expiresAt: 'z' };
    const upload = (status: number) => createApiClient({ fetch: vi.fn(async () => new Response(null, { status })), baseUrl: async () => 'http://api.test', token: async () => 't' }).upload(ticket, new Uint8Array([1]));
    expect(await upload(200)).toMatchObject({ kind: 'ok' });
    expect(await upload(412)).toMatchObject({ kind: 'ok', status: 412 });
    expect(await upload(400)).toMatchObject({ kind: 'http_error', status: 400 });
  });

  it('retries once with a refreshed token after a 401', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json({ error: { code: 'unauthenticated', message: 'expired' } }, 401))
      .mockResolvedValueOnce(json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202));
    const token = vi.fn(async (options?: { forceRefresh?: boolean }) => (options?.forceRefresh ? 'fresh' : 'stale'));
    const client = createApiClient({ fetch, baseUrl: async () => 'http://api.test', token });
    const result = await client.submitReport({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', url: 'https://x.com/a', category: 'other', subTags: [], urgent: false, legalRoute: 'referral' });
    expect(result).toMatchObject({ kind: 'ok', status: 202 });
    expect(fetch.mock.calls[1]?.[1].headers.authorization).toBe('Bearer fresh');
  });

  it('reads the API error body and reports network failures as values', async () => {
    const client = createApiClient({
      fetch: vi.fn().mockResolvedValueOnce(json({ error: { code: 'invalid_body', message: 'bad url' } }, 400)).mockRejectedValueOnce(new TypeError('Failed to fetch')),
      baseUrl: async () => 'http://api.test',
      token: async () => undefined,
    });
    const refused = await client.lookup('https://x.com');
    // Worded for the officer (in the browser's language); the API's own English follows only where no reason names the case.
    expect(refused).toEqual({ kind: 'http_error', status: 400, code: 'invalid_body', message: 'the request has invalid fields (the API says: bad url) (HTTP 400 invalid_body)' });
    const offline = await client.lookup('https://x.com');
    expect(offline).toEqual({ kind: 'network', message: 'the API could not be reached' });
    expect(classifyFailure(offline as never)).toBe('retry');
  });
});
