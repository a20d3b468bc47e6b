import type { Principal, Role } from '../contract/principal';
import { workQueueOf } from '../core/platforms/work-queue';

/**
 * Which roles may call which route. One table, so the access-control matrix test
 * and the router read the same rules. Finer rules (own unit, assigned platforms)
 * are checked in the route against the resource.
 */
export const routeRoles = {
  'POST /v1/reports': ['referrer', 'admin'],
  'POST /v1/reports:batch': ['referrer', 'admin'],
  'GET /v1/submissions/{id}': ['referrer', 'admin'],
  'GET /v1/referrals/{id}': ['referrer', 'liaison', 'analyst', 'admin'],
  // Captured evidence: seen by whoever may see the referral (liaison: their platforms' only).
  'GET /v1/referrals/{id}/evidence': ['referrer', 'liaison', 'analyst', 'admin'],
  'GET /v1/referrals/{id}/evidence/{sha256}': ['referrer', 'liaison', 'analyst', 'admin'],
  // The whole evidence of a referral for a court: whoever may read its evidence may export it.
  'GET /v1/referrals/{id}/evidence-package': ['referrer', 'liaison', 'analyst', 'admin'],
  'GET /v1/lookup': ['referrer', 'liaison', 'analyst', 'admin'],
  // Finds referrals by URL, id or indicator value; answers only with what GET /v1/referrals/{id} would open.
  'GET /v1/search': ['referrer', 'liaison', 'analyst', 'admin'],
  // The URL a short link resolves to is a report of that content: filed by whoever may report or
  // work the referral (liaison: their platforms' only); analysts change nothing.
  'POST /v1/referrals/{id}/resolved-url': ['referrer', 'liaison', 'admin'],
  'POST /v1/evidence': ['referrer', 'admin'],
  'POST /v1/evidence/tickets': ['referrer', 'admin'],
  'GET /v1/indicators/{type}/{value}': ['referrer', 'analyst', 'admin'],
  // Dossiers handed to financial investigators and partner units: whoever may read a dossier may
  // export it (no officer, unit that reported or note is in the file; other units' holds refuse it).
  'GET /v1/indicators/{type}/{value}/export': ['referrer', 'analyst', 'admin'],
  'GET /v1/indicators/export': ['referrer', 'analyst', 'admin'],
  // Liaison work: referrers see their own unit's reports; liaison officers work their assigned
  // platforms' queues (mayUseOnPlatform); analysts read queues, audit and aggregates but change nothing.
  'GET /v1/reports': ['referrer', 'admin'],
  'GET /v1/queues/{platform}': ['liaison', 'analyst', 'admin'],
  'POST /v1/referrals/{id}/claim': ['liaison', 'admin'],
  'DELETE /v1/referrals/{id}/claim': ['liaison', 'admin'],
  // Giving a referral to a colleague of one's unit is working it: liaison officers on their platforms
  // (mayUseOnPlatform), admins anywhere; analysts change nothing.
  'PUT /v1/referrals/{id}/assignee': ['liaison', 'admin'],
  'DELETE /v1/referrals/{id}/assignee': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/transitions': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/send': ['liaison', 'admin'],
  'GET /v1/referrals/{id}/audit': ['liaison', 'analyst', 'admin'],
  'GET /v1/referrals/{id}/audit/verify': ['liaison', 'analyst', 'admin'],
  'GET /v1/referrals/{id}/deliveries': ['liaison', 'admin'],
  'GET /v1/platforms': ['liaison', 'analyst', 'admin', 'deployment-admin'],
  // A channel receives every unit's referrals for its platform and its secret authenticates the
  // platform's callbacks: a deployment-wide role sets it, never the admin of one unit.
  'PUT /v1/platforms/{id}/channel': ['deployment-admin'],
  // A platform's emergency line is one every unit calls in a threat to life: deployment-wide too.
  'PUT /v1/platforms/{id}/emergency-contact': ['deployment-admin'],
  // An unlisted host's abuse desk is a public fact the officers working those hosts learn (liaison
  // assigned to the other-hosts queue) or a unit admin records; the change record names them.
  'PUT /v1/hosts/{host}/abuse-contact': ['liaison', 'admin'],
  'GET /v1/stats/counts': ['analyst', 'admin'],
  'GET /v1/stats/platforms': ['analyst', 'admin'],
  'GET /v1/stats/indicators': ['analyst', 'admin'],
  // Rule of law: removal orders are issued by referral officers or liaison; the provider's
  // receipt, answer, scrutiny, holds and complaints are recorded by liaison; analysts read and report.
  'PUT /v1/referrals/{id}/removal-order': ['referrer', 'liaison', 'admin'],
  'GET /v1/referrals/{id}/removal-order': ['referrer', 'liaison', 'analyst', 'admin'],
  'POST /v1/referrals/{id}/removal-order/receipt': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/removal-order/answer': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/removal-order/restart': ['liaison', 'admin'],
  // Art. 11(3): a decision of the issuing authority, like the order itself.
  'POST /v1/referrals/{id}/removal-order/disclosure-delay': ['referrer', 'liaison', 'admin'],
  'POST /v1/referrals/{id}/removal-order/scrutiny': ['liaison', 'admin'],
  'GET /v1/referrals/{id}/hold': ['referrer', 'liaison', 'analyst', 'admin'],
  'POST /v1/referrals/{id}/hold': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/hold/release': ['liaison', 'admin'],
  'GET /v1/referrals/{id}/complaints': ['liaison', 'analyst', 'admin'],
  'POST /v1/referrals/{id}/complaints': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/complaints/{complaintId}/decision': ['liaison', 'admin'],
  'POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement': ['liaison', 'admin'],
  'GET /v1/referrals/{id}/review': ['referrer', 'liaison', 'admin'],
  'POST /v1/referrals/{id}/review': ['referrer', 'liaison', 'admin'],
  'POST /v1/referrals/{id}/review/decision': ['referrer', 'liaison', 'admin'],
  'GET /v1/referrals/{id}/notice': ['liaison', 'admin'],
  'GET /v1/referrals/{id}/legal-audit': ['liaison', 'analyst', 'admin'],
  'GET /v1/units/{unit}/settings': ['referrer', 'liaison', 'analyst', 'admin'],
  'PUT /v1/units/{unit}/settings': ['admin'],
  'GET /v1/transparency-reports/{year}': ['analyst', 'admin'],
  // A bank's hashes go to platforms: liaison officers hand them over, analysts share them; the
  // file holds hashes only (no officer, label or note), and of referred media the unit's own.
  'GET /v1/hash-banks/{bank}/export': ['liaison', 'analyst', 'admin'],
  // Operational holds: each route acts on the caller's own unit's holds only. Referrers and liaison
  // officers place and release them for their unit's investigations; analysts read, change nothing.
  'GET /v1/holds': ['referrer', 'liaison', 'analyst', 'admin'],
  'PUT /v1/holds': ['referrer', 'liaison', 'admin'],
  'POST /v1/holds/release': ['referrer', 'liaison', 'admin'],
  // Whoever is on call in the paged unit acknowledges; the route checks the unit. Analysts change nothing.
  'POST /v1/referrals/{id}/escalation/ack': ['referrer', 'liaison', 'admin'],
  // The urgent banner: whoever may acknowledge sees what waits for acknowledgement, of their own unit only.
  'GET /v1/escalations/unacknowledged': ['referrer', 'liaison', 'admin'],
  // Crisis mode: an admin declares an incident for the whole deployment; every officer sees the open ones.
  'POST /v1/incidents': ['admin'],
  'POST /v1/incidents/{id}/close': ['admin'],
  // Adding a referral by hand is working it: liaison officers only on their platforms.
  'POST /v1/incidents/{id}/referrals': ['referrer', 'liaison', 'admin'],
  'GET /v1/incidents': ['referrer', 'liaison', 'analyst', 'admin'],
  'GET /v1/incidents/{id}': ['referrer', 'liaison', 'analyst', 'admin'],
  'GET /v1/incidents/{id}/debrief': ['referrer', 'liaison', 'analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RouteId = keyof typeof routeRoles;

/**
 * Routes outside the token check, each with what authenticates it instead. A platform's
 * callback is signed with that platform's secret and may only touch that platform's referrals.
 */
export const publicRoutes = {
  'POST /v1/callbacks/{platform}': 'HMAC-SHA256 signature of the platform (X-Referral-Desk-Signature), 5 min tolerance, replays refused',
  'POST /v1/callbacks/pager/{unit}': "HMAC-SHA256 signature of one of the unit's on-call contacts (X-Referral-Desk-Signature), 5 min tolerance; acknowledging is idempotent",
} as const;

export const mayCall = (principal: Principal, route: RouteId): boolean =>
  principal.roles.some((r) => (routeRoles[route] as readonly Role[]).includes(r));

/** The caller's roles that admit the route: a permission comes from these and from no other role. */
const grantingRoles = (principal: Principal, route: RouteId): Role[] => principal.roles.filter((r) => (routeRoles[route] as readonly Role[]).includes(r));

/**
 * Whether the caller may use `route` on a referral (or queue) of `platform`. A permission that
 * comes only from the liaison role is limited to the officer's assigned platforms, whatever
 * other groups the officer is in: an analyst who is also liaison reads every platform (the
 * analyst's view) but changes only their own platforms' referrals, since no mutating route admits
 * analysts. Referrers and admins are not limited by platform.
 */
export const mayUseOnPlatform = (principal: Principal, route: RouteId, platform: string): boolean => {
  const granting = grantingRoles(principal, route);
  // A host outside the registry is worked by the liaison officers assigned to the other-hosts queue.
  return granting.some((r) => r !== 'liaison') || (granting.includes('liaison') && principal.platforms.includes(workQueueOf(platform)));
};
