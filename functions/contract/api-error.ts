import * as z from 'zod';

export const apiErrorCodes = [
  'invalid_json',
  'invalid_body',
  'invalid_query',
  'unsupported_media_type',
  'payload_too_large',
  'headers_too_large',
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** The resource changed since the caller read it (another writer won): reload, then retry. */
  'stale_version',
  'internal',
  /** A transient state of the service, not the caller's fault: retry after the Retry-After header. */
  'count_in_progress',
] as const;

export const apiIssue = z.object({ path: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof apiIssue>;

/** Every error the API returns has this shape: a code a client can act on, and the fields at fault. */
export const apiError = z.object({
  error: z.object({
    code: z.enum(apiErrorCodes),
    message: z.string(),
    issues: z.array(apiIssue).optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

export const issuesFromZod = (error: z.ZodError): ApiIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
