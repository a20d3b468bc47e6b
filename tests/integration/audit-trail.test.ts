import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { routeRoles } from '../../functions/api/access-policy';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let referralId = '';
const tokens = { referrer: '', liaison: '', admin: '', deploymentAdmin: '' };

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Every audit item of the referral, straight from the table. */
const auditItems = async (): Promise<Record<string, unknown>[]> => {
  const result = await local.documentClient.send(
    new QueryCommand({
      TableName: local.stack.config.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `REF#${referralId}`, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as Record<string, unknown>[];
};

const version = async (): Promise<number> => {
  const response = await call('GET', `/v1/queues/telegram?status=new`, tokens.liaison);
  const page = (await response.json()) as { items: { referralId: string; version: number }[] };
  return page.items.find((item) => item.referralId === referralId)?.version ?? -1;
};

beforeAll(async () => {
  local = await startLocalStack();
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  tokens.liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['telegram'] });
  tokens.admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  tokens.deploymentAdmin = await local.tokenFor({ role: 'deployment-admin', unit: 'eu-iru', sub: 'platforms.pia' });
  const report = makeReport({ url: 'https://t.me/s/audit_channel/9', category: 'propaganda' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  referralId = (await local.waitForSubmission(report.submissionId)).referralId;

  // A liaison officer works the referral: claim, send (manual channel), acknowledged, removed.
  let v = await version();
  expect((await call('POST', `/v1/referrals/${referralId}/claim`, tokens.liaison, { expectedVersion: v })).status).toBe(200);
  v += 1;
  expect((await call('POST', `/v1/referrals/${referralId}/send`, tokens.liaison, { expectedVersion: v })).status).toBeLessThan(300);
  v += 1;
  expect((await call('POST', `/v1/referrals/${referralId}/transitions`, tokens.liaison, { to: 'acknowledged', expectedVersion: v })).status).toBe(200);
  v += 1;
  expect((await call('POST', `/v1/referrals/${referralId}/transitions`, tokens.liaison, { to: 'actioned', outcome: 'removed', expectedVersion: v })).status).toBe(200);
});
afterAll(async () => {
  await local?.stop();
});

describe('the audit trail', () => {
  it('records every state change with who, when, from and to', async () => {
    const response = await call('GET', `/v1/referrals/${referralId}/audit`, tokens.liaison);
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { action: string; from?: string; to?: string; at: string; actor: unknown }[] };
    const transitions = events.filter((e) => e.action === 'transition').map((e) => `${e.from}->${e.to}`);
    expect(transitions).toEqual(['new->sent', 'sent->acknowledged', 'acknowledged->actioned']);
    expect(events.map((e) => e.action)).toContain('claimed');
    for (const event of events) {
      expect(event.actor).toBeTruthy();
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
    }
  });

  it('offers no route that writes to the audit trail', () => {
    const writes = Object.keys(routeRoles).filter((route) => /audit/.test(route) && !route.startsWith('GET '));
    expect(writes).toEqual([]);
  });

  it('keeps every audit event unchanged whatever an admin sends to every writing route', async () => {
    const before = await auditItems();
    expect(before.length).toBeGreaterThanOrEqual(4);
    const bodies: unknown[] = [{}, { expectedVersion: 0 }, { to: 'new', expectedVersion: 0 }, { to: 'declined', outcome: 'no_violation', expectedVersion: 99 }, { reason: 'x' }];
    let calls = 0;
    for (const route of Object.keys(routeRoles)) {
      const [method = 'GET', template = ''] = route.split(' ');
      if (method === 'GET') continue;
      const path = template.replace('{id}', referralId).replace(/\{[^}]+\}/g, 'x');
      for (const body of bodies) {
        const response = await call(method, path, tokens.admin, body);
        expect(response.status, `${route} ${JSON.stringify(body)}`).toBeLessThan(500);
        calls += 1;
      }
    }
    const after = await auditItems();
    const afterBySk = new Map(after.map((item) => [String(item['sk']), item]));
    for (const item of before) expect(afterBySk.get(String(item['sk']))).toEqual(item);
    expect(calls).toBeGreaterThan(20);
  });

  it('records who changed a platform channel, without the secret', async () => {
    const secret = 's'.repeat(48);
    const response = await call('PUT', '/v1/platforms/x/channel', tokens.deploymentAdmin, { webhookUrl: 'https://intake.x.example/referrals', signingSecret: secret });
    expect(response.status).toBe(200);
    const changes = await local.stores.channels.listChannelChanges('x');
    const last = changes.at(-1);
    expect(last).toMatchObject({ action: 'channel_configured', by: 'platforms.pia', webhookUrl: 'https://intake.x.example/referrals' });
    expect(String(last?.['secretFingerprint'])).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(changes)).not.toContain(secret);
  });
});
