import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookTransport, publicOnlyLookup, type Resolve } from './webhook-transport';

/** A plain server on loopback that counts the connections it is offered. */
let server: Server;
let connections = 0;
let origin = '';
let port = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(202).end();
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver with fixed answers, like a name re-pointed after the channel was configured. */
const resolver =
  (answers: Record<string, string[]>): Resolve =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const post = { headers: { 'content-type': 'application/json' }, body: '{"referralId":"ref_0"}', timeoutMs: 2_000 };

describe('webhook transport at delivery time', () => {
  it('refuses a name that now resolves to loopback, a private or the metadata address, without connecting', async () => {
    const transport = createWebhookTransport({
      resolve: resolver({ 'intake.x.example': ['127.0.0.1'], 'intake.youtube.example': ['10.0.0.7'], 'intake.tiktok.example': ['169.254.169.254'], 'mixed.example': ['93.184.215.14', '::1'] }),
    });
    const before = connections;
    for (const host of ['intake.x.example', 'intake.youtube.example', 'intake.tiktok.example', 'mixed.example']) {
      const answer = await transport(`https://${host}:${port}/referrals`, post);
      expect(answer.ok, host).toBe(false);
      expect(answer.ok ? '' : answer.error).toContain('not a public address');
    }
    expect(connections).toBe(before);
  });

  it('refuses a stored URL that breaks the rule (plain HTTP, an inward host), whatever is stored', async () => {
    const transport = createWebhookTransport({ resolve: resolver({}) });
    for (const url of [`${origin}/webhooks/x`, 'http://intake.x.example/referrals', 'https://169.254.169.254/latest', 'https://[::ffff:7f00:1]/']) {
      const answer = await transport(url, post);
      expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('webhook URL refused') });
    }
  });

  it('delivers to the local sandbox origin, and to no other loopback port', async () => {
    const transport = createWebhookTransport({ sandboxOrigin: origin });
    expect(await transport(`${origin}/webhooks/x`, post)).toEqual({ ok: true, status: 202 });
    expect((await transport(`http://127.0.0.1:${port + 1}/webhooks/x`, post)).ok).toBe(false);
  });
});

describe('the connection lookup', () => {
  const lookup = (answers: Record<string, string[]>, hostname: string, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      publicOnlyLookup(resolver(answers))(hostname, options as never, (error, address, family) => resolve({ error, result: options.all ? address : { address, family } }));
    });

  it('hands the socket exactly the public addresses it checked', async () => {
    const answers = { 'intake.x.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] };
    expect(await lookup(answers, 'intake.x.example', { all: true })).toEqual({
      error: null,
      result: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    });
    expect(await lookup(answers, 'intake.x.example', { family: 6 })).toEqual({ error: null, result: { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 } });
  });

  it('fails on any inward address and on no address', async () => {
    expect((await lookup({ 'a.example': ['93.184.215.14', '10.0.0.1'] }, 'a.example', { all: true })).error?.code).toBe('EWEBHOOKADDRESS');
    expect((await lookup({}, 'b.example', { all: true })).error?.code).toBe('ENOTFOUND');
  });
});
