import { describe, expect, it, vi } from 'vitest';
import { createDashboardHandlers } from '../background-handlers';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${b64url({ alg: 'HS256' })}.${b64url({ 'cognito:groups': ['admin'], 'custom:unit': 'eu-iru' })}.sig`;
const incidentId = '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c';
const handlersWith = (fetch: ReturnType<typeof vi.fn>) => createDashboardHandlers({ fetch: fetch as unknown as typeof globalThis.fetch, baseUrl: async () => 'http://api.test', token: async () => token });
const incident = { incidentId, name: 'Attack', startedAt: '2026-12-06T10:00:00.000Z', status: 'closed', declaredAt: '2026-12-06T10:05:00.000Z', declaredBy: 'admin.kai', declaredByUnit: 'eu-iru', seeds: { urls: [], handles: ['@a_live'], terms: [], contentHashes: [], pdqHashes: [] }, closedAt: '2026-12-06T12:00:00.000Z' };

describe('incident handlers (background)', () => {
  it('closes with an empty body and hands the page where the frozen debrief is', async () => {
    const debrief = { generatedAt: '2026-12-06T12:00:01.000Z', sha256: 'a'.repeat(64), referrals: 3, markdown: `/v1/incidents/${incidentId}/debrief?format=md`, pdf: `/v1/incidents/${incidentId}/debrief?format=pdf` };
    const fetch = vi.fn(async () => Response.json({ ...incident, debrief }));
    expect((await handlersWith(fetch)['dashboard.close-incident']({ incidentId })).debrief).toEqual(debrief);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect([url, init.method, init.body]).toEqual([`http://api.test/v1/incidents/${incidentId}/close`, 'POST', '{}']);
  });

  it('saves the debrief only as the document asked for: Markdown or PDF, never another answer', async () => {
    const markdown = vi.fn(async () => new Response('# Debrief', { headers: { 'content-type': 'text/markdown; charset=utf-8' } }));
    expect(await handlersWith(markdown)['dashboard.incident-debrief']({ incidentId, format: 'md' })).toEqual({ fileName: `debrief-${incidentId}.md`, mediaType: 'text/markdown', base64: Buffer.from('# Debrief').toString('base64') });
    expect((markdown.mock.calls[0] as unknown as [string])[0]).toBe(`http://api.test/v1/incidents/${incidentId}/debrief?format=md`);
    const html = vi.fn(async () => new Response('<html>', { headers: { 'content-type': 'text/html' } }));
    await expect(handlersWith(html)['dashboard.incident-debrief']({ incidentId, format: 'pdf' })).rejects.toThrow('not application/pdf');
  });

  it('refuses a view outside the contract', async () => {
    const fetch = vi.fn(async () => Response.json({ incident, figures: {} }));
    await expect(handlersWith(fetch)['dashboard.incident']({ incidentId })).rejects.toThrow(`the API's answer to /v1/incidents/${incidentId} is not what the dashboard expects`);
  });
});
