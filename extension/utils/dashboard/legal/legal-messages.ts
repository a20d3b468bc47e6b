import * as z from 'zod';
import { complaintDecisionRequest, complaintRequest, complaintsView, complaintView, holdReleaseRequest, holdRequest, holdView, legalAuditView, reinstatementRequest } from '../../contract';

const referralId = z.string().regex(/^ref_[0-9a-f]{24}$/, 'a referral id: ref_<24 hex>');
/** The API's complaint id (cmp_<platform>_<platform's id>, made safe for a path). */
const complaintId = z.string().regex(/^cmp_[A-Za-z0-9_.-]{1,236}$/);

/**
 * The legal screen's messages to the background (spread into dashboardMessageSchemas): a
 * referral's legal hold (Regulation (EU) 2021/784 Art. 6), its complaints and reinstatement
 * (Art. 10) and its rule-of-law audit. The page checks each body with the API's own schema; the
 * background alone holds the token and checks every answer against the contract.
 */
export const legalMessageSchemas = {
  /** GET /v1/referrals/{id}/hold: whether the referral's data is held, until when, and the history. */
  'dashboard.legal-hold': { request: z.object({ referralId }), response: holdView },
  /** POST /v1/referrals/{id}/hold: place or extend the hold, with a reason. */
  'dashboard.legal-extend-hold': { request: z.object({ referralId, body: holdRequest }), response: holdView },
  /** POST /v1/referrals/{id}/hold/release: end the hold early, with a reason (never before the six months). */
  'dashboard.legal-release-hold': { request: z.object({ referralId, body: holdReleaseRequest }), response: holdView },
  /** GET /v1/referrals/{id}/complaints: the content provider's complaints against the removal. */
  'dashboard.legal-complaints': { request: z.object({ referralId }), response: complaintsView },
  /** POST /v1/referrals/{id}/complaints: a complaint the platform forwarded (the same platform id twice is one complaint). */
  'dashboard.legal-record-complaint': { request: z.object({ referralId, body: complaintRequest }), response: complaintView },
  /** POST /v1/referrals/{id}/complaints/{complaintId}/decision: upheld or rejected, with the reasoning. */
  'dashboard.legal-decide-complaint': { request: z.object({ referralId, complaintId, body: complaintDecisionRequest }), response: complaintView },
  /** POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement: when an upheld complaint's content was restored. */
  'dashboard.legal-reinstate': { request: z.object({ referralId, complaintId, body: reinstatementRequest }), response: complaintView },
  /** GET /v1/referrals/{id}/legal-audit: every rule-of-law event of the referral, as the caller's unit may read it. */
  'dashboard.legal-audit': { request: z.object({ referralId }), response: legalAuditView },
} as const;
