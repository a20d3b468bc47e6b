import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { apiError } from '../../functions/contract/api-error';
import { publicRoutes, routeRoles } from '../../functions/api/access-policy';
import { signatureHeader, signWebhookBody } from '../../functions/adapters/webhook-signing';
import { makeReport, postJson } from '../helpers/factories';
import {
  deeplyNested,
  encodeSegment,
  hostileString,
  hostileUrl,
  invalidUrls,
  lookAlikeHosts,
  malformedJson,
  otherKindThan,
  prototypeKeys,
  rawHostileSegments,
} from '../helpers/hostile-input';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { ingestQueuesDepth } from '../helpers/ingest-depth';

/**
 * Property-based input testing of every endpoint: no input may crash a route or slip past
 * its schema. Routes are enumerated from access-policy.ts (routeRoles and publicRoutes), so
 * a new route is fuzzed without touching this file. Every case is invalid by construction and must get a 4xx with
 * `{ error: { code, message } }`, never a 5xx, and must store and enqueue nothing.
 */

interface Route {
  id: string;
  method: string;
  template: string;
  params: string[];
  isPublic: boolean;
}

const parseRoute = (id: string, isPublic: boolean): Route => {
  const [method = '', template = ''] = id.split(' ');
  return { id, method, template, params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''), isPublic };
};

const routes: Route[] = [
  ...Object.keys(routeRoles).map((id) => parseRoute(id, false)),
  ...Object.keys(publicRoutes).map((id) => parseRoute(id, true)),
];
const getRoutes = routes.filter((r) => r.method === 'GET');
/** Non-GET routes that read a JSON body: known from validBodies, or found by probing (see beforeAll). */
const bodyRouteIds = new Set<string>();
const bodylessRouteIds: string[] = [];

/**
 * Runs per property, sized so the file sends at least `minimumRequests` hostile requests (the
 * last test checks the count) and still runs in about a minute on two busy cores.
 */
const runs = { param: 70, body: 48, report: 200, query: 48 } as const;
const minimumRequests = 10_000;

/**
 * One pool of keep-alive connections for every request, as a browser or Node's fetch keeps
 * them: a refused request that leaves its connection unusable (a 413 answered before the body
 * was read) shows up as a connection error on a later request, and each one is a failure.
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });
const connectionErrors: string[] = [];

/** The platform whose webhook channel the test configures, so signed callbacks reach body validation. */
const callbackPlatform = 'x';
const callbackSecret = 'fuzz-callback-secret-0123456789abcdef';

let local: LocalStackHandle;
let adminToken: string;
const seeded = { submissionId: '', referralId: '', xReferralId: '' };
const casesTried = new Map<string, number>();
const statusesSeen = new Map<number, number>();

/**
 * Params that are free text by design: an indicator value is any wallet, IBAN or handle,
 * and a queue's platform may be any domain. A hostile value there is a lookup that finds
 * nothing (200), not an error; every other param must refuse it.
 */
const freeTextParams: Record<string, string[]> = {
  'GET /v1/indicators/{type}/{value}': ['value'],
  'GET /v1/queues/{platform}': ['platform'],
};

/** A valid value per path param, so the other params and the body are what is tested. */
const validParam = (route: Route, name: string): string => {
  if (name === 'id' && route.template.startsWith('/v1/submissions/')) return seeded.submissionId;
  if (name === 'id' && route.template.startsWith('/v1/referrals/')) return seeded.referralId;
  if (name === 'id' && route.template.startsWith('/v1/platforms/')) return callbackPlatform;
  if (name === 'platform') return route.isPublic ? callbackPlatform : 'telegram';
  if (name === 'unit') return 'eu-iru';
  if (name === 'year') return String(new Date().getUTCFullYear());
  if (name === 'type') return 'btc';
  if (name === 'value') return 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
  if (name === 'sha256') return 'a'.repeat(64);
  if (name === 'host') return 'example-forum.org';
  return 'x';
};

