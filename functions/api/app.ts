import { Hono, type Context } from 'hono';
import type { ApiDependencies, ApiEnv } from './api-env';
import { isCountInProgress } from '../adapters/stores/counter-claims';
import { errorResponse } from './http-errors';
import { buildOpenApiDocument } from './openapi';
import { registerCallbackRoutes } from './routes/callbacks';
import { registerEscalationRoutes, registerPagerCallbackRoute } from './routes/escalation';
import { registerEvidenceRoutes, registerEvidenceUploadRoute } from './routes/evidence';
import { registerHashBankRoutes } from './routes/hash-banks';
import { registerOperationalHoldRoutes } from './routes/operational-holds';
import { registerEvidencePackageRoute } from './routes/evidence-package';
import { registerLifecycleRoutes } from './routes/lifecycle';
import { registerPlatformRoutes } from './routes/platforms';
import { registerIncidentRoutes } from './routes/incidents';
import { registerHostRoutes } from './routes/hosts';
import { registerQueueRoutes } from './routes/queues';
import { registerStatsRoutes } from './routes/stats';
import { registerUnitReportRoutes } from './routes/unit-reports';
import { registerIndicatorRoutes } from './routes/indicators';
import { registerIndicatorExportRoutes } from './routes/indicator-exports';
import { registerReferralRoutes } from './routes/referrals';
import { registerReportRoutes } from './routes/reports';
import { registerReportBatchRoute } from './routes/reports-batch';
import { registerRuleOfLawRoutes } from './routes/rule-of-law';
import { registerSearchRoutes } from './routes/search';

export type { ApiDependencies } from './api-env';
export { maxBodyBytes, maxEvidenceBytes } from './api-env';

const authorizerClaimsOf = (c: Context<ApiEnv>): Record<string, unknown> | undefined => {
  const event = c.env?.event as { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } } | undefined;
  return event?.requestContext?.authorizer?.jwt?.claims;
};

/**
 * The HTTP API: one Hono app, served by Lambda behind API Gateway in the cloud and
 * by @hono/node-server on the local stack. Routes (one module per resource under
 * routes/) only validate, authorize and call the adapters; they never throw for a
 * client's mistake.
 */
export const createApi = (deps: ApiDependencies): Hono<ApiEnv> => {
  const app = new Hono<ApiEnv>();

  app.onError((error, c) => {
    // The change was saved; its trend count is held by another live delivery (a first attempt still
    // running, or one that died and whose claim has not lapsed). Not the client's fault, and over
    // by the time the claim lapses: the retry completes the change and counts it once.
    if (isCountInProgress(error)) {
      deps.log('info', 'trend count in progress elsewhere', { path: c.req.path, retryAfterSeconds: error.retryAfterSeconds });
      c.header('Retry-After', String(error.retryAfterSeconds));
      return errorResponse(c, 503, 'count_in_progress', `another delivery is counting this change in the trend counters; retry after ${error.retryAfterSeconds} s`);
    }
    deps.log('error', 'unhandled API error', { message: error.message, path: c.req.path });
    return errorResponse(c, 500, 'internal', 'internal error; the request may be retried');
  });
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  // Public routes first: Hono stops at the first handler that answers.
  app.get('/v1/openapi.json', (c) => c.json(buildOpenApiDocument()));
  app.get('/v1/health', (c) => c.json({ status: 'ok' }));
  registerEvidenceUploadRoute(app, deps);
  // Platforms' outcome callbacks carry the platform's HMAC signature, not an officer's token.
  registerCallbackRoutes(app, deps);
  // Pagers' acknowledgements carry the on-call contact's HMAC signature, not an officer's token.
  registerPagerCallbackRoute(app, deps);

  app.use('/v1/*', async (c, next) => {
    const result = await deps.authenticate({ authorization: c.req.header('authorization'), authorizerClaims: authorizerClaimsOf(c) });
    if (!result.ok) return errorResponse(c, 401, 'unauthenticated', result.failure.message);
    c.set('principal', result.principal);
    await next();
  });

  registerReportRoutes(app, deps);
  registerReportBatchRoute(app, deps);
  registerReferralRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerIndicatorRoutes(app, deps);
  registerIndicatorExportRoutes(app, deps);
  registerEvidenceRoutes(app, deps);
  registerEvidencePackageRoute(app, deps);
  registerUnitReportRoutes(app, deps);
  registerQueueRoutes(app, deps);
  registerLifecycleRoutes(app, deps);
  registerEscalationRoutes(app, deps);
  registerPlatformRoutes(app, deps);
  registerIncidentRoutes(app, deps);
  registerHostRoutes(app, deps);
  registerStatsRoutes(app, deps);
  registerRuleOfLawRoutes(app, deps);
  registerHashBankRoutes(app, deps);
  registerOperationalHoldRoutes(app, deps);
  return app;
};
