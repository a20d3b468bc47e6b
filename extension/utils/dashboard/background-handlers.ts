import * as z from 'zod';
import {
  auditEvent,
  escalationAck,
  hostAbuseContact,
  indicatorView,
  lifecycleState,
  queuePage,
  referralEvidence,
  referralView,
  reportBatchResponse,
  reviewsView,
  reviewView,
  searchResult,
  statsCounts,
  statsIndicators,
  statsPlatforms,
  unacknowledgedPages,
  unitReportView,
  removalOrderView,
} from '../contract';
import { bytesToBase64, sha256Hex } from '../bytes';
import type { dashboardMessageSchemas } from './messages';
import { sessionFromToken } from './session';
import { otherHostsQueue } from '../shared-rules';
import { createIncidentHandlers } from './incidents/incident-handlers';
import { createLegalHandlers } from './legal/legal-handlers';
import { createAdminHandlers } from './admin/admin-handlers';
import { t } from '../i18n';
import { apiErrorBody, apiErrorText } from '../api-error-text';

/**
 * The background's side of the dashboard: every call to the queue, lifecycle, stats and
 * batch routes, with the token it alone holds. Answers are checked against their schema
 * before they reach a page, as api-client.ts does for the officer's reports.
 */

export class DashboardApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DashboardApiDeps {
  fetch: typeof fetch;
  baseUrl: () => Promise<string>;
  token: (options?: { forceRefresh?: boolean }) => Promise<string | undefined>;
}

const platformList = z.object({ platforms: z.array(z.object({ platform: z.string() })) });

type Schemas = typeof dashboardMessageSchemas;
type Name = keyof Schemas;
export type DashboardHandlers = {
  [N in Name]: (data: z.output<Schemas[N]['request']>) => Promise<z.input<Schemas[N]['response']>>;
};

/** Largest export the page is handed in one message; the API itself stops at 5,000 rows. */
const maxExportChars = 20_000_000;

