import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../functions/adapters/create-stores';
import { apiError } from '../../functions/contract/api-error';
import { incidentList, incidentView, type IncidentListItem, type IncidentView } from '../../functions/contract/incident';
import { dyingAfter } from '../helpers/faulty-table';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Crisis mode: an admin declares an incident with its seeds; every report accepted after it began
 * that matches a seed is labelled with it (and why) and raised to at least P2. Declaring is
 * idempotent, and a bad declaration is refused whole.
 */

let local: LocalStackHandle;
const tokens = { admin: '', referrer: '', otherUnitAdmin: '', otherReferrer: '' };
const incidentId = randomUUID();
const declaration = {
  incidentId,
  name: 'Attack on the Christmas market',
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  seeds: {
    urls: ['https://twitter.com/attacker/status/1800000000000000321'],
    handles: ['@market_attack_live'],
    terms: ['market convoy'],
    contentHashes: ['c'.repeat(64)],
  },
};

const declare = (token: string, body: unknown) => postJson(`${local.apiUrl}/v1/incidents`, token, body);
const openIncidents = async (token: string): Promise<IncidentView[]> => {
  const response = await fetch(`${local.apiUrl}/v1/incidents`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { incidents: IncidentView[] }).incidents;
};
const file = async (report: ReturnType<typeof makeReport>) => {
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  const { referralId } = await local.waitForSubmission(report.submissionId);
  const referral = await local.getReferral(referralId);
  if (!referral) throw new Error('no referral');
  return referral;
};

beforeAll(async () => {
  local = await startLocalStack();
  tokens.admin = await local.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin.kai' });
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  tokens.otherUnitAdmin = await local.tokenFor({ role: 'admin', unit: 'fr-pharos', sub: 'admin.marc' });
  tokens.otherReferrer = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'officer.luc' });
}, 60_000);
afterAll(async () => {
  await local?.stop();
});

describe('declaring an incident', () => {
  it.each([
    ['no seed at all', { ...declaration, seeds: {} }, 'seeds'],
    ['a seed URL that names no content', { ...declaration, seeds: { urls: ['https://'] } }, 'seeds.urls.0'],
    ['a term too short to mean anything', { ...declaration, seeds: { terms: ['is'] } }, 'seeds.terms.0'],
    ['a hash that is not SHA-256', { ...declaration, seeds: { contentHashes: ['abc'] } }, 'seeds.contentHashes.0'],
    ['an id that is not a UUID', { ...declaration, incidentId: 'attack' }, 'incidentId'],
  ])('refuses %s with a 400 naming the field, declaring nothing', async (_case, body, field) => {
    const answer = await declare(tokens.admin, body);
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { code: string; issues?: { path: string }[] } };
    expect(error.code).toBe('invalid_body');
    expect(error.issues?.map((issue) => issue.path)).toContain(field);
    expect(await openIncidents(tokens.admin)).toEqual([]);
  });

  it('is for admins: a referrer is refused', async () => {
    expect((await declare(tokens.referrer, declaration)).status).toBe(403);
    expect(await openIncidents(tokens.referrer)).toEqual([]);
  });

  it('declares once: a repeat answers with the same incident, other content under the same id is refused', async () => {
    const first = await declare(tokens.admin, declaration);
    expect(first.status).toBe(201);
    const declared = incidentView.parse(await first.json());
    expect(declared).toMatchObject({ incidentId, name: declaration.name, status: 'open', declaredBy: 'admin.kai', declaredByUnit: 'eu-iru' });
    const again = await declare(tokens.admin, declaration);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(declared);
    expect((await declare(tokens.admin, { ...declaration, name: 'Another name' })).status).toBe(409);
    // Every unit's officers see it; another unit does not learn who declared it.
    expect(await openIncidents(tokens.referrer)).toEqual([declared]);
    expect(await openIncidents(tokens.otherReferrer)).toEqual([{ ...declared, declaredBy: '(another unit)' }]);
  });
});

