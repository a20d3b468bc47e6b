import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Giving a referral to a named colleague, on the local stack: assign, reassign, take back, the
 * "mine" filter, stale versions, who may, and that an officer's identity never leaves their unit.
 */

let local: LocalStackHandle;
const tokens = {} as Record<'referrer' | 'lena' | 'omar' | 'xOnly' | 'analyst' | 'admin' | 'pharos', string>;
let referralId = '';

const send = (method: string, path: string, token: string, body: unknown) =>
  fetch(`${local.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = (path: string, token: string) => fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
const assign = (token: string, officerId: string, expectedVersion: number) => send('PUT', `/v1/referrals/${referralId}/assignee`, token, { officerId, expectedVersion });
const unassign = (token: string, expectedVersion: number) => send('DELETE', `/v1/referrals/${referralId}/assignee`, token, { expectedVersion });

interface Item {
  referralId: string;
  version: number;
  assignment?: { mine: boolean; ownUnit: boolean; officerId?: string };
}
const version = async (): Promise<number> => (await local.getReferral(referralId))?.version ?? -1;
const mine = async (token: string): Promise<string[]> => {
  const response = await get('/v1/queues/youtube?assignee=me', token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Item[] }).items.map((item) => item.referralId);
};
const queueItem = async (token: string): Promise<Item | undefined> => {
  const response = await get('/v1/queues/youtube?limit=200', token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Item[] }).items.find((item) => item.referralId === referralId);
};
const auditOf = async (token: string) => {
  const response = await get(`/v1/referrals/${referralId}/audit`, token);
  expect(response.status).toBe(200);
  return { text: await response.clone().text(), events: ((await response.json()) as { events: { action: string; assignee?: string; actor: { id: string } }[] }).events };
};

beforeAll(async () => {
  local = await startLocalStack();
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  tokens.lena = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['youtube'] });
  tokens.omar = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.omar', platforms: ['youtube'] });
  tokens.xOnly = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.xavier', platforms: ['x'] });
  tokens.analyst = await local.tokenFor({ role: ['analyst', 'referrer'], unit: 'eu-iru', sub: 'analyst.sam' });
  tokens.admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  tokens.pharos = await local.tokenFor({ role: 'liaison', unit: 'fr-pharos', sub: 'liaison.paul', platforms: ['youtube'] });
  const report = makeReport({ url: 'https://www.youtube.com/watch?v=ASSIGNME001', category: 'propaganda' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  referralId = (await local.waitForSubmission(report.submissionId)).referralId;
});

afterAll(async () => {
  await local?.stop();
});

describe('assigning a referral to a colleague', () => {
  it('assigns, answers a retry without a second event, and shows it under "mine" for the colleague only', async () => {
    const seen = await version();
    const response = await assign(tokens.lena, 'liaison.omar', seen);
    expect(response.status).toBe(200);
    const state = (await response.json()) as Item;
    expect(state).toMatchObject({ version: seen + 1, assignment: { mine: false, ownUnit: true, officerId: 'liaison.omar' } });
    // The same request again (a client retry): the same answer, nothing written twice.
    const retry = await assign(tokens.lena, 'liaison.omar', seen);
    expect(retry.status).toBe(200);
    expect(await version()).toBe(seen + 1);
    expect(await mine(tokens.omar)).toEqual([referralId]);
    expect(await mine(tokens.lena)).toEqual([]);
    expect(await queueItem(tokens.omar)).toMatchObject({ assignment: { mine: true, ownUnit: true, officerId: 'liaison.omar' } });
    const detail = (await (await get(`/v1/referrals/${referralId}`, tokens.lena)).json()) as Item;
    expect(detail).toMatchObject({ version: seen + 1, assignment: { mine: false, ownUnit: true, officerId: 'liaison.omar' } });
    const { events } = await auditOf(tokens.lena);
    expect(events.filter((event) => event.action === 'assigned')).toEqual([expect.objectContaining({ assignee: 'liaison.omar', actor: expect.objectContaining({ id: 'liaison.lena' }) })]);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const current = await version();
    const response = await assign(tokens.lena, 'liaison.lena', current - 1);
    expect(response.status).toBe(409);
    expect(await version()).toBe(current);
    expect(await mine(tokens.omar)).toEqual([referralId]);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const current = await version();
    for (const body of [{ officerId: '', expectedVersion: current }, { officerId: '<b>x</b>', expectedVersion: current }, { officerId: 'a'.repeat(201), expectedVersion: current }, { expectedVersion: current }, { officerId: 'liaison.lena' }]) {
      const response = await send('PUT', `/v1/referrals/${referralId}/assignee`, tokens.lena, body);
      expect(response.status).toBe(400);
    }
    expect(await version()).toBe(current);
  });

  it('keeps the colleague inside the unit: another unit sees that someone has it, not who', async () => {
    const item = await queueItem(tokens.pharos);
    expect(item?.assignment).toEqual({ mine: false, ownUnit: false });
    const detailText = await (await get(`/v1/referrals/${referralId}`, tokens.pharos)).text();
    expect(JSON.parse(detailText)).toMatchObject({ assignment: { mine: false, ownUnit: false } });
    const audit = await auditOf(tokens.pharos);
    expect(audit.events.some((event) => event.action === 'assigned')).toBe(true);
    for (const text of [detailText, audit.text, JSON.stringify(item)]) {
      expect(text).not.toContain('liaison.omar');
      expect(text).not.toContain('liaison.lena');
    }
  });

  it('lets neither another unit nor an officer off the platform nor an analyst change it', async () => {
    const current = await version();
    const other = await assign(tokens.pharos, 'liaison.paul', current);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await unassign(tokens.pharos, current)).status).toBe(403);
    expect((await assign(tokens.xOnly, 'liaison.xavier', current)).status).toBe(404);
    expect((await unassign(tokens.xOnly, current)).status).toBe(404);
    expect((await assign(tokens.analyst, 'analyst.sam', current)).status).toBe(403);
    expect(await version()).toBe(current);
    expect(await mine(tokens.omar)).toEqual([referralId]);
  });

  it('reassigns within the unit (an admin too) and takes it back', async () => {
    const first = await version();
    expect((await assign(tokens.lena, 'liaison.lena', first)).status).toBe(200);
    expect(await mine(tokens.omar)).toEqual([]);
    expect(await mine(tokens.lena)).toEqual([referralId]);
    expect((await assign(tokens.admin, 'liaison.omar', first + 1)).status).toBe(200);
    expect(await mine(tokens.omar)).toEqual([referralId]);
    const taken = await unassign(tokens.lena, first + 2);
    expect(taken.status).toBe(200);
    expect(((await taken.json()) as Item).assignment).toBeUndefined();
    expect(await mine(tokens.omar)).toEqual([]);
    // Nobody has it now: taking it back again is a conflict and writes nothing.
    expect((await unassign(tokens.lena, first + 3)).status).toBe(409);
    expect(await version()).toBe(first + 3);
    const { events } = await auditOf(tokens.lena);
    expect(events.filter((event) => event.action === 'assigned' || event.action === 'unassigned').map((event) => [event.action, event.assignee, event.actor.id])).toEqual([
      ['assigned', 'liaison.omar', 'liaison.lena'],
      ['assigned', 'liaison.lena', 'liaison.lena'],
      ['assigned', 'liaison.omar', 'admin.kai'],
      ['unassigned', 'liaison.omar', 'liaison.lena'],
    ]);
  });

  it('lets another unit assign once nobody has it, and every change stays in the audit chain', async () => {
    const current = await version();
    const response = await assign(tokens.pharos, 'liaison.paul', current);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Item).assignment).toEqual({ mine: true, ownUnit: true, officerId: 'liaison.paul' });
    expect(await queueItem(tokens.lena)).toMatchObject({ assignment: { mine: false, ownUnit: false } });
    const verify = await get(`/v1/referrals/${referralId}/audit/verify`, tokens.lena);
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, findings: [] });
  });
});
