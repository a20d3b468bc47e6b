import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { signatureHeader, signWebhookBody } from '../../functions/adapters/webhook-signing';
import type { SandboxPlatform } from '../../infra/local/sandbox-platform';
import { sandboxSecretFor } from '../../infra/local/sandbox-platform';
import { counterShardCount } from '../../functions/core/trends/counter-cells';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

let local: LocalStackHandle;
let sandbox: SandboxPlatform;
const tokens = {} as Record<'referrer' | 'otherUnit' | 'lena' | 'omar' | 'xOnly' | 'analyst' | 'admin', string>;

const get = (path: string, token: string | undefined) => fetch(`${local.apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const send = (method: string, path: string, token: string, body: unknown) =>
  fetch(`${local.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const json = async <T = Record<string, unknown>>(response: Response): Promise<T> => (await response.json()) as T;
const today = () => new Date().toISOString().slice(0, 10);


const signedCallback = (platform: string, body: unknown, secret = sandboxSecretFor(local.stack.devAuthSecret, platform), at = new Date()) => {
  const text = JSON.stringify(body);
  return { text, header: signWebhookBody(secret, text, at) };
};
const postCallback = (platform: string, signed: { text: string; header: string }) =>
  fetch(`${local.apiUrl}/v1/callbacks/${platform}`, { method: 'POST', headers: { 'content-type': 'application/json', [signatureHeader]: signed.header }, body: signed.text });

/** The stored referral item without anything that may legitimately differ between two reads. */
const storedReferral = async (referralId: string) => JSON.stringify(await local.getReferral(referralId));

const ids: Record<'urgent' | 'later' | 'manual', string> = { urgent: '', later: '', manual: '' };

beforeAll(async () => {
  local = await startLocalStack();
  sandbox = local.stack.sandbox as SandboxPlatform;
  sandbox.behaviour.callbackDelayMs = 200;
  tokens['referrer'] = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  tokens['otherUnit'] = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'officer.marc' });
  tokens['lena'] = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['youtube', 'telegram'] });
  tokens['omar'] = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.omar', platforms: ['youtube'] });
  tokens['xOnly'] = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.xavier', platforms: ['x'] });
  tokens['analyst'] = await local.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst.sam' });
  tokens['admin'] = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });

  const reports = {
    later: makeReport({ url: 'https://www.youtube.com/watch?v=AAAAAAAAAA1', category: 'propaganda', title: '=HYPERLINK("http://evil.example")', notes: 'INTERNAL-NOTE-later' }),
    // Attack planning without a threat to life: P2, the most urgent a liaison officer still sends by
    // hand (a P1 goes to the platform at once, see urgent-delivery.test.ts).
    urgent: makeReport({ url: 'https://youtu.be/BBBBBBBBBB2', category: 'attack_planning', notes: 'INTERNAL-NOTE-urgent' }),
    manual: makeReport({ url: 'https://t.me/s/loopchannel/5', category: 'recruitment', notes: 'INTERNAL-NOTE-manual' }),
  };
  for (const [name, report] of Object.entries(reports) as [keyof typeof ids, (typeof reports)['later']][]) {
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens['referrer'], report)).status).toBe(202);
    ids[name] = (await local.waitForSubmission(report.submissionId)).referralId;
  }
  // Another unit's report, for the unit listing rule.
  const pharos = makeReport({ url: 'https://www.youtube.com/watch?v=CCCCCCCCCC3' });
  await postJson(`${local.apiUrl}/v1/reports`, tokens['otherUnit'], pharos);
  await local.waitForSubmission(pharos.submissionId);
});
afterAll(async () => {
  await local?.stop();
});

