import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { LambdaEvent } from 'hono/aws-lambda';
import { z } from 'zod';
import type { Principal } from '../contract/principal';
import { reportV1 } from '../contract/report';
import { evidenceUploadRequest, type LookupResult, type ReportAccepted } from '../contract/responses';
import type { IngestMessageV1 } from '../contract/ingest-message';
import type { ReferralStore } from '../adapters/referral-store';
import type { QueueSender } from '../adapters/queue-sender';
import type { EvidenceStore, LocalEvidenceStore } from '../adapters/evidence-store';
import { canonicalizeUrl } from '../core/canonical-url/canonical-url';
import { isReferralId, referralIdFor } from '../core/referral-id';
import type { Authenticator } from './authenticate';
import { mayCall, maySeePlatform, type RouteId } from './access-policy';
import { errorResponse, readJsonBody } from './http-errors';
import { buildOpenApiDocument } from './openapi';
import { toReferralView, toSubmissionStatus } from './referral-view';

/** Largest request body: a report with 40,000 characters of selected text fits well inside. */
export const maxBodyBytes = 256 * 1024;
/** Largest evidence artifact accepted by the local store (an MHTML snapshot of a heavy page). */
export const maxEvidenceBytes = 20 * 1024 * 1024;

export interface ApiDependencies {
  store: ReferralStore;
  queues: QueueSender;
  ingestQueueUrl: string;
  authenticate: Authenticator;
  evidence: EvidenceStore;
  /** Present on the local stack only: accepts the PUTs that S3 takes in the cloud. */
  localEvidence?: LocalEvidenceStore;
  now: () => Date;
  log: (level: 'info' | 'error', message: string, details?: Record<string, unknown>) => void;
}

type ApiEnv = { Bindings: { event?: LambdaEvent }; Variables: { principal: Principal } };

const authorizerClaimsOf = (c: Context<ApiEnv>): Record<string, unknown> | undefined => {
  const event = c.env?.event as { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } } | undefined;
  return event?.requestContext?.authorizer?.jwt?.claims;
};

const submissionIdParam = z.uuid();
const sha256Param = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The HTTP API: one Hono app, served by Lambda behind API Gateway in the cloud and
 * by @hono/node-server on the local stack. Routes only validate, authorize and call
 * the store or the queue; they never throw for a client's mistake.
 */
