import type { Role } from '../../contract';
import type { routeRoles } from '../../shared-rules';
import { routePermissions } from '../ui/route-permissions';

/** The removal-order actions a screen offers, each behind one API route. */
export const orderRoutes = {
  read: 'GET /v1/referrals/{id}/removal-order',
  issue: 'PUT /v1/referrals/{id}/removal-order',
  receipt: 'POST /v1/referrals/{id}/removal-order/receipt',
  answer: 'POST /v1/referrals/{id}/removal-order/answer',
  restart: 'POST /v1/referrals/{id}/removal-order/restart',
  disclosureDelay: 'POST /v1/referrals/{id}/removal-order/disclosure-delay',
  crossBorderCopy: 'POST /v1/referrals/{id}/removal-order/scrutiny',
} as const satisfies Record<string, keyof typeof routeRoles>;
export type OrderPermission = keyof typeof orderRoutes;

/**
 * What the signed-in officer's roles may do with a removal order, read from the API's own table
 * (functions/api/access-policy.ts), so the page shows no action the API refuses to every holder
 * of those roles. It is a hint: the API still decides (a liaison officer acts only on assigned
 * platforms, only the issuing unit amends its order), and the page shows its reason when it refuses.
 */
export const orderPermissions = (roles: readonly Role[]): Record<OrderPermission, boolean> => routePermissions(orderRoutes, roles);