/** A valid body per route: mutations of it are what is sent. A new route without one is fuzzed from `{}`. */
const validBodies = (): Record<string, Record<string, unknown>> => ({
  'POST /v1/reports': { ...makeReport() },
  'POST /v1/reports:batch': { reports: [makeReport()] },
  'POST /v1/evidence': { sha256: 'a'.repeat(64), bytes: 10, mediaType: 'image/png', submissionId: '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55' },
  'POST /v1/evidence/tickets': {
    submissionId: '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55',
    artifacts: [
      { sha256: 'a'.repeat(64), bytes: 10, mediaType: 'image/png' },
      { sha256: 'b'.repeat(64), bytes: 20, mediaType: 'multipart/related' },
    ],
  },
  'POST /v1/referrals/{id}/claim': { expectedVersion: 0 },
  'DELETE /v1/referrals/{id}/claim': { expectedVersion: 0 },
  'PUT /v1/referrals/{id}/assignee': { officerId: 'liaison@eu-iru', expectedVersion: 0 },
  'DELETE /v1/referrals/{id}/assignee': { expectedVersion: 0 },
  'POST /v1/referrals/{id}/transitions': { to: 'sent', expectedVersion: 0 },
  'POST /v1/referrals/{id}/send': { expectedVersion: 0 },
  'PUT /v1/platforms/{id}/channel': { webhookUrl: 'https://hooks.example.org/referrals', signingSecret: 's'.repeat(40) },
  'PUT /v1/platforms/{id}/emergency-contact': { name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100' },
  'POST /v1/incidents': { incidentId: '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c', name: 'Fuzzed incident', startedAt: '2026-03-01T10:00:00.000Z', seeds: { terms: ['convoy'] } },
  'PUT /v1/hosts/{host}/abuse-contact': { email: 'abuse@example-forum.org', source: 'rdap' },
  'PUT /v1/units/{unit}/settings': { expectedVersion: 0, fourEyes: false, displayName: 'EU IRU', contact: { name: 'IRU desk', email: 'iru@europol.example' } },
  'POST /v1/callbacks/{platform}': { referralId: seeded.xReferralId, status: 'acknowledged', eventId: 'evt-1' },
});

/** Fields a body cannot do without; dropping one must be refused. */
const requiredFields: Record<string, string[]> = {
  'POST /v1/reports': ['submissionId', 'url', 'category'],
  'POST /v1/reports:batch': ['reports'],
  'POST /v1/evidence': ['sha256', 'bytes', 'mediaType', 'submissionId'],
  'POST /v1/evidence/tickets': ['submissionId', 'artifacts'],
  'POST /v1/referrals/{id}/claim': ['expectedVersion'],
  'DELETE /v1/referrals/{id}/claim': ['expectedVersion'],
  'PUT /v1/referrals/{id}/assignee': ['officerId', 'expectedVersion'],
  'DELETE /v1/referrals/{id}/assignee': ['expectedVersion'],
  'POST /v1/referrals/{id}/transitions': ['to', 'expectedVersion'],
  'POST /v1/referrals/{id}/send': ['expectedVersion'],
  'PUT /v1/platforms/{id}/channel': ['webhookUrl', 'signingSecret'],
  'PUT /v1/platforms/{id}/emergency-contact': ['name'],
  'POST /v1/incidents': ['incidentId', 'name', 'startedAt', 'seeds'],
  'PUT /v1/hosts/{host}/abuse-contact': ['source'],
  'PUT /v1/units/{unit}/settings': ['expectedVersion', 'fourEyes', 'contact', 'displayName'],
  'POST /v1/callbacks/{platform}': ['referralId', 'status', 'eventId'],
};

interface Attempt {
  route: Route;
  family: string;
  params?: Record<string, string>;
  /** Path segments sent as given, not encoded. */
  rawParams?: Record<string, string>;
  query?: string;
  body?: string;
  contentType?: string;
}

interface Answer {
  status: number;
  text: string;
}

const count = (route: Route, family: string) => {
  const key = `${route.id} | ${family}`;
  casesTried.set(key, (casesTried.get(key) ?? 0) + 1);
};

const send = async (attempt: Attempt): Promise<Answer> => {
  const { route } = attempt;
  const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const raw = attempt.rawParams?.[name];
    if (raw !== undefined) return raw;
    return encodeSegment(attempt.params?.[name] ?? validParam(route, name));
  });
  const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
  if (attempt.body !== undefined) headers['content-type'] = attempt.contentType ?? 'application/json';
  // Callbacks are signed by the platform: sign the hostile body too, so it reaches validation.
  if (route.isPublic && attempt.body !== undefined) headers[signatureHeader] = signWebhookBody(callbackSecret, attempt.body, new Date());
  count(route, attempt.family);
  const answer = await rawRequest(route.method, `${local.apiUrl}${path}${attempt.query ?? ''}`, headers, attempt.body);
  statusesSeen.set(answer.status, (statusesSeen.get(answer.status) ?? 0) + 1);
  return answer;
};