export const createApi = (deps: ApiDependencies): Hono<ApiEnv> => {
  const app = new Hono<ApiEnv>();

  app.onError((error, c) => {
    deps.log('error', 'unhandled API error', { message: error.message, path: c.req.path });
    return errorResponse(c, 500, 'internal', 'internal error; the request may be retried');
  });
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', `body exceeds ${maxSize} bytes`),
    });

  // Public routes first: Hono stops at the first handler that answers.
  app.get('/v1/openapi.json', (c) => c.json(buildOpenApiDocument()));
  app.get('/v1/health', (c) => c.json({ status: 'ok' }));

  // Local stand-in for a pre-signed S3 PUT: authorized by the ticket's signature, not a token.
  app.put('/v1/evidence/:sha256', limitBody(maxEvidenceBytes), async (c) => {
    const store = deps.localEvidence;
    if (!store) return errorResponse(c, 404, 'not_found', 'evidence uploads go to the pre-signed S3 URL');
    const sha256 = sha256Param.safeParse(c.req.param('sha256'));
    const bytes = Number(c.req.query('bytes'));
    const expires = Number(c.req.query('expires'));
    const signature = c.req.query('signature') ?? '';
    if (!sha256.success || !/^[0-9a-f]{64}$/.test(signature) || !store.verifyTicket(sha256.data, bytes, expires, signature, deps.now())) {
      return errorResponse(c, 403, 'forbidden', 'upload ticket is invalid or expired');
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength !== bytes) return errorResponse(c, 400, 'invalid_body', `expected ${bytes} bytes, got ${body.byteLength}`);
    // Stored under the declared digest even if it does not match: the process stage
    // re-hashes and flags the mismatch on the report, so nothing is silently accepted.
    await store.write(sha256.data, body);
    return c.body(null, 200);
  });

  app.use('/v1/*', async (c, next) => {
    const result = await deps.authenticate({ authorization: c.req.header('authorization'), authorizerClaims: authorizerClaimsOf(c) });
    if (!result.ok) return errorResponse(c, 401, 'unauthenticated', result.failure.message);
    c.set('principal', result.principal);
    await next();
  });

  const allow = (c: Context<ApiEnv>, route: RouteId): Response | undefined =>
    mayCall(c.get('principal'), route) ? undefined : errorResponse(c, 403, 'forbidden', `your role may not call ${route}`);

  app.post('/v1/reports', limitBody(maxBodyBytes), async (c) => {
    const denied = allow(c, 'POST /v1/reports');
    if (denied) return denied;
    const body = await readJsonBody(c, reportV1);
    if (!body.ok) return body.response;
    const principal = c.get('principal');
    const acceptedAt = deps.now().toISOString();
    const submission = await deps.store.recordAccepted({
      submissionId: body.data.submissionId,
      unit: principal.unit,
      officerId: principal.officerId,
      acceptedAt,
    });
    if (submission.unit !== principal.unit) {
      return errorResponse(c, 409, 'conflict', 'this submissionId belongs to another unit');
    }
    if (submission.status !== 'accepted') {
      const answer: ReportAccepted = { submissionId: submission.submissionId, status: 'processed', ...(submission.referralId ? { referralId: submission.referralId } : {}) };
      return c.json(answer, 200);
    }
    const message: IngestMessageV1 = {
      type: 'report.accepted',
      version: 1,
      submissionId: body.data.submissionId,
      acceptedAt: submission.acceptedAt,
      submitter: { officerId: principal.officerId, unit: principal.unit },
      report: body.data,
    };
    // Enqueued on every retry until processed: the process stage is idempotent per submission.
    await deps.queues.sendJson(deps.ingestQueueUrl, message, { submissionId: message.submissionId });
    deps.log('info', 'report accepted', { submissionId: message.submissionId, unit: principal.unit });
    return c.json<ReportAccepted>({ submissionId: message.submissionId, status: 'accepted' }, 202);
  });

  app.get('/v1/submissions/:id', async (c) => {
    const denied = allow(c, 'GET /v1/submissions/{id}');
    if (denied) return denied;
    const id = submissionIdParam.safeParse(c.req.param('id'));
    if (!id.success) return errorResponse(c, 400, 'invalid_query', 'submission id must be a UUID', [{ path: 'id', message: 'not a UUID' }]);
    const submission = await deps.store.getSubmission(id.data);
    const principal = c.get('principal');
    // Another unit's submission is answered as unknown: its existence is not ours to reveal.
    if (!submission || (submission.unit !== principal.unit && !principal.roles.includes('admin'))) {
      return errorResponse(c, 404, 'not_found', 'no such submission in your unit');
    }
    return c.json(toSubmissionStatus(submission));
  });

  app.get('/v1/referrals/:id', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}');
    if (denied) return denied;
    const id = c.req.param('id');
    if (!isReferralId(id)) return errorResponse(c, 400, 'invalid_query', 'referral id must look like ref_<24 hex>', [{ path: 'id', message: 'malformed' }]);
    const referral = await deps.store.getReferral(id);
    if (!referral || !maySeePlatform(c.get('principal'), referral.platform)) {
      return errorResponse(c, 404, 'not_found', 'no such referral');
    }
    return c.json(toReferralView(referral));
  });

  app.get('/v1/lookup', async (c) => {
    const denied = allow(c, 'GET /v1/lookup');
    if (denied) return denied;
    const url = c.req.query('url');
    if (!url) return errorResponse(c, 400, 'invalid_query', 'query parameter url is required', [{ path: 'url', message: 'required' }]);
    const canonical = canonicalizeUrl(url);
    if (!canonical.ok) return errorResponse(c, 400, 'invalid_query', canonical.error.message, [{ path: 'url', message: canonical.error.code }]);
    const referral = await deps.store.getReferral(referralIdFor(canonical.value.contentKey));
    const base = { canonicalUrl: canonical.value.canonicalUrl, contentKey: canonical.value.contentKey };
    if (!referral || !maySeePlatform(c.get('principal'), referral.platform)) {
      return c.json<LookupResult>({ referred: false, ...base });
    }
    return c.json<LookupResult>({
      referred: true,
      ...base,
      referralId: referral.referralId,
      status: referral.status,
      unitCount: referral.units.length,
      reportCount: referral.reportCount,
      ...(referral.outcome ? { outcome: referral.outcome } : {}),
    });
  });

  app.post('/v1/evidence', limitBody(16 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/evidence');
    if (denied) return denied;
    const body = await readJsonBody(c, evidenceUploadRequest);
    if (!body.ok) return body.response;
    return c.json(await deps.evidence.createUploadTicket(body.data, deps.now()), 201);
  });

  app.get('/v1/indicators/:type/:value', async (c) => {
    const denied = allow(c, 'GET /v1/indicators/{type}/{value}');
    if (denied) return denied;
    const type = c.req.param('type');
    const value = c.req.param('value');
    if (!/^[a-z_]{2,20}$/.test(type) || value.length === 0 || value.length > 200) {
      return errorResponse(c, 400, 'invalid_query', 'indicator type or value is malformed');
    }
    const principal = c.get('principal');
    const links = (await deps.store.listIndicatorReferrals(type, value)).filter((link) => maySeePlatform(principal, link.platform));
    return c.json({ type, value, referrals: links });
  });

  return app;
};
