import type { Role } from '../../contract';
import type { routeRoles } from '../../shared-rules';
import { routePermissions } from '../ui/route-permissions';

/** What the legal screen shows or offers, each behind one API route. */
export const legalRoutes = {
  readHold: 'GET /v1/referrals/{id}/hold',
  extendHold: 'POST /v1/referrals/{id}/hold',
  releaseHold: 'POST /v1/referrals/{id}/hold/release',
  readComplaints: 'GET /v1/referrals/{id}/complaints',
  recordComplaint: 'POST /v1/referrals/{id}/complaints',
  decideComplaint: 'POST /v1/referrals/{id}/complaints/{complaintId}/decision',
  reinstate: 'POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement',
  readLegalAudit: 'GET /v1/referrals/{id}/legal-audit',
} as const satisfies Record<string, keyof typeof routeRoles>;
export type LegalPermission = keyof typeof legalRoutes;

/**
 * What the signed-in officer's roles may do on the legal screen, read from the API's own table
 * (functions/api/access-policy.ts): a referrer sees the hold, liaison officers and admins change
 * it and record complaints, analysts read. A hint only: the API still decides (liaison officers on
 * their platforms only) and the screen shows its reason when it refuses.
 */
export const legalPermissions = (roles: readonly Role[]): Record<LegalPermission, boolean> => routePermissions(legalRoutes, roles);
