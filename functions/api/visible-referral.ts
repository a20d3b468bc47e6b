import type { Context } from 'hono';
import type * as z from 'zod';
import type { ReferralItem } from '../adapters/table/items';
import { isReferralId } from '../core/referral-id';
import { mayUseOnPlatform, type RouteId } from './access-policy';
import { allow, type ApiDependencies, type ApiEnv } from './api-env';
import { errorResponse, readJsonBody } from './http-errors';

/**
 * The referral named by the `id` path parameter, if the caller may see it: 400 for a malformed
 * id, 404 when it is unknown or on a platform the caller may not use `route` on (so a liaison
 * officer of another platform does not learn it exists).
 */
export const visibleReferral = async (c: Context<ApiEnv>, deps: Pick<ApiDependencies, 'stores'>, route: RouteId): Promise<{ referral: ReferralItem; response?: undefined } | { response: Response }> => {
  const id = c.req.param('id') ?? '';
  if (!isReferralId(id)) return { response: errorResponse(c, 400, 'invalid_query', 'referral id must look like ref_<24 hex>', [{ path: 'id', message: 'malformed' }]) };
  const referral = await deps.stores.referrals.get(id);
  if (!referral || !mayUseOnPlatform(c.get('principal'), route, referral.platform)) return { response: errorResponse(c, 404, 'not_found', 'no such referral') };
  return { referral };
};

export interface OpenedReferral<B, R> {
  response?: undefined;
  referral: ReferralItem;
  body: B;
  record: R;
}

/**
 * The steps a route under /v1/referrals/{id} takes before it acts, in this order: the caller's
 * role may call `route` (403), the referral is visible to them (400, 404), the body parses when
 * the route takes one (415, 400), and the record the route acts on exists (404 `missing`).
 * Returns what the route acts on, or the response that stops it.
 */
export const openReferral = async <S extends z.ZodType = z.ZodUndefined, R = undefined>(
  c: Context<ApiEnv>,
  deps: Pick<ApiDependencies, 'stores'>,
  route: RouteId,
  steps: { body?: S; record?: { load: (referral: ReferralItem) => Promise<R | undefined>; missing: string } } = {},
): Promise<OpenedReferral<z.infer<S>, R> | { response: Response }> => {
  const denied = allow(c, route);
  if (denied) return { response: denied };
  const found = await visibleReferral(c, deps, route);
  if (found.response) return found;
  let body = undefined as z.infer<S>;
  if (steps.body) {
    const read = await readJsonBody(c, steps.body);
    if (!read.ok) return read;
    body = read.data;
  }
  let record = undefined as R;
  if (steps.record) {
    const loaded = await steps.record.load(found.referral);
    if (loaded === undefined) return { response: errorResponse(c, 404, 'not_found', steps.record.missing) };
    record = loaded;
  }
  return { referral: found.referral, body, record };
};
