import type { Principal, Role } from '../contract/principal';

/**
 * Which roles may call which route. One table, so the access-control matrix test
 * and the router read the same rules. Finer rules (own unit, assigned platforms)
 * are checked in the route against the resource.
 */
export const routeRoles = {
  'POST /v1/reports': ['referrer', 'admin'],
  'GET /v1/submissions/{id}': ['referrer', 'admin'],
  'GET /v1/referrals/{id}': ['referrer', 'liaison', 'analyst', 'admin'],
  'GET /v1/lookup': ['referrer', 'liaison', 'analyst', 'admin'],
  'POST /v1/evidence': ['referrer', 'admin'],
  'GET /v1/indicators/{type}/{value}': ['referrer', 'analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RouteId = keyof typeof routeRoles;

export const mayCall = (principal: Principal, route: RouteId): boolean =>
  principal.roles.some((r) => (routeRoles[route] as readonly Role[]).includes(r));

/** Liaison officers see only the platforms they are assigned; everyone else all. */
export const maySeePlatform = (principal: Principal, platform: string): boolean =>
  principal.roles.some((r) => r !== 'liaison') || principal.platforms.includes(platform);