describe('a report matching a seed while the incident is open', () => {
  it('is labelled with the incident, the seed it matched, and raised to P2', async () => {
    // The seed names twitter.com; the report uses x.com and a tracking parameter: the same post.
    const byUrl = await file(makeReport({ url: 'https://x.com/attacker/status/1800000000000000321?s=20', category: 'propaganda' }));
    expect(byUrl.priority).toBe('P2');
    expect(byUrl.labels.find((label) => label.name === 'incident')).toEqual({
      name: 'incident',
      value: incidentId,
      rule: 'incident-seed-url',
      evidence: [`incident "${declaration.name}" (began ${new Date(declaration.startedAt).toISOString()})`, `seed url ${declaration.seeds.urls[0]}`],
    });
    expect(byUrl.labels.find((label) => label.name === 'priority')).toMatchObject({ value: 'P2', rule: 'incident-seed' });

    const byTerm = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT001', category: 'propaganda', title: 'Footage: the Market Convoy from a second angle' }));
    expect(byTerm).toMatchObject({ priority: 'P2' });
    expect(byTerm.labels.filter((label) => label.name === 'incident').map((label) => label.rule)).toEqual(['incident-seed-term']);

    const byHandle = await file(makeReport({ url: 'https://t.me/s/market_attack_live/17', category: 'propaganda' }));
    expect(byHandle.labels.find((label) => label.name === 'incident')?.rule).toBe('incident-seed-handle');
  });

  it('keeps a P1 at P1, and labels a referral once however many of its reports match', async () => {
    const url = 'https://www.youtube.com/watch?v=INCIDENT002';
    const urgent = await file(makeReport({ url, category: 'attack_planning', urgent: true, title: 'market convoy, part two' }));
    expect(urgent.priority).toBe('P1');
    const again = await file(makeReport({ url, category: 'propaganda', title: 'market convoy again' }));
    expect(again.reportCount).toBe(2);
    expect(again.labels.filter((label) => label.name === 'incident')).toHaveLength(1);
  });

  it('raises a referral a later report ties to the incident, and moves it up the liaison queue', async () => {
    const url = 'https://www.youtube.com/watch?v=INCIDENT004';
    const plain = await file(makeReport({ url, category: 'propaganda', title: 'A video' }));
    const older = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT005', category: 'propaganda', title: 'An older video' }));
    expect([plain.priority, older.priority]).toEqual(['P4', 'P4']);
    const tied = await file(makeReport({ url, category: 'propaganda', handle: '@Market_Attack_Live' }));
    expect(tied).toMatchObject({ referralId: plain.referralId, priority: 'P2', reportCount: 2 });
    expect(tied.labels.find((label) => label.name === 'incident')?.rule).toBe('incident-seed-handle');
    const liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', platforms: ['youtube'] });
    const queue = (await (await fetch(`${local.apiUrl}/v1/queues/youtube?status=new`, { headers: { authorization: `Bearer ${liaison}` } })).json()) as { items: { referralId: string; priority: string }[] };
    const order = queue.items.map((item) => item.referralId);
    expect(order.indexOf(plain.referralId)).toBeLessThan(order.indexOf(older.referralId));
    expect(queue.items.map((item) => item.priority)).toEqual([...queue.items.map((item) => item.priority)].sort());
  });

  it('leaves a report that matches no seed as it was', async () => {
    const unrelated = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT003', category: 'propaganda', title: 'A mainstream convoy video' }));
    expect(unrelated.priority).toBe('P4');
    expect(unrelated.labels.some((label) => label.name === 'incident')).toBe(false);
  });
});