/**
 * One request over the shared keep-alive pool. A server may close the connection once it has
 * answered (`Connection: close` after a 413) while the upload is still going: the answer counts
 * if it arrived whole. A request that got no whole answer is a connection error.
 */
const rawRequest = (method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> =>
  new Promise((resolve, reject) => {
    let answered = false;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const request = httpRequest(url, { method, agent: keepAlive, headers: { ...headers, ...(payload ? { 'content-length': String(payload.byteLength) } : {}) } });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // The answer may still be arriving when the upload fails: give it a moment before counting.
      if (answered) return;
      setTimeout(() => {
        if (answered) return;
        connectionErrors.push(`${method} ${url.slice(0, 120)}: ${error.code ?? error.message}`);
        reject(error);
      }, 200);
    });
    request.end(payload);
  });

/** The contract for a refused request: 4xx and a JSON error with a code and a message. */
const expectClientError = (answer: Answer, what: string) => {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new Error(`${what}: HTTP ${answer.status} body is not JSON: ${answer.text.slice(0, 200)}`);
  }
  const parsed = apiError.safeParse(json);
  expect(parsed.success, `${what}: error body ${answer.text.slice(0, 300)}`).toBe(true);
  expect(parsed.data?.error.message.length ?? 0).toBeGreaterThan(0);
};

const describeAttempt = (attempt: Attempt) =>
  `${attempt.route.id} [${attempt.family}] params=${JSON.stringify(attempt.rawParams ?? attempt.params ?? {}).slice(0, 120)} query=${(attempt.query ?? '').slice(0, 120)} body=${(attempt.body ?? '').slice(0, 160)}`;

const sendExpectingError = async (attempt: Attempt) => expectClientError(await send(attempt), describeAttempt(attempt));

/**
 * Reading evidence is itself recorded (every evidence read leaves an audit event, chained):
 * for those routes a successful read rightly writes its legal-audit event, the chain's link
 * and the chain heads (the items without an entity), and nothing else may be written.
 */
const auditedReads = new Set(['GET /v1/referrals/{id}/evidence-package', 'GET /v1/referrals/{id}/evidence/{sha256}']);