describe('the liaison loop on the local stack', () => {
  it('routes reports into the platform queue, most urgent first, without notes or officer ids', async () => {
    const response = await get('/v1/queues/youtube?status=new', tokens['lena']);
    expect(response.status).toBe(200);
    const page = await json<{ items: { referralId: string; priority: string; breached: boolean; version: number }[] }>(response);
    expect(page.items.map((i) => i.referralId).slice(0, 2)).toEqual([ids.urgent, ids.later]);
    expect(page.items[0]?.priority).toBe('P2');
    const text = JSON.stringify(page);
    for (const secret of ['INTERNAL-NOTE', 'officer.ana', 'officer.marc']) expect(text).not.toContain(secret);

    // Paging with an opaque cursor; an altered cursor or one from another queue is a 400.
    const first = await json<{ items: { referralId: string }[]; nextCursor?: string }>(await get('/v1/queues/youtube?limit=1', tokens['lena']));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeDefined();
    const second = await json<{ items: { referralId: string }[] }>(await get(`/v1/queues/youtube?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`, tokens['lena']));
    expect(second.items[0]?.referralId).toBe(ids.later);
    const cursor = first.nextCursor ?? '';
    const tampered = `${cursor.slice(0, 3)}${cursor[3] === 'x' ? 'y' : 'x'}${cursor.slice(4)}`;
    expect((await get(`/v1/queues/youtube?limit=1&cursor=${encodeURIComponent(tampered)}`, tokens['lena'])).status).toBe(400);
    expect((await get(`/v1/queues/youtube?status=sent&cursor=${encodeURIComponent(cursor)}`, tokens['lena'])).status).toBe(400);
    expect((await get('/v1/queues/youtube?status=bogus', tokens['lena'])).status).toBe(400);
  });

  it('exports the queue as CSV (formula cells escaped) and NDJSON', async () => {
    const csv = await get('/v1/queues/youtube?format=csv', tokens['lena']);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r['referralId'] === ids.later)?.['title']).toBe(`'=HYPERLINK("http://evil.example")`);
    const ndjson = await get('/v1/queues/youtube?format=ndjson', tokens['lena']);
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as { referralId: string });
    expect(lines.map((l) => l.referralId)).toEqual(rows.map((r) => r['referralId']));
  });

  it('claims, keeps a second officer off, sends, retries a failed delivery, delivers signed, and takes the outcome back', async () => {
    const claim = await send('POST', `/v1/referrals/${ids.urgent}/claim`, tokens['lena'], { expectedVersion: 0 });
    expect(claim.status).toBe(200);
    const claimed = await json<{ version: number; claim: { mine: boolean } }>(claim);
    expect(claimed).toMatchObject({ version: 1, claim: { mine: true } });

    const before = await storedReferral(ids.urgent);
    expect((await send('POST', `/v1/referrals/${ids.urgent}/claim`, tokens['omar'], { expectedVersion: 1 })).status).toBe(409);
    expect((await send('POST', `/v1/referrals/${ids.urgent}/send`, tokens['omar'], { expectedVersion: 1 })).status).toBe(409);
    expect((await send('POST', `/v1/referrals/${ids.urgent}/claim`, tokens['omar'], { expectedVersion: 0 })).status).toBe(409); // stale version
    // Lena repeating her own claim (a client retry) is answered with the claim, not a second change.
    expect(await json(await send('POST', `/v1/referrals/${ids.urgent}/claim`, tokens['lena'], { expectedVersion: 0 }))).toMatchObject({ version: 1 });
    expect(await storedReferral(ids.urgent)).toBe(before);
    const queueView = await json<{ items: { referralId: string; claim?: { mine: boolean } }[] }>(await get('/v1/queues/youtube', tokens['omar']));
    expect(queueView.items.find((i) => i.referralId === ids.urgent)?.claim).toMatchObject({ mine: false });

    sandbox.behaviour.failNext = 1;
    const sent = await send('POST', `/v1/referrals/${ids.urgent}/send`, tokens['lena'], { expectedVersion: 1 });
    expect(sent.status).toBe(202);
    expect(await json(sent)).toMatchObject({ status: 'new', delivery: 'queued', version: 2 });

    const delivery = await waitFor('a valid delivery', async () => sandbox.deliveries.find((d) => d.referral?.referralId === ids.urgent && d.status === 202));
    expect(delivery.signatureValid).toBe(true);
    expect(delivery.referral).toMatchObject({ referralId: ids.urgent, priority: 'P2', category: 'attack_planning', legalRoute: 'referral' });
    expect(delivery.referral?.urgent).toBeUndefined();
    for (const secret of ['INTERNAL-NOTE', 'officer.ana', 'liaison.lena', 'eu-iru']) expect(delivery.body).not.toContain(secret);
    expect(sandbox.deliveries.filter((d) => d.referral?.referralId === ids.urgent).map((d) => d.status)).toEqual([503, 202]);

    const closed = await waitFor('the removed outcome', async () => {
      const referral = await local.getReferral(ids.urgent);
      return referral?.status === 'actioned' ? referral : undefined;
    });
    expect(closed).toMatchObject({ outcome: 'removed', gsi1pk: 'QUEUE#youtube#actioned' });
    expect(closed.claimedBy).toBeUndefined();

    const attempts = await json<{ attempts: { attempt: number; result: string; httpStatus?: number }[] }>(await get(`/v1/referrals/${ids.urgent}/deliveries`, tokens['lena']));
    expect(attempts.attempts.map((a) => [a.attempt, a.result, a.httpStatus])).toEqual([[1, 'failed', 503], [2, 'delivered', 202]]);

    const audit = await json<{ events: { version: number; action: string; from: string; to: string; actor: { kind: string; id: string } }[] }>(await get(`/v1/referrals/${ids.urgent}/audit`, tokens['analyst']));
    expect(audit.events.map((e) => [e.version, e.action, e.from, e.to, e.actor.kind])).toEqual([
      [1, 'claimed', 'new', 'new', 'officer'],
      [2, 'delivery_requested', 'new', 'new', 'officer'],
      [3, 'transition', 'new', 'sent', 'system'],
      [4, 'transition', 'sent', 'acknowledged', 'platform'],
      [5, 'transition', 'acknowledged', 'actioned', 'platform'],
    ]);
    const view = await json(await get(`/v1/referrals/${ids.urgent}`, tokens['lena']));
    expect(view).toMatchObject({ status: 'actioned' });
  });

  it('updates trends and time to removal from counters, reporting what it read', async () => {
    // The callback counts the outcome after it moved the status (and audited it), so the counters
    // can trail the status the test above waited for by a few writes.
    await waitFor('the outcome counted', async () => ((await json<{ platforms: unknown[] }>(await get(`/v1/stats/platforms?from=${today()}`, tokens['analyst']))).platforms.length > 0 ? true : undefined), 10_000);
    const platforms = await get(`/v1/stats/platforms?from=${today()}`, tokens['analyst']);
    expect(platforms.status).toBe(200);
    const body = await json<{ platforms: { platform: string; actioned: number; removalRate: number; timeToAction: { count: number; p50Seconds: number; p90Seconds: number } }[]; meta: { itemsRead: number; pages: number } }>(platforms);
    const youtube = body.platforms.find((p) => p.platform === 'youtube');
    expect(youtube).toMatchObject({ actioned: 1, removalRate: 1, timeToAction: { count: 1 } });
    // Sent to removed took a couple of callback delays: well under a minute.
    expect(youtube?.timeToAction.p50Seconds).toBeGreaterThan(0);
    expect(youtube?.timeToAction.p50Seconds).toBeLessThanOrEqual(64);
    expect(body.meta.itemsRead).toBe(2);

    const outcomes = await json<{ totals: Record<string, number>; meta: { itemsRead: number; pages: number } }>(await get(`/v1/stats/counts?by=outcome&from=${today()}`, tokens['analyst']));
    expect(outcomes.totals).toEqual({ removed: 1 });
    // One Query per shard partition: the pages are the shards, the items what was counted.
    expect(outcomes.meta).toEqual({ itemsRead: 1, pages: counterShardCount });
    const byPlatform = await json<{ periods: { period: string; counts: Record<string, number> }[] }>(await get(`/v1/stats/counts?by=platform&from=${today().slice(0, 8)}01&interval=month`, tokens['analyst']));
    expect(byPlatform.periods).toEqual([{ period: today().slice(0, 7), counts: { telegram: 1, youtube: 3 }, total: 4 }]);
  });
});

