import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { issuesFromZod, type ApiError, type ApiIssue } from '../contract/api-error';

export const errorResponse = (
  c: Context,
  status: ContentfulStatusCode,
  code: ApiError['error']['code'],
  message: string,
  issues?: ApiIssue[],
) => c.json<ApiError>({ error: { code, message, ...(issues ? { issues } : {}) } }, status);

export type ParsedBody<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * Reads a JSON body: a wrong content type is 415, unparseable JSON is 400 invalid_json,
 * and a body the schema refuses is 400 invalid_body naming each field at fault.
 */
export const readJsonBody = async <S extends z.ZodType>(c: Context, schema: S): Promise<ParsedBody<z.infer<S>>> => {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json(\s*;|$)/i.test(contentType)) {
    return { ok: false, response: errorResponse(c, 415, 'unsupported_media_type', 'Content-Type must be application/json') };
  }
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, response: errorResponse(c, 400, 'invalid_json', `body is not valid JSON: ${(error as Error).message.slice(0, 200)}`) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error).slice(0, 20);
    const fields = [...new Set(issues.map((i) => i.path))].join(', ');
    return { ok: false, response: errorResponse(c, 400, 'invalid_body', `invalid fields: ${fields}`, issues) };
  }
  return { ok: true, data: parsed.data };
};