export const createDashboardHandlers = (deps: DashboardApiDeps): DashboardHandlers => {
  const send = async (path: string, init: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown }): Promise<Response> => {
    const attempt = async (forceRefresh: boolean) => {
      const token = await deps.token({ forceRefresh });
      if (token === undefined) throw new DashboardApiError(401, 'unauthenticated', t('dashboardError_notSignedIn'));
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const base = (await deps.baseUrl()).replace(/\/+$/, '');
      return deps.fetch(`${base}${path}`, { method: init.method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    };
    let response = await attempt(false);
    // An expired access token is the common 401: one refresh, then the 401 stands.
    if (response.status === 401) response = await attempt(true);
    if (!response.ok) {
      // The page shows this message as it is: worded here, once, in the officer's language.
      const parsed = apiErrorBody.safeParse(await response.json().catch(() => undefined));
      const code = parsed.success ? parsed.data.error.code : 'http_error';
      throw new DashboardApiError(response.status, code, apiErrorText(response.status, parsed.success ? parsed.data.error : undefined));
    }
    return response;
  };

  const json = async <T>(path: string, schema: z.ZodType<T>, init: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = { method: 'GET' }): Promise<T> => {
    const response = await send(path, init);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      // The details are for support, in the service worker's console; the officer reads what to do.
      console.error(`[referral-desk] unexpected answer from ${path}`, z.prettifyError(parsed.error).slice(0, 300));
      throw new DashboardApiError(502, 'unexpected_response', t('dashboardError_unexpectedAnswer', path.split('?')[0] ?? path));
    }
    return parsed.data;
  };

  const query = (params: Record<string, string | undefined>): string => {
    const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
  };
  const segment = encodeURIComponent;

  return {
    'dashboard.session': async () => {
      const token = await deps.token();
      const session = sessionFromToken(token, []);
      if (!session.roles.some((r) => r === 'admin' || r === 'analyst')) return session;
      // Admins and analysts may open any platform's queue: offer the API's registry, and the
      // other-hosts queue of the unit's referrals on hosts outside it.
      const registry = await json('/v1/platforms', platformList).then(
        (answer) => [...answer.platforms.map((p) => p.platform), otherHostsQueue],
        () => [otherHostsQueue],
      );
      return sessionFromToken(token, registry);
    },

    'dashboard.queue': ({ platform, status, cursor, assignee, limit }) =>
      json(`/v1/queues/${segment(platform)}${query({ status, cursor, format: 'json', assignee, limit: limit === undefined ? undefined : String(limit) })}`, queuePage),

    'dashboard.assign': ({ referralId, expectedVersion, officerId }) =>
      officerId === undefined
        ? json(`/v1/referrals/${segment(referralId)}/assignee`, lifecycleState, { method: 'DELETE', body: { expectedVersion } })
        : json(`/v1/referrals/${segment(referralId)}/assignee`, lifecycleState, { method: 'PUT', body: { officerId, expectedVersion } }),

    'dashboard.claim': ({ referralId, expectedVersion, release }) =>
      json(`/v1/referrals/${segment(referralId)}/claim`, lifecycleState, { method: release ? 'DELETE' : 'POST', body: { expectedVersion } }),

    'dashboard.resolve-short-link': ({ referralId, url }) =>
      json(`/v1/referrals/${segment(referralId)}/resolved-url`, z.object({ submissionId: z.string(), url: z.string(), status: z.string() }), { method: 'POST', body: { url } }),

    'dashboard.indicator': ({ type, value, cursor }) => json(`/v1/indicators/${segment(type)}/${segment(value)}${query({ cursor })}`, indicatorView),

    'dashboard.indicator-export': async ({ type, value, format }) => {
      const response = await send(`/v1/indicators/${segment(type)}/${segment(value)}/export${query({ format })}`, { method: 'GET' });
      const content = await response.text();
      if (content.length > maxExportChars) throw new DashboardApiError(413, 'payload_too_large', t('dashboardError_exportTooLarge'));
      // The file name the API gives (its content-disposition), else one made of the indicator.
      const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      const extension = format === 'csv' ? 'csv' : `${format}.json`;
      return {
        fileName: named ?? `${type}-${value.replace(/[^A-Za-z0-9.-]/g, '_')}.${extension}`,
        mediaType: format === 'csv' ? 'text/csv' : format === 'stix' ? 'application/stix+json' : 'application/json',
        content,
      };
    },

    'dashboard.record-abuse-contact': ({ host, contact }) => json(`/v1/hosts/${segment(host)}/abuse-contact`, hostAbuseContact, { method: 'PUT', body: contact }),

    'dashboard.send': ({ referralId, expectedVersion }) =>
      json(`/v1/referrals/${segment(referralId)}/send`, lifecycleState, { method: 'POST', body: { expectedVersion } }),

    'dashboard.notice': async ({ referralId }) => ({
      text: await (await send(`/v1/referrals/${segment(referralId)}/notice?format=text`, { method: 'GET' })).text(),
    }),

    'dashboard.review': ({ referralId }) => json(`/v1/referrals/${segment(referralId)}/review`, reviewsView),

    'dashboard.request-review': ({ referralId }) => json(`/v1/referrals/${segment(referralId)}/review`, reviewView, { method: 'POST', body: {} }),

    'dashboard.decide-review': ({ referralId, ...body }) => json(`/v1/referrals/${segment(referralId)}/review/decision`, reviewView, { method: 'POST', body }),

    'dashboard.transition': ({ referralId, ...body }) =>
      json(`/v1/referrals/${segment(referralId)}/transitions`, lifecycleState, { method: 'POST', body }),

    'dashboard.evidence': ({ referralId }) => json(`/v1/referrals/${segment(referralId)}/evidence`, referralEvidence),

    'dashboard.evidence-bytes': async ({ referralId, sha256 }) => {
      const response = await send(`/v1/referrals/${segment(referralId)}/evidence/${segment(sha256)}`, { method: 'GET' });
      const bytes = new Uint8Array(await response.arrayBuffer());
      // The server re-hashed them; the background checks again what reached it.
      if ((await sha256Hex(bytes)) !== sha256) throw new DashboardApiError(502, 'unexpected_response', 'the evidence bytes do not match their SHA-256');
      return { mediaType: response.headers.get('content-type') ?? 'application/octet-stream', base64: bytesToBase64(bytes) };
    },

    'dashboard.evidence-package': async ({ referralId }) => {
      const response = await send(`/v1/referrals/${segment(referralId)}/evidence-package`, { method: 'GET' });
      if (response.headers.get('content-type') !== 'application/zip') throw new DashboardApiError(502, 'unexpected_response', 'the evidence package is not a ZIP');
      return { fileName: `${referralId}-evidence.zip`, base64: bytesToBase64(new Uint8Array(await response.arrayBuffer())) };
    },

    'dashboard.search': ({ q }) => json(`/v1/search${query({ q })}`, searchResult),

    'dashboard.referral': async ({ referralId }) => {
      const referral = await json(`/v1/referrals/${segment(referralId)}`, referralView);
      // Referrers may read a referral but not its audit trail: show the referral without it.
      const audit = await json(`/v1/referrals/${segment(referralId)}/audit`, z.object({ events: z.array(auditEvent) })).then(
        (answer) => answer.events,
        (error: unknown) => {
          if (error instanceof DashboardApiError && error.status === 403) return undefined;
          throw error;
        },
      );
      return { referral, ...(audit !== undefined ? { audit } : {}) };
    },

    'dashboard.export': async ({ platform, status, format }) => {
      const response = await send(`/v1/queues/${segment(platform)}${query({ status, format })}`, { method: 'GET' });
      const content = await response.text();
      if (content.length > maxExportChars) throw new DashboardApiError(413, 'payload_too_large', t('dashboardError_exportTooLarge'));
      return {
        fileName: `queue-${platform}-${status}.${format}`,
        mediaType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
        content,
        // The API stops at its export limit and says where to continue.
        truncated: response.headers.get('x-next-cursor') !== null,
      };
    },

    'dashboard.stats': async ({ from, to, by, interval }) => {
      const range = { from, to };
      const [counts, platforms, indicators] = await Promise.all([
        json(`/v1/stats/counts${query({ ...range, by, interval })}`, statsCounts),
        json(`/v1/stats/platforms${query(range)}`, statsPlatforms),
        json(`/v1/stats/indicators${query(range)}`, statsIndicators),
      ]);
      return { counts, platforms, indicators };
    },

    'dashboard.reports': ({ cursor }) =>
      json(`/v1/reports${query({ cursor })}`, z.object({ unit: z.string(), reports: z.array(unitReportView), nextCursor: z.string().optional() })),

    'dashboard.unacknowledged-pages': () => json('/v1/escalations/unacknowledged', unacknowledgedPages),

    'dashboard.acknowledge-page': ({ referralId }) => json(`/v1/referrals/${segment(referralId)}/escalation/ack`, escalationAck, { method: 'POST', body: {} }),

    'dashboard.order': ({ referralId }) =>
      json(`/v1/referrals/${segment(referralId)}/removal-order`, removalOrderView).then(
        (order) => ({ order }),
        // The page opened the referral first: a 404 now means it has no order yet.
        (error: unknown) => {
          if (error instanceof DashboardApiError && error.status === 404) return {};
          throw error;
        },
      ),

    'dashboard.issue-order': ({ referralId, order }) => json(`/v1/referrals/${segment(referralId)}/removal-order`, removalOrderView, { method: 'PUT', body: order }),

    'dashboard.order-document': async ({ referralId, format, lang }) => {
      const response = await send(`/v1/referrals/${segment(referralId)}/removal-order${query({ format, lang })}`, { method: 'GET' });
      const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${referralId}-order-${lang}.${format}`;
      const mediaType = response.headers.get('content-type') ?? '';
      if (format === 'pdf') {
        if (mediaType !== 'application/pdf') throw new DashboardApiError(502, 'unexpected_response', 'the removal order is not a PDF');
        return { fileName: named, mediaType, base64: bytesToBase64(new Uint8Array(await response.arrayBuffer())) };
      }
      if (!mediaType.startsWith('text/html')) throw new DashboardApiError(502, 'unexpected_response', 'the removal order is not HTML');
      return { fileName: named, mediaType, html: await response.text() };
    },

    'dashboard.order-action': ({ referralId, action, body }) => json(`/v1/referrals/${segment(referralId)}/removal-order/${action}`, removalOrderView, { method: 'POST', body }),

    'dashboard.import': ({ reports }) => json('/v1/reports:batch', reportBatchResponse, { method: 'POST', body: { reports } }),

    ...createIncidentHandlers({ send, json, unexpected: (message) => new DashboardApiError(502, 'unexpected_response', message) }),
    ...createLegalHandlers({ json }),
    ...createAdminHandlers({
      send,
      json,
      unexpected: (message) => new DashboardApiError(502, 'unexpected_response', message),
      statusOf: (error) => (error instanceof DashboardApiError ? error.status : undefined),
      codeOf: (error) => (error instanceof DashboardApiError ? error.code : undefined),
    }),
  };
};
