import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { publicRoutes, routeRoles } from '../../functions/api/access-policy';
import { signatureHeader, signWebhookBody } from '../../functions/adapters/webhook-signing';
import { signDevToken } from '../../functions/api/authenticate';
import type { Role } from '../../functions/contract/principal';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Every route times every role and every multi-role set, own and other unit, assigned and
 * unassigned platform, plus broken tokens. The expectations below are written out from
 * the documented policy (access-policy.ts comments, README, route docs), not computed by
 * mayCall, so a change of policy in code without a change here fails the test.
 */

type Outcome = 'allow' | 'deny' | 'hide';

interface Expectation {
  /** Roles the policy documents as allowed. */
  roles: Role[];
  /**
   * Finer rules inside the route:
   * - platform: a liaison officer sees referrals of assigned platforms only; others are 404.
   * - platform-forbidden: same rule, answered 403 (a queue names the platform in the path).
   * - unit: another unit's resource is 404, except for admins.
   * - unit-list: lists the caller's own unit only; another unit's item is absent (admins too).
   * - own-unit-404: a path naming another unit is 404, for everyone.
   * - own-unit-403: a path naming another unit is 403, for everyone.
   */
  scope?: 'platform' | 'platform-forbidden' | 'unit' | 'unit-list' | 'own-unit-404' | 'own-unit-403';
}

/** The roles of a unit's officers. */
const all: Role[] = ['referrer', 'liaison', 'analyst', 'admin'];
/** Deployment-wide: configures the platforms' webhook channels, which every unit's referrals travel by. */
const deploymentAdmin: Role = 'deployment-admin';