const tableItemCount = async ({ besidesAuditOfReads = false } = {}): Promise<number> => {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  const filter = besidesAuditOfReads
    ? { FilterExpression: 'attribute_exists(entity) AND NOT entity IN (:legalAudit, :auditLink)', ExpressionAttributeValues: { ':legalAudit': 'legal-audit', ':auditLink': 'audit-link' } }
    : {};
  do {
    const page = await local.documentClient.send(new ScanCommand({ TableName: local.stack.config.TABLE_NAME, Select: 'COUNT', ExclusiveStartKey: startKey, ...filter }));
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
};

const ingestDepth = () => ingestQueuesDepth(local.stack);

let itemsBefore = 0;
let itemsBeforeBesidesAuditOfReads = 0;
let queuedBefore = 0;

// Each test starts from its own counts, so one leak fails the test that caused it and no other.
beforeEach(async () => {
  if (!local) return;
  itemsBefore = await tableItemCount();
  itemsBeforeBesidesAuditOfReads = await tableItemCount({ besidesAuditOfReads: true });
  queuedBefore = await ingestDepth();
});

/** Nothing a refused request did may show in the table or on the ingest queue. */
const expectNothingStored = async (route?: Route) => {
  if (route && auditedReads.has(route.id)) {
    expect(await tableItemCount({ besidesAuditOfReads: true }), 'items in the table besides the audit of reads').toBe(itemsBeforeBesidesAuditOfReads);
  } else {
    expect(await tableItemCount(), 'items in the table').toBe(itemsBefore);
  }
  expect(await ingestDepth(), 'messages on the ingest queue').toBe(queuedBefore);
};

beforeAll(async () => {
  local = await startLocalStack();
  // The minute's scheduler run writes counter rollups of its own: no request caused them.
  local.stack.stopScheduler();
  // Both admin roles, so every route is reached past authorization.
  adminToken = await local.tokenFor({ role: ['admin', 'deployment-admin'], unit: 'eu-iru' });
  const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
  // Real resources for the params that must be valid while the body is what is tested.
  const telegram = makeReport({ url: 'https://t.me/s/fuzz_channel/1' });
  const onX = makeReport({ url: 'https://x.com/fuzz_user/status/1799999999999999999' });
  for (const report of [telegram, onX]) expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
  seeded.submissionId = telegram.submissionId;
  seeded.referralId = (await local.waitForSubmission(telegram.submissionId)).referralId;
  seeded.xReferralId = (await local.waitForSubmission(onX.submissionId)).referralId;
  const channel = await fetch(`${local.apiUrl}/v1/platforms/${callbackPlatform}/channel`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ webhookUrl: 'https://hooks.example.org/x', signingSecret: callbackSecret }),
  });
  expect(channel.status).toBe(200);
  // A non-GET route without an example body is probed once: a route that reads a JSON body
  // answers 415 to a request without one; any other answer means it takes no body, and
  // its path params are all there is to fuzz. Probed before any baseline is taken.
  const examples = validBodies();
  for (const route of routes.filter((r) => r.method !== 'GET')) {
    if (examples[route.id]) {
      bodyRouteIds.add(route.id);
      continue;
    }
    const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(validParam(route, name)));
    const probe = await rawRequest(route.method, `${local.apiUrl}${path}`, { authorization: `Bearer ${adminToken}` }, undefined);
    if (probe.status === 415) bodyRouteIds.add(route.id);
    else bodylessRouteIds.push(`${route.id} (${probe.status})`);
  }
  // With the poller stopped, anything a refused request enqueued would stay on the queue to be seen.
  await local.stack.processPoller.stop();
  await local.stack.urgentPoller.stop();
  expect(await ingestDepth()).toBe(0);
});

afterAll(async () => {
  const rows = [...casesTried].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const perRoute = new Map<string, number>();
  for (const [key, n] of rows) {
    const route = key.split(' | ')[0] ?? key;
    perRoute.set(route, (perRoute.get(route) ?? 0) + n);
  }
  console.info(
    [
      `fuzz: ${total} hostile requests over ${perRoute.size} routes; ${connectionErrors.length} connection errors; statuses ${JSON.stringify(Object.fromEntries([...statusesSeen].sort(([a], [b]) => a - b)))}`,
      `routes that take no body (only their params are fuzzed): ${bodylessRouteIds.join(', ') || 'none'}`,
      ...[...perRoute].map(([route, n]) => `  ${String(n).padStart(5)}  ${route}`),
      'by family:',
      ...rows.map(([key, n]) => `  ${String(n).padStart(5)}  ${key}`),
    ].join('\n'),
  );
  keepAlive.destroy();
  await local?.stop();
});