describe('manual channels and refused changes', () => {
  it('marks a manual-channel referral sent at once and refuses a move the table forbids', async () => {
    const before = await storedReferral(ids.manual);
    const skip = await send('POST', `/v1/referrals/${ids.manual}/transitions`, tokens['lena'], { to: 'actioned', outcome: 'removed', expectedVersion: 0 });
    expect(skip.status).toBe(409);
    expect((await json<{ error: { code: string } }>(skip)).error.code).toBe('conflict');
    const wrongOutcome = await send('POST', `/v1/referrals/${ids.manual}/transitions`, tokens['lena'], { to: 'already_gone', outcome: 'removed', expectedVersion: 0 });
    expect(wrongOutcome.status).toBe(400);
    expect((await send('POST', `/v1/referrals/${ids.manual}/transitions`, tokens['lena'], { to: 'sent', expectedVersion: 7 })).status).toBe(409);
    expect((await send('POST', '/v1/referrals/ref_ffffffffffffffffffffffff/transitions', tokens['lena'], { to: 'sent', expectedVersion: 0 })).status).toBe(404);
    expect(await storedReferral(ids.manual)).toBe(before);

    const sent = await send('POST', `/v1/referrals/${ids.manual}/send`, tokens['lena'], { expectedVersion: 0 });
    expect(sent.status).toBe(200);
    expect(await json(sent)).toMatchObject({ status: 'sent', delivery: 'not_needed', version: 1 });
    const declined = await send('POST', `/v1/referrals/${ids.manual}/transitions`, tokens['lena'], { to: 'declined', outcome: 'not_actionable', note: 'platform says out of scope', expectedVersion: 1 });
    expect(declined.status).toBe(200);
    // The webhook platform's referral cannot be marked sent by hand.
    expect((await send('POST', `/v1/referrals/${ids.later}/transitions`, tokens['lena'], { to: 'sent', expectedVersion: 0 })).status).toBe(409);
  });

  it('refuses wrongly signed, replayed, expired and cross-platform callbacks, changing nothing', async () => {
    const before = await storedReferral(ids.later);
    const callback = { referralId: ids.later, status: 'acknowledged', eventId: 'evt-1' };
    expect((await postCallback('youtube', signedCallback('youtube', callback, 'not-the-secret-but-long-enough-000000'))).status).toBe(401);
    expect((await postCallback('youtube', signedCallback('youtube', callback, undefined, new Date(Date.now() - 10 * 60_000)))).status).toBe(401);
    expect((await fetch(`${local.apiUrl}/v1/callbacks/youtube`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(callback) })).status).toBe(401);
    // X's valid signature cannot touch a YouTube referral.
    expect((await postCallback('x', signedCallback('x', callback))).status).toBe(404);
    // new -> acknowledged is not in the table: a platform cannot acknowledge what it was never sent.
    const notSent = signedCallback('youtube', callback);
    expect((await postCallback('youtube', notSent)).status).toBe(409);
    expect((await postCallback('youtube', notSent)).status).toBe(409);
    expect(await storedReferral(ids.later)).toBe(before);
  });

  it('answers a replayed valid callback with 409 and leaves the referral as it was', async () => {
    const lenaSend = await send('POST', `/v1/referrals/${ids.later}/send`, tokens['lena'], { expectedVersion: 0 });
    expect(lenaSend.status).toBe(202);
    sandbox.behaviour.outcome = 'none';
    await waitFor('acknowledged', async () => ((await local.getReferral(ids.later))?.status === 'acknowledged' ? true : undefined));
    const signed = signedCallback('youtube', { referralId: ids.later, status: 'actioned', outcome: 'geo_blocked', eventId: 'evt-geo' });
    expect((await postCallback('youtube', signed)).status).toBe(200);
    const after = await storedReferral(ids.later);
    const replay = await postCallback('youtube', signed);
    expect(replay.status).toBe(409);
    expect(await storedReferral(ids.later)).toBe(after);
  });
});

