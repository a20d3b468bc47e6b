import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signatureHeader, signWebhookBody, verifyWebhookSignature } from '../../functions/adapters/webhook-signing';
import { sandboxPagerSecretFor, startSandboxPager, type SandboxPager } from './sandbox-pager';

const secretFor = (routingKey: string) => sandboxPagerSecretFor('dev-secret', routingKey);
const trigger = (routingKey: string, dedupKey: string) =>
  JSON.stringify({ routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: 'P1', source: 'referral-desk/eu-iru', severity: 'critical' } });

let pager: SandboxPager | undefined;
afterEach(async () => {
  await pager?.stop();
  pager = undefined;
});

const post = (url: string, body: string, signature?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { [signatureHeader]: signature } : {}) }, body });

describe('sandbox pager', () => {
  it('accepts signed Events API v2 triggers and counts one incident per dedup key', async () => {
    pager = await startSandboxPager({ port: 0, apiUrl: () => 'http://127.0.0.1:1', secretFor });
    const body = trigger('duty-1', 'referral-desk/r-1/step-0');
    const first = await post(pager.webhookUrlFor('duty-1'), body, signWebhookBody(secretFor('duty-1'), body, new Date()));
    const again = await post(pager.webhookUrlFor('duty-1'), body, signWebhookBody(secretFor('duty-1'), body, new Date()));
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(pager.pages).toHaveLength(2);
    expect([...pager.incidents().keys()]).toEqual(['referral-desk/r-1/step-0']);
  });

  it('refuses unsigned, wrongly signed and misaddressed pages', async () => {
    pager = await startSandboxPager({ port: 0, apiUrl: () => 'http://127.0.0.1:1', secretFor });
    const body = trigger('duty-1', 'referral-desk/r-1/step-0');
    expect((await post(pager.webhookUrlFor('duty-1'), body)).status).toBe(401);
    expect((await post(pager.webhookUrlFor('duty-1'), body, signWebhookBody(secretFor('duty-2'), body, new Date()))).status).toBe(401);
    expect((await post(pager.webhookUrlFor('duty-2'), body, signWebhookBody(secretFor('duty-2'), body, new Date()))).status).toBe(400);
    expect(pager.incidents().size).toBe(0);
  });

  it('acknowledges a page with a signed acknowledge event to the pager callback', async () => {
    const received: { path: string; valid: boolean; body: string }[] = [];
    const api = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = request.headers[signatureHeader];
        received.push({ path: request.url ?? '', valid: verifyWebhookSignature(secretFor('duty-1'), Array.isArray(header) ? header[0] : header, body, new Date()).ok, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      pager = await startSandboxPager({ port: 0, apiUrl: () => `http://127.0.0.1:${(api.address() as AddressInfo).port}`, secretFor });
      const body = trigger('duty-1', 'referral-desk/r-1/step-0');
      await post(pager.webhookUrlFor('duty-1'), body, signWebhookBody(secretFor('duty-1'), body, new Date()));
      expect(await pager.acknowledge('eu-iru', 'referral-desk/r-1/step-0')).toBe(200);
      expect(received).toEqual([{ path: '/v1/callbacks/pager/eu-iru', valid: true, body: expect.stringContaining('"event_action":"acknowledge"') }]);
      await expect(pager.acknowledge('eu-iru', 'referral-desk/r-9/step-0')).rejects.toThrow('no page');
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });
});
