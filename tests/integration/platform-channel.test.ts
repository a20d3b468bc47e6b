import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * A platform's webhook channel carries every unit's referrals for that platform, and its secret
 * authenticates the platform's callbacks: only the deployment-wide role sets it, and only to an
 * HTTPS URL on a public host.
 */

let local: LocalStackHandle;
const tokens = { unitAdmin: '', deploymentAdmin: '', both: '' };
const secret = 'c'.repeat(40);

const putChannel = async (token: string, webhookUrl: string) => {
  const response = await fetch(`${local.apiUrl}/v1/platforms/x/channel`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ webhookUrl, signingSecret: secret }),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; issues?: { path: string; message: string }[] } } };
};

const configuredUrl = async () => {
  const response = await fetch(`${local.apiUrl}/v1/platforms`, { headers: { authorization: `Bearer ${tokens.deploymentAdmin}` } });
  const { platforms } = (await response.json()) as { platforms: { platform: string; webhookUrl?: string }[] };
  return platforms.find((p) => p.platform === 'x')?.webhookUrl;
};

beforeAll(async () => {
  local = await startLocalStack();
  tokens.unitAdmin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  tokens.deploymentAdmin = await local.tokenFor({ role: 'deployment-admin', unit: 'eu-iru', sub: 'platforms.pia' });
  tokens.both = await local.tokenFor({ role: ['admin', 'deployment-admin'], unit: 'fr-pharos', sub: 'admin.marc' });
});
afterAll(async () => {
  await local?.stop();
});

describe('platform channels', () => {
  it('are set by the deployment-wide role, not by an admin of a unit', async () => {
    // The local stack points every webhook platform at its sandbox.
    const sandbox = await configuredUrl();
    expect((await putChannel(tokens.unitAdmin, 'https://attacker.example/collect')).status).toBe(403);
    expect(await configuredUrl()).toBe(sandbox);
    expect((await putChannel(tokens.deploymentAdmin, 'https://intake.x.example/referrals')).status).toBe(200);
    expect((await putChannel(tokens.both, 'https://intake.x.example/v2/referrals')).status).toBe(200);
    expect(await configuredUrl()).toBe('https://intake.x.example/v2/referrals');
  });

  it.each([
    ['plain HTTP', 'http://intake.x.example/referrals'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.5/referrals'],
    ['loopback', 'https://127.0.0.1:8443/referrals'],
    ['loopback as IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/referrals'],
    ['a unique-local IPv6 address', 'https://[fd00::1]/referrals'],
    ['localhost', 'https://localhost/referrals'],
    ['an internal name', 'https://intake.corp.internal/referrals'],
    ['credentials in the URL', 'https://user:secret@intake.x.example/referrals'],
  ])('refuse %s, and keep the channel as it was', async (_case, webhookUrl) => {
    const before = await configuredUrl();
    const answer = await putChannel(tokens.deploymentAdmin, webhookUrl);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_body', issues: [expect.objectContaining({ path: 'webhookUrl' })] });
    expect(await configuredUrl()).toBe(before);
  });
});

describe('delivery to a channel that breaks the rule', () => {
  let inward: Server;
  let connections = 0;

  beforeAll(async () => {
    // A service on the deployment's own loopback, which a webhook must never reach.
    inward = createServer((request, response) => {
      request.resume();
      response.writeHead(200).end();
    });
    inward.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => inward.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => inward.close(resolve));
  });

  it('checks the stored URL again at delivery time: nothing is posted, and the attempt says why', async () => {
    // Stored without the API's check (an older configuration, or a table edited by hand).
    const port = (inward.address() as AddressInfo).port;
    await local.stores.channels.put({ platform: 'youtube', webhookUrl: `http://127.0.0.1:${port}/hook`, signingSecret: secret, updatedAt: new Date().toISOString(), updatedBy: 'legacy' });
    const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
    const liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', platforms: ['youtube'] });
    const report = makeReport({ url: 'https://www.youtube.com/watch?v=DDDDDDDDDD4' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    expect((await postJson(`${local.apiUrl}/v1/referrals/${referralId}/send`, liaison, { expectedVersion: 0 })).status).toBe(202);
    const deadline = Date.now() + 15_000;
    let attempts: { result: string; error?: string }[] = [];
    while (attempts.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(`${local.apiUrl}/v1/referrals/${referralId}/deliveries`, { headers: { authorization: `Bearer ${liaison}` } });
      attempts = ((await response.json()) as { attempts: typeof attempts }).attempts;
    }
    expect(attempts[0]).toMatchObject({ result: 'failed', error: expect.stringContaining('webhook URL refused') });
    expect(connections).toBe(0);
    expect((await local.getReferral(referralId))?.status).toBe('new');
  });
});