describe('access rules', () => {
  it('keeps each role to its routes and each liaison officer to their platforms', async () => {
    expect((await get('/v1/queues/youtube', tokens['referrer'])).status).toBe(403);
    expect((await get('/v1/queues/youtube', tokens['xOnly'])).status).toBe(403);
    expect((await get('/v1/queues/youtube', tokens['analyst'])).status).toBe(200);
    expect((await send('POST', `/v1/referrals/${ids.later}/claim`, tokens['xOnly'], { expectedVersion: 0 })).status).toBe(404);
    expect((await send('POST', `/v1/referrals/${ids.later}/transitions`, tokens['analyst'], { to: 'already_gone', expectedVersion: 0 })).status).toBe(403);
    expect((await get(`/v1/stats/counts?from=${today()}`, tokens['lena'])).status).toBe(403);
    expect((await get(`/v1/stats/counts?from=${today()}`, tokens['referrer'])).status).toBe(403);
    expect((await send('PUT', '/v1/platforms/youtube/channel', tokens['lena'], { webhookUrl: 'https://evil.example/', signingSecret: 'x'.repeat(40) })).status).toBe(403);
    const platforms = await json<{ platforms: { platform: string; configured: boolean }[] }>(await get('/v1/platforms', tokens['admin']));
    expect(platforms.platforms.find((p) => p.platform === 'youtube')?.configured).toBe(true);
    expect(JSON.stringify(platforms)).not.toContain(sandboxSecretFor(local.stack.devAuthSecret, 'youtube'));
  });

  it('lists a referrer only their own unit\'s reports', async () => {
    const ana = await json<{ unit: string; reports: { url: string; mine: boolean }[] }>(await get('/v1/reports', tokens['referrer']));
    expect(ana.unit).toBe('eu-iru');
    expect(ana.reports).toHaveLength(3);
    expect(ana.reports.every((r) => r.mine)).toBe(true);
    expect(JSON.stringify(ana)).not.toContain('CCCCCCCCCC3');
    const marc = await json<{ reports: { url: string }[] }>(await get('/v1/reports', tokens['otherUnit']));
    expect(marc.reports.map((r) => r.url)).toEqual(['https://www.youtube.com/watch?v=CCCCCCCCCC3']);
    expect((await get('/v1/reports', tokens['lena'])).status).toBe(403);
  });

  it('validates trend queries', async () => {
    expect((await get('/v1/stats/counts?from=2026-02-30', tokens['analyst'])).status).toBe(400);
    expect((await get('/v1/stats/counts?from=2020-01-01&to=2026-01-01', tokens['analyst'])).status).toBe(400);
    expect((await get(`/v1/stats/counts?from=${today()}&by=officer`, tokens['analyst'])).status).toBe(400);
  });
});
