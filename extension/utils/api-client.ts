import type { z } from 'zod';
import { apiErrorBody, apiErrorText } from './api-error-text';
import {
  evidenceUploadTickets,
  lookupResult,
  reportAccepted,
  type EvidenceUploadsRequest,
  type EvidenceUploadTicket,
  type EvidenceUploadTickets,
  type LookupResult,
  type ReportAccepted,
  type ReportV1,
} from './contract';
import { t } from './i18n';

/**
 * The outcome of one API call, as a value the outbox can act on. A failure's `message` is the
 * officer's sentence, in the browser's language: the popup and the outbox show it as it is.
 */
export type ApiResult<T> =
  | { kind: 'ok'; status: number; value: T }
  | { kind: 'http_error'; status: number; code?: string; message: string }
  | { kind: 'network'; message: string };

/** What to do after a failed call: retry later, ask the officer to sign in, or give up. */
export type FailureClass = 'retry' | 'auth' | 'permanent';

/** 401 waits for a sign-in; 408/429/5xx and network failures are transient; other 4xx never succeed on retry. */
export const classifyFailure = (result: Exclude<ApiResult<unknown>, { kind: 'ok' }>): FailureClass => {
  if (result.kind === 'network') return 'retry';
  if (result.status === 401) return 'auth';
  if (result.status === 408 || result.status === 429 || result.status >= 500) return 'retry';
  return 'permanent';
};

export interface ApiClientDeps {
  fetch: typeof fetch;
  baseUrl: () => Promise<string>;
  /** Bearer token, refreshed if needed; undefined when nobody is signed in. */
  token: (options?: { forceRefresh?: boolean }) => Promise<string | undefined>;
}

export interface ApiClient {
  submitReport(report: ReportV1): Promise<ApiResult<ReportAccepted>>;
  lookup(url: string): Promise<ApiResult<LookupResult>>;
  /** Upload tickets for every artifact of one report, in one call. */
  requestUploads(request: EvidenceUploadsRequest): Promise<ApiResult<EvidenceUploadTickets>>;
  upload(ticket: EvidenceUploadTicket, bytes: Uint8Array): Promise<ApiResult<null>>;
}

/** The browser's own reason for a failed fetch is English ("Failed to fetch"): the sentence is the extension's. */
const unreachable = (): { kind: 'network'; message: string } => ({ kind: 'network', message: t('apiUnreachable') });

export const createApiClient = (deps: ApiClientDeps): ApiClient => {
  const call = async <T>(
    path: string,
    init: { method: 'GET' | 'POST'; body?: unknown },
    schema: z.ZodType<T>,
  ): Promise<ApiResult<T>> => {
    const send = async (forceRefresh: boolean): Promise<Response> => {
      const token = await deps.token({ forceRefresh });
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const base = (await deps.baseUrl()).replace(/\/+$/, '');
      return deps.fetch(`${base}${path}`, {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    };
    let response: Response;
    try {
      response = await send(false);
      // An expired access token is the common 401; one refresh, then the 401 stands.
      if (response.status === 401) response = await send(true);
    } catch {
      return unreachable();
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = apiErrorBody.safeParse(body);
      return {
        kind: 'http_error',
        status: response.status,
        ...(parsed.success ? { code: parsed.data.error.code } : {}),
        message: apiErrorText(response.status, parsed.success ? parsed.data.error : undefined),
      };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      // A 2xx we cannot read is a server bug; retrying is the safe choice for an idempotent submission.
      return { kind: 'http_error', status: 502, message: t('apiAnswerUnreadable', response.status) };
    }
    return { kind: 'ok', status: response.status, value: parsed.data };
  };

  return {
    submitReport: (report) => call('/v1/reports', { method: 'POST', body: report }, reportAccepted),
    lookup: (url) => call(`/v1/lookup?url=${encodeURIComponent(url)}`, { method: 'GET' }, lookupResult),
    requestUploads: (request) => call('/v1/evidence/tickets', { method: 'POST', body: request }, evidenceUploadTickets),
    upload: async (ticket, bytes) => {
      try {
        const response = await deps.fetch(ticket.uploadUrl, {
          method: ticket.method,
          headers: ticket.headers,
          body: bytes as BodyInit,
        });
        // 412: these bytes are already stored (the store takes one upload per SHA-256 and checks it hashes to it).
        if (response.status === 412) return { kind: 'ok', status: response.status, value: null };
        if (!response.ok) return { kind: 'http_error', status: response.status, message: t('evidenceUploadRefused', response.status) };
        return { kind: 'ok', status: response.status, value: null };
      } catch {
        return unreachable();
      }
    },
  };
};