/** The documented policy, one row per route. A route missing here fails the completeness test. */
const expected: Record<string, Expectation> = {
  'POST /v1/reports': { roles: ['referrer', 'admin'] },
  'POST /v1/reports:batch': { roles: ['referrer', 'admin'] },
  'GET /v1/submissions/{id}': { roles: ['referrer', 'admin'], scope: 'unit' },
  'GET /v1/referrals/{id}': { roles: all, scope: 'platform' },
  'GET /v1/referrals/{id}/evidence': { roles: all, scope: 'platform' },
  'POST /v1/referrals/{id}/resolved-url': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/evidence/{sha256}': { roles: all, scope: 'platform' },
  'GET /v1/referrals/{id}/evidence-package': { roles: all, scope: 'platform' },
  'GET /v1/lookup': { roles: all, scope: 'platform' },
  'GET /v1/search': { roles: all, scope: 'platform' },
  'POST /v1/evidence': { roles: ['referrer', 'admin'] },
  'POST /v1/evidence/tickets': { roles: ['referrer', 'admin'] },
  'GET /v1/indicators/{type}/{value}': { roles: ['referrer', 'analyst', 'admin'] },
  // Whoever reads a dossier may hand it to partners; liaison officers deal with platforms, not investigators.
  'GET /v1/indicators/{type}/{value}/export': { roles: ['referrer', 'analyst', 'admin'] },
  'GET /v1/indicators/export': { roles: ['referrer', 'analyst', 'admin'] },
  'GET /v1/reports': { roles: ['referrer', 'admin'], scope: 'unit-list' },
  'GET /v1/queues/{platform}': { roles: ['liaison', 'analyst', 'admin'], scope: 'platform-forbidden' },
  'POST /v1/referrals/{id}/claim': { roles: ['liaison', 'admin'], scope: 'platform' },
  'DELETE /v1/referrals/{id}/claim': { roles: ['liaison', 'admin'], scope: 'platform' },
  // Giving a referral to a colleague is working it: liaison officers on their platforms, admins; analysts change nothing.
  'PUT /v1/referrals/{id}/assignee': { roles: ['liaison', 'admin'], scope: 'platform' },
  'DELETE /v1/referrals/{id}/assignee': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/transitions': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/send': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/audit': { roles: ['liaison', 'analyst', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/audit/verify': { roles: ['liaison', 'analyst', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/deliveries': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/platforms': { roles: ['liaison', 'analyst', 'admin', deploymentAdmin] },
  // Not a unit admin: a channel set by one unit would receive every unit's referrals for the platform.
  'PUT /v1/platforms/{id}/channel': { roles: [deploymentAdmin] },
  // Every unit calls a platform's emergency line: set deployment-wide, like the channel.
  'PUT /v1/platforms/{id}/emergency-contact': { roles: [deploymentAdmin] },
  // A host outside the registry is worked by the liaison officers assigned to the other-hosts queue.
  'PUT /v1/hosts/{host}/abuse-contact': { roles: ['liaison', 'admin'], scope: 'platform-forbidden' },
  'GET /v1/stats/counts': { roles: ['analyst', 'admin'] },
  'GET /v1/stats/platforms': { roles: ['analyst', 'admin'] },
  'GET /v1/stats/indicators': { roles: ['analyst', 'admin'] },
  // Regulation (EU) 2021/784 Art. 3: removal orders issued by referrers or liaison, recorded by liaison; analysts read.
  'PUT /v1/referrals/{id}/removal-order': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/removal-order': { roles: all, scope: 'platform' },
  'POST /v1/referrals/{id}/removal-order/receipt': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/removal-order/answer': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/removal-order/restart': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/removal-order/disclosure-delay': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/removal-order/scrutiny': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/hold': { roles: all, scope: 'platform' },
  'POST /v1/referrals/{id}/hold': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/hold/release': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/complaints': { roles: ['liaison', 'analyst', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/complaints': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/complaints/{complaintId}/decision': { roles: ['liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/review': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/review': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'POST /v1/referrals/{id}/review/decision': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/notice': { roles: ['liaison', 'admin'], scope: 'platform' },
  'GET /v1/referrals/{id}/legal-audit': { roles: ['liaison', 'analyst', 'admin'], scope: 'platform' },
  'GET /v1/units/{unit}/settings': { roles: all, scope: 'own-unit-404' },
  'PUT /v1/units/{unit}/settings': { roles: ['admin'], scope: 'own-unit-403' },
  'GET /v1/transparency-reports/{year}': { roles: ['analyst', 'admin'] },
  // Hashes only, for platforms: those who deal with platforms and those who share lists; not referrers.
  'GET /v1/hash-banks/{bank}/export': { roles: ['liaison', 'analyst', 'admin'] },
  // The caller's own unit's holds: a list of one's own, and writes that only ever touch one's own.
  'GET /v1/holds': { roles: all },
  'PUT /v1/holds': { roles: ['referrer', 'liaison', 'admin'] },
  'POST /v1/holds/release': { roles: ['referrer', 'liaison', 'admin'] },
  'POST /v1/referrals/{id}/escalation/ack': { roles: ['referrer', 'liaison', 'admin'], scope: 'platform' },
  // The urgent banner: the caller's unit's pages only (urgent-banner.test.ts checks another unit's stay out).
  'GET /v1/escalations/unacknowledged': { roles: ['referrer', 'liaison', 'admin'] },
  // An incident is deployment-wide: declared by an admin of any unit, read by every officer.
  'POST /v1/incidents': { roles: ['admin'] },
  'POST /v1/incidents/{id}/close': { roles: ['admin'] },
  'POST /v1/incidents/{id}/referrals': { roles: ['referrer', 'liaison', 'admin'] },
  'GET /v1/incidents': { roles: all },
  // Every officer reads an incident; a liaison officer's list of its referrals is cut to their platforms.
  'GET /v1/incidents/{id}': { roles: all },
  'GET /v1/incidents/{id}/debrief': { roles: all },
};

const ownUnit = 'eu-iru';
const otherUnit = 'fr-pharos';
/** The seeded referral's platform (a Telegram post) with the other-hosts queue, and a platform it is not on. */
const assignedPlatforms = ['telegram', 'other-hosts'];
const unassignedPlatforms = ['youtube'];
const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const callbackSecret = 'matrix-callback-secret-0123456789abcdef';

interface Principal {
  roles: Role[];
  unit: string;
  platforms: string[];
  label: string;
}

/**
 * Each role alone, and the role sets deployments give one officer (several Cognito groups):
 * a permission that comes only from the liaison role stays on the officer's platforms, whatever
 * other group the officer is in; an analyst's all-platform view stays read-only.
 */
const roleSets: Role[][] = [...[...all, deploymentAdmin].map((role) => [role]), ['liaison', 'analyst'], ['liaison', 'referrer'], ['referrer', 'analyst'], ['admin', deploymentAdmin]];

const principals: Principal[] = roleSets.flatMap((roles) =>
  [ownUnit, otherUnit].flatMap((unit) =>
    [assignedPlatforms, unassignedPlatforms].map((platforms) => ({
      roles,
      unit,
      platforms,
      label: `${roles.join('+')}/${unit === ownUnit ? 'own-unit' : 'other-unit'}/${platforms === assignedPlatforms ? 'assigned' : 'unassigned'}`,
    })),
  ),
);

/** The outcome the documented policy gives one principal on one route. */
const outcomeFor = (row: Expectation, principal: Principal): Outcome => {
  // The roles of the principal that the route admits: the permission comes from these alone.
  const granting = principal.roles.filter((role) => row.roles.includes(role));
  if (granting.length === 0) return 'deny';
  const other = principal.unit !== ownUnit;
  const unassignedLiaison = granting.every((role) => role === 'liaison') && principal.platforms === unassignedPlatforms;
  switch (row.scope) {
    case 'platform':
      return unassignedLiaison ? 'hide' : 'allow';
    case 'platform-forbidden':
      return unassignedLiaison ? 'deny' : 'allow';
    case 'unit':
      return other && !granting.includes('admin') ? 'hide' : 'allow';
    case 'unit-list':
    case 'own-unit-404':
      return other ? 'hide' : 'allow';
    case 'own-unit-403':
      return other ? 'deny' : 'allow';
    default:
      return 'allow';
  }
};

let local: LocalStackHandle;
const seeded = { submissionId: '', referralId: '', url: '' };

interface Answer {
  status: number;
  body: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The request each route gets: valid params and queries, and `{}` bodies (authorization comes before validation). */
const requestFor = (routeId: string): { method: string; path: string; body?: string } => {
  const [method = '', template = ''] = routeId.split(' ');
  const path = template
    .replace('{id}', template.startsWith('/v1/submissions/') ? seeded.submissionId : template.startsWith('/v1/platforms/') ? 'x' : seeded.referralId)
    .replace('{platform}', 'telegram')
    .replace('{type}', 'btc')
    .replace('{value}', wallet)
    .replace('{unit}', ownUnit)
    .replace('{year}', today().slice(0, 4))
    .replace('{complaintId}', 'c_0000000000000000')
    .replace('{sha256}', 'a'.repeat(64))
    .replace('{bank}', 'referrals')
    .replace('{host}', 'example-forum.org');
  const queries: Record<string, string> = {
    'GET /v1/lookup': `?url=${encodeURIComponent(seeded.url)}`,
    'GET /v1/search': `?q=${encodeURIComponent(seeded.url)}`,
    'GET /v1/indicators/{type}/{value}/export': '?format=csv',
    'GET /v1/indicators/export': `?format=csv&indicator=btc:${wallet}`,
  };
  const query = queries[routeId] ?? (routeId.startsWith('GET /v1/stats/') ? `?from=${today()}` : '');
  return { method, path: `${path}${query}`, ...(method === 'GET' ? {} : { body: '{}' }) };
};

const call = async (routeId: string, headers: Record<string, string>): Promise<Answer> => {
  const request = requestFor(routeId);
  const response = await fetch(`${local.apiUrl}${request.path}`, {
    method: request.method,
    headers: { ...headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, body: await response.text() };
};

const errorOf = (answer: Answer): { code?: string; message?: string } => {
  try {
    return (JSON.parse(answer.body) as { error?: { code?: string; message?: string } }).error ?? {};
  } catch {
    return {};
  }
};
const errorCode = (answer: Answer) => errorOf(answer).code;

/** A list or lookup hides by leaving the seeded item out; everything else hides with 404. */
const isHidden = (routeId: string, answer: Answer): boolean => {
  if (routeId === 'GET /v1/lookup') return answer.status === 200 && (JSON.parse(answer.body) as { referred: boolean }).referred === false;
  if (routeId === 'GET /v1/search') return answer.status === 200 && !answer.body.includes(seeded.referralId);
  if (routeId === 'GET /v1/reports') return answer.status === 200 && !answer.body.includes(seeded.submissionId);
  return answer.status === 404 && errorCode(answer) === 'not_found';
};

/**
 * Judges an answer against what an admin of the owning unit got for the same request.
 * Allowed: past authentication and authorization (any status but 401 and 403); a 404 only
 * if it is the admin's own 404 (a business answer such as "no removal order yet").
 * Denied: 403 forbidden. Hidden: see isHidden, and not the admin's business 404.
 */
const judge = (routeId: string, answer: Answer, reference: Answer): Outcome | 'unauthenticated' | 'unexpected' => {
  if (answer.status === 401) return 'unauthenticated';
  if (answer.status === 403 && errorCode(answer) === 'forbidden') return 'deny';
  const sameAsReference = answer.status === reference.status && errorOf(answer).message === errorOf(reference).message;
  if (isHidden(routeId, answer) && (!isHidden(routeId, reference) || !sameAsReference)) return 'hide';
  if (answer.status >= 500) return 'unexpected';
  if (answer.status === 404 && !sameAsReference) return 'unexpected';
  return 'allow';
};

const matrix: { cell: string; expected: string; actual: string; status: number }[] = [];
/** Audit-route reads checked for another unit's officers and notes (see the last describe). */
const auditReads = { checked: 0, leaks: 0 };
/** Deliveries tried while only another unit had approved (see the four-eyes describe). */
const reviewCells = { checked: 0, wrong: 0 };

beforeAll(async () => {
  local = await startLocalStack();
  const referrer = await local.tokenFor({ role: 'referrer', unit: ownUnit });
  const report = makeReport({ url: 'https://t.me/s/matrix_channel/7', selectedText: `Donate to ${wallet} for the brothers` });
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
  seeded.submissionId = report.submissionId;
  seeded.url = report.url;
  seeded.referralId = (await local.waitForSubmission(report.submissionId)).referralId;
  // A webhook channel for platform x, so a correctly signed callback can be told from a refused one.
  const admin = await local.tokenFor({ role: deploymentAdmin, unit: ownUnit });
  const channel = await fetch(`${local.apiUrl}/v1/platforms/x/channel`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ webhookUrl: 'https://hooks.example.org/x', signingSecret: callbackSecret }),
  });
  expect(channel.status).toBe(200);
});

afterAll(async () => {
  const mismatches = matrix.filter((m) => m.expected !== m.actual);
  const tokenRoutes = Object.keys(routeRoles).length;
  console.info(
    `access matrix: ${matrix.length} cells = ${tokenRoutes} routes x ${principals.length} principals + ${tokenRoutes} routes x ${tokenFailures.length} broken tokens + ${matrix.length - tokenRoutes * (principals.length + tokenFailures.length)} public-route cells; ${mismatches.length} mismatches; ${auditReads.checked} audit reads, ${auditReads.leaks} leaks; ${reviewCells.checked} deliveries under another unit's approval, ${reviewCells.wrong} let through`,
  );
  await local?.stop();
});

/** Tokens that must never authenticate, each for a different reason. */
const tokenFailures: { name: string; header: () => Promise<string | undefined> }[] = [
  { name: 'no token', header: async () => undefined },
  { name: 'expired', header: async () => `Bearer ${await signDevToken(local.stack.devAuthSecret, { role: 'admin', unit: ownUnit, expiresInSeconds: 60 }, new Date(Date.now() - 3_600_000))}` },
  { name: 'wrongly signed', header: async () => `Bearer ${await signDevToken('not-the-secret-of-this-stack', { role: 'admin', unit: ownUnit })}` },
  {
    name: 'alg none',
    header: async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'mallory', 'cognito:groups': ['admin'], 'custom:unit': ownUnit, iss: 'referral-desk-local', aud: 'referral-desk', iat: now, exp: now + 3600 };
      return `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    },
  },
  {
    name: 'missing unit claim',
    header: async () =>
      `Bearer ${await new SignJWT({ 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin@nowhere')
        .setIssuer('referral-desk-local')
        .setAudience('referral-desk')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(local.stack.devAuthSecret))}`,
  },
  {
    name: 'unknown role',
    header: async () =>
      `Bearer ${await new SignJWT({ 'cognito:groups': ['superuser'], 'custom:unit': ownUnit })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('root@eu-iru')
        .setIssuer('referral-desk-local')
        .setAudience('referral-desk')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(local.stack.devAuthSecret))}`,
  },
  { name: 'not a bearer header', header: async () => `Basic ${Buffer.from('admin:admin').toString('base64')}` },
];

describe('access-control matrix', () => {
  it('has an expectation for every route of the access policy, and no stale ones', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(routeRoles).sort());
  });

  it('every role, unit and platform assignment gets exactly the documented access on every route', async () => {
    // The deployment-wide role too, so the reference passes authorization on every route.
    const admin = await local.tokenFor({ role: ['admin', deploymentAdmin], unit: ownUnit });
    const tokens = new Map(await Promise.all(principals.map(async (p) => [p.label, await local.tokenFor({ role: p.roles, unit: p.unit, platforms: p.platforms })] as const)));
    for (const routeId of Object.keys(routeRoles)) {
      const row = expected[routeId];
      if (!row) continue;
      // What an admin of the owning unit gets: tells a business 404 from hiding.
      const reference = await call(routeId, { authorization: `Bearer ${admin}` });
      for (const principal of principals) {
        const answer = await call(routeId, { authorization: `Bearer ${tokens.get(principal.label)}` });
        matrix.push({ cell: `${routeId} as ${principal.label}`, expected: outcomeFor(row, principal), actual: judge(routeId, answer, reference), status: answer.status });
      }
    }
    const mismatches = matrix.filter((m) => m.expected !== m.actual).map((m) => `${m.cell}: expected ${m.expected}, got ${m.actual} (HTTP ${m.status})`);
    expect(mismatches).toEqual([]);
  });

  it('no broken token authenticates on any route', async () => {
    const failures: string[] = [];
    for (const failure of tokenFailures) {
      const header = await failure.header();
      for (const routeId of Object.keys(routeRoles)) {
        const answer = await call(routeId, header === undefined ? {} : { authorization: header });
        const actual = answer.status === 401 && errorCode(answer) === 'unauthenticated' ? 'unauthenticated' : `HTTP ${answer.status}`;
        matrix.push({ cell: `${routeId} as ${failure.name}`, expected: 'unauthenticated', actual, status: answer.status });
        if (actual !== 'unauthenticated') failures.push(`${routeId} with ${failure.name}: ${actual}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('public routes: callbacks take a platform signature, never a token; health and the contract are open', async () => {
    expect(Object.keys(publicRoutes)).toEqual(['POST /v1/callbacks/{platform}', 'POST /v1/callbacks/pager/{unit}']);
    const body = JSON.stringify({ referralId: seeded.referralId, status: 'acknowledged', eventId: 'evt-matrix-1' });
    const callback = async (platform: string, headers: Record<string, string>) => {
      const response = await fetch(`${local.apiUrl}/v1/callbacks/${platform}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, body: await response.text() };
    };
    const cells: { cell: string; expected: string; answer: Answer }[] = [];
    // An officer's token, whatever its role, is no platform signature.
    for (const principal of principals) {
      const token = await local.tokenFor({ role: principal.roles, unit: principal.unit, platforms: principal.platforms });
      cells.push({ cell: `POST /v1/callbacks/x as ${principal.label}`, expected: '401', answer: await callback('x', { authorization: `Bearer ${token}` }) });
    }
    cells.push({ cell: 'POST /v1/callbacks/x signed with another secret', expected: '401', answer: await callback('x', { [signatureHeader]: signWebhookBody('another-secret-0123456789abcdefghij', body, new Date()) }) });
    cells.push({ cell: 'POST /v1/callbacks/x signed an hour ago', expected: '401', answer: await callback('x', { [signatureHeader]: signWebhookBody(callbackSecret, body, new Date(Date.now() - 3_600_000)) }) });
    cells.push({ cell: 'POST /v1/callbacks/telegram (no channel) signed with x\'s secret', expected: '401', answer: await callback('telegram', { [signatureHeader]: signWebhookBody(callbackSecret, body, new Date()) }) });
    // Correctly signed by x, about a referral on Telegram: a platform only touches its own referrals.
    cells.push({ cell: 'POST /v1/callbacks/x signed by x, referral of another platform', expected: '404', answer: await callback('x', { [signatureHeader]: signWebhookBody(callbackSecret, body, new Date()) }) });
    const open = async (path: string) => {
      const response = await fetch(`${local.apiUrl}${path}`);
      return { status: response.status, body: await response.text() };
    };
    cells.push({ cell: 'GET /v1/health without a token', expected: '200', answer: await open('/v1/health') });
    cells.push({ cell: 'GET /v1/openapi.json without a token', expected: '200', answer: await open('/v1/openapi.json') });
    const upload = await fetch(`${local.apiUrl}/v1/evidence/${'a'.repeat(64)}?bytes=1&expires=${Math.floor(Date.now() / 1000) + 600}&signature=${'0'.repeat(64)}`, { method: 'PUT', body: 'x' });
    cells.push({ cell: 'PUT /v1/evidence/{sha256} with a forged ticket', expected: '403', answer: { status: upload.status, body: await upload.text() } });
    for (const { cell, expected: want, answer } of cells) matrix.push({ cell, expected: want, actual: String(answer.status), status: answer.status });
    expect(cells.filter((c) => String(c.answer.status) !== c.expected).map((c) => `${c.cell}: expected ${c.expected}, got ${c.answer.status} ${c.answer.body.slice(0, 120)}`)).toEqual([]);
  });
});

/**
 * The audit routes answer every principal the matrix lets in, but what they show depends on the
 * unit: officers of other units appear masked, and their internal notes and reasons not at all.
 */
describe('audit routes: another unit\'s officers and notes', () => {
  const officers = {
    [ownUnit]: { sub: 'liaison.lena@eu-iru', note: 'eu-iru internal note: source is our informant 4711', holdReason: 'eu-iru: proceedings in case EU-2026-17' },
    [otherUnit]: { sub: 'liaison.marc@fr-pharos', note: 'fr-pharos internal note: linked to our case 0815', holdReason: 'fr-pharos: instruction judiciaire 26/0815' },
  };
  /** The audit routes, and the hold, whose history carries each unit's reason. */
  const auditRoutes = ['GET /v1/referrals/{id}/audit', 'GET /v1/referrals/{id}/legal-audit', 'GET /v1/referrals/{id}/hold'] as const;
  let audited = '';

  beforeAll(async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit: ownUnit });
    const report = makeReport({ url: 'https://t.me/s/matrix_channel/8' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    audited = (await local.waitForSubmission(report.submissionId)).referralId;
    const own = await local.tokenFor({ role: 'liaison', unit: ownUnit, sub: officers[ownUnit].sub, platforms: assignedPlatforms });
    const other = await local.tokenFor({ role: 'liaison', unit: otherUnit, sub: officers[otherUnit].sub, platforms: assignedPlatforms });
    const act = async (token: string, path: string, body: unknown) => {
      const response = await postJson(`${local.apiUrl}/v1/referrals/${audited}${path}`, token, body);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    };
    // Telegram is filed by hand: one officer of each unit moves it on, each with an internal note.
    await act(own, '/transitions', { to: 'sent', note: officers[ownUnit].note, expectedVersion: 0 });
    await act(other, '/claim', { expectedVersion: 1 });
    await act(other, '/transitions', { to: 'acknowledged', note: officers[otherUnit].note, expectedVersion: 2 });
    const inAYear = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await act(own, '/hold', { until: inAYear(200), reason: officers[ownUnit].holdReason });
    await act(other, '/hold', { until: inAYear(300), reason: officers[otherUnit].holdReason });
  });

  it('show each principal its own unit\'s officers and notes, and no other unit\'s', async () => {
    const leaks: string[] = [];
    let checked = 0;
    for (const principal of principals) {
      if (principal.unit !== ownUnit && principal.unit !== otherUnit) continue;
      const token = await local.tokenFor({ role: principal.roles, unit: principal.unit, platforms: principal.platforms });
      const mine = officers[principal.unit];
      const theirs = officers[principal.unit === ownUnit ? otherUnit : ownUnit];
      for (const routeId of auditRoutes) {
        const row = expected[routeId];
        if (!row || outcomeFor(row, principal) !== 'allow') continue;
        const response = await fetch(`${local.apiUrl}${routeId.slice(4).replace('{id}', audited)}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.text();
        checked += 1;
        const cell = `${routeId} as ${principal.label}`;
        if (response.status !== 200) leaks.push(`${cell}: HTTP ${response.status}`);
        if (routeId !== 'GET /v1/referrals/{id}/hold' && !body.includes(mine.sub)) leaks.push(`${cell}: its own unit's officer is missing`);
        if (body.includes(theirs.sub)) leaks.push(`${cell}: shows the other unit's officer`);
        if (routeId === 'GET /v1/referrals/{id}/audit' && !body.includes(mine.note)) leaks.push(`${cell}: its own unit's note is missing`);
        if (body.includes(theirs.note)) leaks.push(`${cell}: shows the other unit's note`);
        if (routeId !== 'GET /v1/referrals/{id}/audit' && !body.includes(mine.holdReason)) leaks.push(`${cell}: its own unit's hold reason is missing`);
        if (body.includes(theirs.holdReason)) leaks.push(`${cell}: shows the other unit's hold reason`);
      }
    }
    auditReads.checked = checked;
    auditReads.leaks = leaks.length;
    expect(checked).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});

/**
 * Four-eyes across units: a unit that requires a second officer is satisfied by an approval of
 * its own officers only, for the referral as they approved it. Every principal the matrix lets
 * send is refused while only another unit has approved.
 */
describe('four-eyes reviews of several units', () => {
  let reviewed = '';
  const officer = (unit: string, sub: string) => local.tokenFor({ role: 'liaison', unit, sub, platforms: assignedPlatforms });
  const version = async () => (await local.getReferral(reviewed))?.version ?? -1;

  beforeAll(async () => {
    const admin = await local.tokenFor({ role: 'admin', unit: ownUnit });
    const settings = await fetch(`${local.apiUrl}/v1/units/${ownUnit}/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectedVersion: 0, fourEyes: true, displayName: 'EU IRU', contact: { name: 'IRU desk', email: 'iru@europol.example' } }),
    });
    expect(settings.status).toBe(200);
    const referrer = await local.tokenFor({ role: 'referrer', unit: ownUnit });
    const report = makeReport({ url: 'https://t.me/s/matrix_channel/9' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    reviewed = (await local.waitForSubmission(report.submissionId)).referralId;
    // Two officers of the other unit request and approve: their unit's review, not the owning unit's.
    expect((await postJson(`${local.apiUrl}/v1/referrals/${reviewed}/review`, await officer(otherUnit, 'liaison.marc@fr-pharos'), {})).status).toBe(201);
    const approval = await postJson(`${local.apiUrl}/v1/referrals/${reviewed}/review/decision`, await officer(otherUnit, 'liaison.zoe@fr-pharos'), { decision: 'approved' });
    expect(approval.status).toBe(200);
  });

  it('refuses every principal\'s delivery while only another unit approved, then takes the owning unit\'s approval', async () => {
    const refusals: string[] = [];
    let checked = 0;
    for (const principal of principals) {
      for (const routeId of ['POST /v1/referrals/{id}/send', 'POST /v1/referrals/{id}/transitions'] as const) {
        const row = expected[routeId];
        if (!row || outcomeFor(row, principal) !== 'allow') continue;
        const token = await local.tokenFor({ role: principal.roles, unit: principal.unit, platforms: principal.platforms });
        const body = routeId.endsWith('/send') ? { expectedVersion: await version() } : { to: 'sent', expectedVersion: await version() };
        const answer = await postJson(`${local.apiUrl}${routeId.slice(5).replace('{id}', reviewed)}`, token, body);
        checked += 1;
        const text = await answer.text();
        if (answer.status !== 409 || !text.includes('four-eyes') || !text.includes(ownUnit)) refusals.push(`${routeId} as ${principal.label}: HTTP ${answer.status} ${text.slice(0, 160)}`);
      }
    }
    reviewCells.checked = checked;
    reviewCells.wrong = refusals.length;
    expect(checked).toBeGreaterThan(10);
    expect(refusals).toEqual([]);

    // The owning unit's own two officers: then it goes.
    const lena = await officer(ownUnit, 'liaison.lena@eu-iru');
    expect((await postJson(`${local.apiUrl}/v1/referrals/${reviewed}/review`, lena, {})).status).toBe(201);
    expect((await postJson(`${local.apiUrl}/v1/referrals/${reviewed}/review/decision`, await officer(ownUnit, 'liaison.omar@eu-iru'), { decision: 'approved', expectedVersion: await version() })).status).toBe(200);
    const listed = await fetch(`${local.apiUrl}/v1/referrals/${reviewed}/review`, { headers: { authorization: `Bearer ${lena}` } });
    const { reviews } = (await listed.json()) as { reviews: { unit: string; status: string; reviewedBy?: string }[] };
    expect(reviews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unit: ownUnit, status: 'approved', reviewedBy: 'liaison.omar@eu-iru' }),
        expect.objectContaining({ unit: otherUnit, status: 'approved' }),
      ]),
    );
    expect(JSON.stringify(reviews)).not.toContain('liaison.zoe');
    const sent = await postJson(`${local.apiUrl}/v1/referrals/${reviewed}/send`, lena, { expectedVersion: await version() });
    expect(sent.status, await sent.clone().text()).toBe(200);
  });
});
