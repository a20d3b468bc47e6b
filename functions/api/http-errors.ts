import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { issuesFromZod, type ApiError, type ApiErrorDetail, type ApiIssue } from '../contract/api-error';

export const errorResponse = (
  c: Context,
  status: ContentfulStatusCode,
  code: ApiError['error']['code'],
  message: string,
  issues?: ApiIssue[],
  detail: ApiErrorDetail = {},
) =>
  c.json<ApiError>(
    {
      error: {
        code,
        message,
        ...(issues ? { issues } : {}),
        ...(detail.reason ? { reason: detail.reason } : {}),
        ...(detail.rule ? { rule: detail.rule } : {}),
        ...(detail.params ? { params: detail.params } : {}),
      },
    },
    status,
  );

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON escapes can spell lone surrogates (`"\ud800"`), which no UTF-8 store or queue can
 * hold: a report carrying one would be accepted and then fail in DynamoDB or SQS. Returns
 * the path of the first string or key holding one. Only walks when the raw text has a
 * surrogate escape at all, and without recursion, so deep nesting cannot overflow it.
 */
const illFormedTextPath = (text: string, json: unknown): string | undefined => {
  if (!/\\u[dD][89a-fA-F]/.test(text)) return undefined;
  const pending: { value: unknown; path: string }[] = [{ value: json, path: '(body)' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (loneSurrogate.test(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, path: path === '(body)' ? String(i) : `${path}.${i}` }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = path === '(body)' ? key : `${path}.${key}`;
        if (loneSurrogate.test(key)) return itemPath;
        pending.push({ value: item, path: itemPath });
      }
    }
  }
  return undefined;
};

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
  const illFormed = illFormedTextPath(text, json);
  if (illFormed !== undefined) {
    return { ok: false, response: errorResponse(c, 400, 'invalid_body', `invalid fields: ${illFormed}`, [{ path: illFormed, message: 'text contains a lone UTF-16 surrogate (invalid Unicode)' }]) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error).slice(0, 20);
    const fields = [...new Set(issues.map((i) => i.path))].join(', ');
    return { ok: false, response: errorResponse(c, 400, 'invalid_body', `invalid fields: ${fields}`, issues) };
  }
  return { ok: true, data: parsed.data };
};