describe('every route refuses hostile input with a 4xx JSON error and stores nothing', () => {
  it('covers every route of the access policy', () => {
    expect(routes.length).toBe(Object.keys(routeRoles).length + Object.keys(publicRoutes).length);
    expect(getRoutes.length + bodyRouteIds.size + bodylessRouteIds.length).toBe(routes.length);
  });

  it.each(routes.filter((r) => r.params.length > 0).map((r) => [r.id, r] as const))('%s: hostile path params', async (_, route) => {
    const example = validBodies()[route.id];
    const body = route.method === 'GET' ? undefined : JSON.stringify(example ?? {});
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...route.params), fc.oneof(hostileString.map((value) => ({ value, raw: false })), fc.constantFrom(...rawHostileSegments).map((value) => ({ value, raw: true }))), async (param, hostile) => {
        const attempt: Attempt = { route, family: 'hostile path param', ...(hostile.raw ? { rawParams: { [param]: hostile.value } } : { params: { [param]: hostile.value } }), ...(body === undefined ? {} : { body }) };
        const answer = await send(attempt);
        if (route.method === 'GET' && (freeTextParams[route.id] ?? []).includes(param) && answer.status === 200) return;
        expectClientError(answer, describeAttempt(attempt));
      }),
      { numRuns: runs.param },
    );
    await expectNothingStored(route);
  });

  it.each(routes.filter((r) => r.method !== 'GET').map((r) => [r.id, r] as const))('%s: malformed, mistyped, incomplete, oversized and prototype-polluting bodies', async (_, route) => {
    if (!bodyRouteIds.has(route.id)) {
      // Takes no body: what it would do with one is not input validation. Its params are fuzzed above.
      expect(bodylessRouteIds.some((entry) => entry.startsWith(`${route.id} (`))).toBe(true);
      return;
    }
    const example = validBodies()[route.id] ?? {};
    const exampleText = JSON.stringify(example);
    const fields = Object.keys(example);
    const attempts: fc.Arbitrary<Attempt>[] = [
      malformedJson(exampleText).map((body) => ({ route, family: 'malformed JSON', body })),
      fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)).map((value) => ({ route, family: 'not an object', body: JSON.stringify(value) })),
      // JSON.parse makes "__proto__" an own key: a schema must see it as unknown, not as a prototype.
      fc
        .tuple(fc.constantFrom(...prototypeKeys, 'isAdmin', 'role', 'unit', 'x-extra'), fc.oneof(fc.jsonValue(), fc.constant({ isAdmin: true, polluted: 'yes' })), deeplyNested)
        .map(([key, value, nested]) => ({
          route,
          family: 'unknown or prototype key',
          body: `${exampleText.slice(0, -1)}${fields.length > 0 ? ',' : ''}${JSON.stringify(key)}:${key === 'x-extra' ? nested : JSON.stringify(value)}}`,
        })),
      ...(fields.length === 0
        ? []
        : [
            fc
              .constantFrom(...fields)
              .chain((field) => otherKindThan(example[field]).map((value) => ({ field, value })))
              .map(({ field, value }) => ({ route, family: 'wrong type', body: JSON.stringify({ ...example, [field]: value }) })),
          ]),
      ...((requiredFields[route.id] ?? []).length === 0
        ? []
        : [
            fc
              .subarray(requiredFields[route.id] ?? [], { minLength: 1 })
              .map((missing) => ({ route, family: 'missing field', body: JSON.stringify(Object.fromEntries(Object.entries(example).filter(([key]) => !missing.includes(key)))) })),
          ]),
      fc.oneof(
        fc.integer({ min: 300_000, max: 1_200_000 }).map((n) => JSON.stringify({ ...example, [fields[0] ?? 'x']: 'A'.repeat(n) })),
        fc.integer({ min: 130_000, max: 300_000 }).map((n) => JSON.stringify({ ...example, [fields[0] ?? 'x']: Array.from({ length: n }, () => 1) })),
        deeplyNested,
      ).map((body) => ({ route, family: 'huge or deep', body })),
      ...(route.isPublic ? [] : [fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json').map((contentType) => ({ route, family: 'wrong content type', body: exampleText, contentType }))]),
    ];
    await fc.assert(fc.asyncProperty(fc.oneof(...attempts), sendExpectingError), { numRuns: runs.body * attempts.length });
    await expectNothingStored();
  });

  /** Report fields one at a time: each value below makes the report invalid. */
  const hostileReportField = fc.oneof(
    hostileUrl.map((url) => ({ url })),
    // The reported URL must be public content; the link and media URLs beside it only need to be http(s) URLs.
    fc.constantFrom(...invalidUrls).map((linkUrl) => ({ linkUrl })),
    fc.constantFrom(...invalidUrls).map((mediaUrl) => ({ mediaUrl })),
    hostileString.map((submissionId) => ({ submissionId })),
    fc.constantFrom('00000000-0000-0000-0000-00000000000g', '{6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55}', '6f1c1d7e8a534c389d1e3b0f1e2a4c55', '6F1C1D7E-8A53-4C38-9D1E-3B0F1E2A4C55 ').map((submissionId) => ({ submissionId })),
    fc.oneof(hostileString, fc.constantFrom('RECRUITMENT', 'recruitment ', 'spam', '')).map((category) => ({ category })),
    fc.oneof(hostileString, fc.constant('REMOVAL_ORDER')).map((legalRoute) => ({ legalRoute })),
    fc.constantFrom('true', 1, 0, 'yes', null).map((urgent) => ({ urgent })),
    fc.oneof(fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 21, maxLength: 40 }), fc.constant(['']), fc.constant(['x'.repeat(65)])).map((subTags) => ({ subTags })),
    fc.integer({ min: 2_001, max: 4_000 }).map((n) => ({ title: 't'.repeat(n) })),
    fc.integer({ min: 40_001, max: 60_000 }).map((n) => ({ selectedText: 's'.repeat(n) })),
    fc.integer({ min: 10_001, max: 12_000 }).map((n) => ({ notes: 'n'.repeat(n) })),
    fc.constantFrom('', 'g'.repeat(201)).map((group) => ({ group })),
    fc.record({ capturedAt: fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00+02:00'), url: fc.constant('https://t.me/s/x/1'), extensionVersion: fc.constant('1'), browser: fc.constant('x'), artifacts: fc.constant([]) }).map((capture) => ({ capture })),
    fc.constantFrom('ABC', 'z'.repeat(64), 'a'.repeat(63)).map((sha256) => ({ capture: { capturedAt: '2026-01-01T00:00:00Z', url: 'https://t.me/s/x/1', extensionVersion: '1', browser: 'x', artifacts: [{ kind: 'screenshot', sha256, bytes: 1, mediaType: 'image/png' }] } })),
    // Invalid Unicode: a lone surrogate cannot be stored as UTF-8 by DynamoDB or sent through SQS.
    fc.constantFrom('title', 'selectedText', 'notes', 'group', 'handle').chain((field) => fc.constantFrom('\ud800', 'a\udfffb', '\udc00\ud800').map((text) => ({ [field]: `text ${text} text` }))),
  );

  it('POST /v1/reports: hostile report fields (URLs, ids, enums, sizes, invalid Unicode)', async () => {
    const route = routes.find((r) => r.id === 'POST /v1/reports');
    expect(route).toBeDefined();
    await fc.assert(
      fc.asyncProperty(hostileReportField, async (field) => {
        await sendExpectingError({ route: route as Route, family: 'hostile report field', body: JSON.stringify({ ...makeReport(), ...field }) });
      }),
      { numRuns: runs.report },
    );
    await expectNothingStored();
  });

  it('POST /v1/reports:batch: a batch of hostile reports rejects each one and queues nothing', async () => {
    const route = routes.find((r) => r.id === 'POST /v1/reports:batch');
    expect(route).toBeDefined();
    await fc.assert(
      fc.asyncProperty(fc.array(hostileReportField, { minLength: 1, maxLength: 5 }), async (fieldsList) => {
        const attempt: Attempt = { route: route as Route, family: 'hostile report field', body: JSON.stringify({ reports: fieldsList.map((field) => ({ ...makeReport(), ...field })) }) };
        const answer = await send(attempt);
        // The envelope is fine, so the answer is per report (200) unless the body as a whole is refused.
        if (answer.status === 200) {
          const body = JSON.parse(answer.text) as { counts: Record<string, number>; results: { status: string; issues?: unknown[] }[] };
          expect(body.counts, describeAttempt(attempt)).toEqual({ accepted: 0, processed: 0, rejected: fieldsList.length, failed: 0 });
          expect(body.results.every((r) => r.status === 'rejected' && (r.issues?.length ?? 0) > 0)).toBe(true);
        } else {
          expectClientError(answer, describeAttempt(attempt));
        }
      }),
      { numRuns: runs.report / 2 },
    );
    await expectNothingStored();
  });

  /** Query parameters each GET route documents, with values it must refuse. */
  const invalidQueries: Record<string, fc.Arbitrary<string>> = {
    'GET /v1/lookup': fc.oneof(
      fc.constant(''),
      fc.constant('?url='),
      fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://example.org/x', 'not a url', '//example.org/x', `https://example.org/${'a'.repeat(5_000)}`).map((url) => `?url=${encodeURIComponent(url)}`),
    ),
    'GET /v1/queues/{platform}': fc.constantFrom('?status=bogus', '?status=', '?limit=0', '?limit=-1', '?limit=abc', '?limit=1e9', '?limit=201', '?format=xml', '?cursor=garbage', '?cursor=', `?cursor=${'A'.repeat(2_000)}`, '?__proto__=x', '?constructor=x', '?unknown=1'),
    'GET /v1/reports': fc.constantFrom('?limit=0', '?limit=-5', '?limit=abc', '?limit=999', '?cursor=garbage', '?cursor=eyJwayI6MX0.AAAA', `?cursor=${'A'.repeat(2_000)}`),
    'GET /v1/stats/counts': fc.constantFrom('', '?from=yesterday', '?from=2026-02-30', '?from=2026-01-01&to=2025-01-01', '?from=2020-01-01&to=2026-01-01', '?from=2026-01-01&by=__proto__', '?from=2026-01-01&interval=hour', '?from=2026-01-01&by=constructor'),
    'GET /v1/stats/platforms': fc.constantFrom('', '?from=2026-1-1', '?from=2026-01-01&to=2025-12-31', '?from=%00'),
    'GET /v1/indicators/{type}/{value}/export': fc.constantFrom('', '?format=', '?format=pdf', '?format=MISP', '?format=csv&format=misp', '?format=csv&cursor=x', '?format=__proto__', '?__proto__=csv'),
    'GET /v1/indicators/export': fc.constantFrom(
      '',
      '?format=csv',
      '?indicator=btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      '?format=csv&indicator=',
      '?format=csv&indicator=btc',
      '?format=csv&indicator=bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      '?format=csv&indicator=__proto__:x',
      '?format=csv&indicator=btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
      '?format=csv&indicator=messenger_handle:t.me%2Fx',
      `?format=csv&${Array.from({ length: 51 }, () => 'indicator=btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4').join('&')}`,
    ),
    'GET /v1/incidents': fc.constantFrom('?status=', '?status=CLOSED', '?status=__proto__', '?status=closed&limit=0', '?status=closed&limit=101', '?limit=abc', '?status=closed&cursor=garbage', `?status=all&cursor=${'A'.repeat(2_000)}`, '?status=all&status=open', '?status=closed&limit=5&limit=6'),
    'GET /v1/incidents/{id}/debrief': fc.constantFrom('?format=', '?format=html', '?format=PDF', '?format=__proto__', '?format=md&format=pdf', '?format=json'),
    'GET /v1/stats/indicators': fc.constantFrom('', '?from=2026-01-01&limit=0', '?from=2026-01-01&limit=101', '?from=2026-01-01&minReferrals=0', '?from=2026-01-01&limit=abc', '?from=nope'),
  };

  it.each(getRoutes.map((r) => [r.id, r] as const))('%s: hostile query strings', async (_, route) => {
    const documented = invalidQueries[route.id];
    // Unknown parameters may be ignored (200); they must never break the route or write anything.
    const anyQuery = fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...prototypeKeys, 'url', 'limit', 'cursor', 'from', 'status'), hostileString), hostileString), { minLength: 1, maxLength: 3 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&')}`);
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const attempt: Attempt = { route, family: 'hostile query', query };
        const answer = await send(attempt);
        if (answer.status === 200) return;
        expectClientError(answer, describeAttempt(attempt));
      }),
      { numRuns: runs.query },
    );
    if (documented) {
      await fc.assert(fc.asyncProperty(documented, (query) => sendExpectingError({ route, family: 'invalid documented query', query })), { numRuns: runs.query });
    }
    await expectNothingStored(route);
  });

  it('a request line or headers over 16 KB, refused by the HTTP parser itself, still get a JSON 431', async () => {
    const route = routes.find((r) => r.id === 'GET /v1/queues/{platform}') as Route;
    const longQuery = await send({ route, family: 'oversized request line', params: { platform: 'telegram' }, query: `?limit=${'9'.repeat(20_000)}` });
    expect(longQuery.status).toBe(431);
    expect(apiError.parse(JSON.parse(longQuery.text)).error.code).toBe('headers_too_large');
    const longHeader = await rawRequest('GET', `${local.apiUrl}/v1/health`, { 'x-filler': 'a'.repeat(20_000) }, undefined);
    expect(longHeader.status).toBe(431);
    expect(apiError.parse(JSON.parse(longHeader.text)).error.code).toBe('headers_too_large');
    await expectNothingStored();
  });

  it('GET /v1/lookup: look-alike hosts are never confused with the genuine host', async () => {
    const route = routes.find((r) => r.id === 'GET /v1/lookup') as Route;
    const lookup = async (url: string) => {
      const answer = await send({ route, family: 'IDN look-alike host', query: `?url=${encodeURIComponent(url)}` });
      expect(answer.status, answer.text).toBe(200);
      return JSON.parse(answer.text) as { canonicalUrl: string; contentKey: string };
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lookAlikeHosts), fc.constantFrom('/', '/watch?v=abcdefghijk', '/channel/1', '/s/x/1'), async ([fake, genuine], path) => {
        const forged = await lookup(`https://${fake}${path}`);
        const real = await lookup(`https://${genuine}${path}`);
        // Shown in punycode (what a browser would request), and a different content, so a different referral.
        expect(new URL(forged.canonicalUrl).hostname).toMatch(/(^|\.)xn--/);
        expect(forged.contentKey).not.toBe(real.contentKey);
      }),
      { numRuns: 16 },
    );
    await expectNothingStored();
  });

  it(`sent at least ${minimumRequests} hostile requests, and none ended in a connection error`, () => {
    const total = [...casesTried.values()].reduce((sum, n) => sum + n, 0);
    expect(connectionErrors).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(minimumRequests);
  });
});