describe('adding a referral by hand', () => {
  it('labels it once, names the unit and not the officer, raises it to P2, and only for whoever may work it', async () => {
    const missed = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT007', category: 'propaganda', title: 'Reworded footage' }));
    expect(missed.priority).toBe('P4');
    const add = (token: string, body: unknown) => postJson(`${local.apiUrl}/v1/incidents/${incidentId}/referrals`, token, body);
    expect((await add(tokens.referrer, { referralId: 'ref_x' })).status).toBe(400);
    expect((await add(await local.tokenFor({ role: 'liaison', unit: 'eu-iru', platforms: ['telegram'] }), { referralId: missed.referralId })).status).toBe(404);
    expect((await add(await local.tokenFor({ role: 'analyst', unit: 'eu-iru' }), { referralId: missed.referralId })).status).toBe(403);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${randomUUID()}/referrals`, tokens.referrer, { referralId: missed.referralId })).status).toBe(404);
    expect(await local.getReferral(missed.referralId)).toMatchObject({ priority: 'P4', version: missed.version });

    const first = await add(tokens.referrer, { referralId: missed.referralId });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ incidentId, referralId: missed.referralId, added: true, priority: 'P2' });
    expect(await (await add(tokens.otherReferrer, { referralId: missed.referralId })).json()).toMatchObject({ added: false, priority: 'P2' });
    const labels = (await local.getReferral(missed.referralId))?.labels.filter((label) => label.name === 'incident') ?? [];
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ value: incidentId, rule: 'incident-added-by-hand', evidence: [expect.any(String), expect.stringMatching(/^added by an officer of eu-iru at /)] });
    expect(JSON.stringify(labels)).not.toContain('officer.ana');
  });
});

describe('closing the incident', () => {
  it('stops the matching; a repeat answers with the first close; only admins close, and only what exists', async () => {
    expect((await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/close`, tokens.referrer, {})).status).toBe(403);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${randomUUID()}/close`, tokens.admin, {})).status).toBe(404);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${'A'.repeat(2_000)}/close`, tokens.admin, {})).status).toBe(404);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/close`, tokens.admin, { reason: 'over' })).status).toBe(400);
    expect(await openIncidents(tokens.admin)).toHaveLength(1);

    const closed = await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/close`, tokens.otherUnitAdmin, {});
    expect(closed.status).toBe(200);
    const first = incidentView.parse(await closed.json());
    expect(first).toMatchObject({ incidentId, status: 'closed', declaredBy: '(another unit)' });
    expect(JSON.stringify(first)).not.toContain('admin.marc');
    const again = incidentView.parse(await (await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/close`, tokens.admin, {})).json());
    expect(again.closedAt).toBe(first.closedAt);
    expect(await openIncidents(tokens.admin)).toEqual([]);

    const after = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT006', category: 'propaganda', title: 'market convoy, a week later' }));
    expect(after.priority).toBe('P4');
    expect(after.labels.some((label) => label.name === 'incident')).toBe(false);
    const late = await file(makeReport({ url: 'https://www.youtube.com/watch?v=INCIDENT008', category: 'propaganda' }));
    expect((await postJson(`${local.apiUrl}/v1/incidents/${incidentId}/referrals`, tokens.referrer, { referralId: late.referralId })).status).toBe(409);
    const events = (await local.scanEntities('incident-event')).map((item) => (item['action'] as { S: string }).S).sort();
    expect(events).toEqual(['closed', 'debriefed', 'declared']);
  });
});

describe('listing closed incidents', () => {
  const list = async (token: string, query: string) => {
    const response = await fetch(`${local.apiUrl}/v1/incidents${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const page = async (token: string, query: string) => {
    const answer = await list(token, query);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return incidentList.parse(answer.json);
  };
  const declareAndClose = async (name: string, closeWith = tokens.admin) => {
    const id = randomUUID();
    expect((await declare(tokens.admin, { ...declaration, incidentId: id, name, seeds: { terms: [`${name} seed`] } })).status).toBe(201);
    expect((await postJson(`${local.apiUrl}/v1/incidents/${id}/close`, closeWith, {})).status).toBe(200);
    return id;
  };

  it('lists them newest close first, a page at a time, each with its debrief; the open ones first with status=all', async () => {
    const second = await declareAndClose('Second incident');
    const third = await declareAndClose('Third incident');
    const stillOpen = randomUUID();
    expect((await declare(tokens.admin, { ...declaration, incidentId: stillOpen, name: 'Still open', seeds: { terms: ['still open seed'] } })).status).toBe(201);

    // By default only the open ones, as before.
    expect((await page(tokens.referrer, '')).incidents.map((incident) => incident.incidentId)).toEqual([stillOpen]);

    // Another unit's referrer reads them too (incidents are deployment-wide), two at a time.
    const seen: IncidentListItem[] = [];
    let query = '?status=closed&limit=2';
    for (let pages = 0; pages < 5; pages++) {
      const answer = await page(tokens.otherReferrer, query);
      expect(answer.incidents.length).toBeLessThanOrEqual(2);
      seen.push(...answer.incidents);
      if (answer.nextCursor === undefined) break;
      query = `?status=closed&limit=2&cursor=${encodeURIComponent(answer.nextCursor)}`;
    }
    const expected = [incidentId, second, third];
    expect(seen.map((incident) => incident.incidentId).sort()).toEqual([...expected].sort());
    // A page that ends with the list gives no cursor to an empty page.
    const whole = await page(tokens.otherReferrer, '?status=closed&limit=3');
    expect(whole.incidents).toHaveLength(3);
    expect(whole.nextCursor).toBeUndefined();
    // Newest close first.
    const order = seen.map((incident) => `${incident.closedAt ?? ''}#${incident.incidentId}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(seen.every((incident) => incident.status === 'closed')).toBe(true);
    // The declaring officer is named to their own unit only, the closing officer to nobody.
    expect(seen.every((incident) => incident.declaredBy === '(another unit)')).toBe(true);
    expect(JSON.stringify(seen)).not.toMatch(/admin\.kai|admin\.marc|closedBy/);
    for (const incident of seen) {
      expect(incident.debrief).toEqual({ markdown: `/v1/incidents/${incident.incidentId}/debrief?format=md`, pdf: `/v1/incidents/${incident.incidentId}/debrief?format=pdf` });
      const debrief = await fetch(`${local.apiUrl}${incident.debrief?.markdown ?? ''}`, { headers: { authorization: `Bearer ${tokens.otherReferrer}` } });
      expect(debrief.status).toBe(200);
      expect(await debrief.text()).toContain(incident.name);
    }

    const all = await page(tokens.referrer, '?status=all');
    expect(all.incidents.map((incident) => incident.incidentId)).toEqual([stillOpen, ...seen.map((incident) => incident.incidentId)]);
    expect(all.incidents[0]?.debrief).toBeUndefined();
    expect(all.incidents[1]?.declaredBy).toBe('admin.kai');
  });

  it('refuses a bad status, limit or cursor with a 400 naming it', async () => {
    const first = await page(tokens.referrer, '?status=closed&limit=1');
    const cursor = first.nextCursor ?? '';
    expect(cursor).not.toBe('');
    const [payload = '', tag = ''] = cursor.split('.');
    const edited = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace(/20\d\d-/, '2099-')).toString('base64url');
    for (const [query, field] of [
      ['?status=archived', 'status'],
      ['?status=closed&limit=0', 'limit'],
      ['?status=closed&limit=101', 'limit'],
      ['?status=closed&status=open', 'status'],
      [`?status=closed&cursor=${edited}.${tag}`, 'cursor'],
      [`?status=open&cursor=${encodeURIComponent(cursor)}`, 'cursor'],
    ] as const) {
      const answer = await list(tokens.referrer, query);
      expect(answer.status, query).toBe(400);
      const { error } = apiError.parse(answer.json);
      expect(error.code).toBe('invalid_query');
      expect(error.issues?.map((issue) => issue.path), query).toContain(field);
    }
  });

  it('a close that died before the closed copy is listed once the close is repeated, and only then among the closed', async () => {
    const id = randomUUID();
    expect((await declare(tokens.admin, { ...declaration, incidentId: id, name: 'Interrupted close', seeds: { terms: ['interrupted seed'] } })).status).toBe(201);
    const afterClosedEvent = (command: unknown) => command instanceof PutCommand && (command.input.Item as Record<string, unknown> | undefined)?.['action'] === 'closed';
    const dying = createStores(local.stack.config, { documentClient: dyingAfter({ client: local.documentClient, name: local.stack.config.TABLE_NAME }, afterClosedEvent).client });
    await expect(dying.incidents.close(id, new Date().toISOString(), 'admin.kai')).rejects.toThrow('process died');
    const closedIds = async () => (await page(tokens.referrer, '?status=closed&limit=100')).incidents.map((incident) => incident.incidentId);
    expect(await closedIds()).not.toContain(id);

    expect((await postJson(`${local.apiUrl}/v1/incidents/${id}/close`, tokens.admin, {})).status).toBe(200);
    expect((await closedIds()).filter((listed) => listed === id)).toHaveLength(1);
    expect((await page(tokens.referrer, '?status=all&limit=100')).incidents.filter((listed) => listed.incidentId === id)).toHaveLength(1);
  });
});
