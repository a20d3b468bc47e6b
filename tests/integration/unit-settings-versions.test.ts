import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError } from '../../functions/contract/api-error';
import { unitSettingsView } from '../../functions/contract/rule-of-law';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Two admins of a unit editing its settings at once, on the local stack: each saves on the
 * version it read, one conditional write decides, and the other is told (409 stale_version)
 * instead of overwriting the first unseen, the on-call rota included.
 */
const unit = 'nl-iru';
let local: LocalStackHandle;
let alice: string;
let bob: string;

const settingsPath = `/v1/units/${unit}/settings`;
const call = async (token: string, method: 'GET' | 'PUT', body?: unknown) => {
  const response = await fetch(`${local.apiUrl}${settingsPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as unknown };
};
const read = async (token: string) => unitSettingsView.parse((await call(token, 'GET')).json);
const codeOf = (json: unknown) => apiError.parse(json).error.code;
/** The stack's scan answers raw attribute values. */
const settingsAudit = async () =>
  (await local.scanEntities('legal-audit')).map((item) => unmarshall(item as never)).filter((event) => event['subject'] === 'settings' && event['subjectId'] === unit);

const sns = (name: string) => ({ name, channel: { kind: 'sns' } });
const base = { fourEyes: false, displayName: 'NL IRU', contact: { name: 'IRU desk', email: 'iru@politie.example.nl' } };

beforeAll(async () => {
  local = await startLocalStack();
  alice = await local.tokenFor({ role: 'admin', unit, sub: 'alice' });
  bob = await local.tokenFor({ role: 'admin', unit, sub: 'bob' });
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

describe('unit settings saved on the version the admin read', () => {
  it('a unit without settings is created on version 0; a second first save is refused, not merged', async () => {
    expect((await call(alice, 'GET')).status).toBe(404);
    const [first, second] = await Promise.all([call(alice, 'PUT', { ...base, expectedVersion: 0 }), call(bob, 'PUT', { ...base, displayName: 'Bob’s IRU', expectedVersion: 0 })]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(codeOf(loser.json)).toBe('stale_version');
    const saved = await read(alice);
    expect(saved.version).toBe(1);
    expect(saved.displayName).toBe(first.status === 200 ? 'NL IRU' : 'Bob’s IRU');
  });

  it('a PUT without the version it was read at is a 400 naming the field, and changes nothing', async () => {
    const before = await read(alice);
    const answer = await call(alice, 'PUT', { ...base, fourEyes: true });
    expect(answer.status).toBe(400);
    expect(apiError.parse(answer.json).error.issues?.map((issue) => issue.path)).toContain('expectedVersion');
    expect(await read(alice)).toEqual(before);
  });

  it('two admins saving what they read at once: exactly one wins, the other gets 409 stale_version and, reloading, keeps both changes', async () => {
    const seen = await read(alice);
    expect((await read(bob)).version).toBe(seen.version);
    const { unit: _unit, updatedAt: _at, version: _version, ...fields } = seen;
    // Alice puts a rota in (who is paged for threats to life); Bob switches four-eyes on.
    const rota = { contacts: [sns('Dienst 1'), sns('Dienst 2')], unitHead: sns('Hoofd IRU'), ackMinutes: 10 };
    const [aliceSave, bobSave] = await Promise.all([
      call(alice, 'PUT', { ...fields, onCall: rota, expectedVersion: seen.version }),
      call(bob, 'PUT', { ...fields, fourEyes: true, expectedVersion: seen.version }),
    ]);
    expect([aliceSave.status, bobSave.status].sort()).toEqual([200, 409]);
    const [winner, loser] = aliceSave.status === 200 ? ['alice', bobSave] : ['bob', aliceSave];
    expect(codeOf(loser.json)).toBe('stale_version');
    expect(apiError.parse(loser.json).error.message).toContain(`you saw version ${seen.version}`);

    const afterRace = await read(alice);
    expect(afterRace.version).toBe(seen.version + 1);
    if (winner === 'alice') {
      expect(afterRace.onCall?.contacts.map((contact) => contact.name)).toEqual(['Dienst 1', 'Dienst 2']);
      expect(afterRace.fourEyes).toBe(false);
    } else {
      expect(afterRace.onCall).toBeUndefined();
      expect(afterRace.fourEyes).toBe(true);
    }

    // The loser reloads and makes its change again on what the winner saved: nothing is lost.
    const { unit: _u, updatedAt: _a, version: reloaded, ...current } = afterRace;
    const retry =
      winner === 'alice' ? await call(bob, 'PUT', { ...current, onCall: rota, fourEyes: true, expectedVersion: reloaded }) : await call(alice, 'PUT', { ...current, onCall: rota, expectedVersion: reloaded });
    expect(retry.status).toBe(200);
    const final = await read(bob);
    expect(final.version).toBe(seen.version + 2);
    expect(final.fourEyes).toBe(true);
    expect(final.onCall?.contacts.map((contact) => contact.name)).toEqual(['Dienst 1', 'Dienst 2']);
    expect(final.onCall?.unitHead.name).toBe('Hoofd IRU');
  });

  it('of many admins saving on one version at once, one wins; each saved version left one audit event', async () => {
    const seen = await read(alice);
    const { unit: _unit, updatedAt: _at, version: _version, onCall: _rota, ...fields } = seen;
    const writers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i % 2 === 0 ? alice : bob, 'PUT', { ...fields, displayName: `NL IRU ${i}`, expectedVersion: seen.version })));
    expect(writers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const refused = writers.filter((answer) => answer.status !== 200);
    expect(refused.map((answer) => answer.status)).toEqual([409, 409, 409, 409, 409]);
    expect(refused.map((answer) => codeOf(answer.json))).toEqual(Array.from({ length: 5 }, () => 'stale_version'));
    const won = writers.findIndex((answer) => answer.status === 200);
    const final = await read(alice);
    expect(final).toMatchObject({ version: seen.version + 1, displayName: `NL IRU ${won}` });
    // One event per saved version, from 1 to the last: no refused write left one.
    expect((await settingsAudit()).map((event) => Number(event['version'])).sort((a, b) => a - b)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
  });
  it("the same admin's save arriving again (a retry after a lost answer) is answered with what it saved; a colleague's same body is still stale", async () => {
    const seen = await read(alice);
    const { unit: _unit, updatedAt: _at, version: _version, onCall: _rota, ...fields } = seen;
    const body = { ...fields, displayName: 'NL IRU, retried', expectedVersion: seen.version };
    const first = await call(alice, 'PUT', body);
    expect(first.status).toBe(200);
    const eventsBefore = (await settingsAudit()).length;
    const again = await call(alice, 'PUT', body);
    expect(again.status).toBe(200);
    expect(unitSettingsView.parse(again.json)).toEqual(unitSettingsView.parse(first.json));
    expect(await settingsAudit()).toHaveLength(eventsBefore);
    const colleague = await call(bob, 'PUT', body);
    expect(colleague.status).toBe(409);
    expect(codeOf(colleague.json)).toBe('stale_version');
    expect((await read(alice)).version).toBe(seen.version + 1);
  });
});
