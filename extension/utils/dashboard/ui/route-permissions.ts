import type { Role } from '../../contract';
import { routeRoles } from '../../shared-rules';

/**
 * What a principal's roles may do on a screen whose actions each sit behind one API route, read
 * from the API's own table (functions/api/access-policy.ts): a principal with several roles may do
 * what any of them may. A hint for what to offer; the API still decides (a liaison officer only on
 * assigned platforms, only the owning unit), and a screen shows its reason when it refuses.
 */
export const routePermissions = <P extends string>(routes: Record<P, keyof typeof routeRoles>, roles: readonly Role[]): Record<P, boolean> =>
  Object.fromEntries(
    (Object.entries(routes) as [P, keyof typeof routeRoles][]).map(([permission, route]) => [permission, roles.some((role) => (routeRoles[route] as readonly Role[]).includes(role))]),
  ) as Record<P, boolean>;
