import type { Context } from 'hono';
import type { ReferralItem } from '../adapters/table/items';
import { isReferralId } from '../core/referral-id';
import { mayUseOnPlatform, type RouteId } from './access-policy';
import type { ApiDependencies, ApiEnv } from './api-env';
import { errorResponse } from './http-errors';

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
