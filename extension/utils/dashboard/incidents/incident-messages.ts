import * as z from 'zod';
import { incidentAddition, incidentClosed, incidentDeclaration, incidentDetail, incidentList, incidentListStatuses, incidentView } from '../../contract';

const incidentId = z.uuid();
const referralId = z.string().regex(/^ref_[0-9a-f]{24}$/, 'a referral id: ref_<24 hex>');

/** The debrief as the background fetched it, for the page to save: Markdown or PDF. */
export const debriefFile = z.object({ fileName: z.string(), mediaType: z.string(), base64: z.string() });

/**
 * Crisis mode's messages to the background (spread into dashboardMessageSchemas): the open
 * incidents, one incident's view, declaring and closing one (admins), adding a referral by hand,
 * and the debrief's bytes. The background calls the API; the page never holds the token.
 */
export const incidentMessageSchemas = {
  /** GET /v1/incidents?status=&cursor=: the open incidents (the default) or a page of the closed ones, newest close first. */
  'dashboard.incidents': {
    request: z.object({ status: z.enum(incidentListStatuses).optional(), cursor: z.string().min(1).max(1_000).optional() }),
    response: incidentList,
  },
  /** GET /v1/incidents/{id}: the incident, its figures, its timeline and the referrals the officer may work. */
  'dashboard.incident': { request: z.object({ incidentId }), response: incidentDetail },
  /** POST /v1/incidents: the page checks the declaration with the API's own schema first. */
  'dashboard.declare-incident': { request: incidentDeclaration, response: incidentView },
  /** POST /v1/incidents/{id}/close: the answer says where the frozen debrief is. */
  'dashboard.close-incident': { request: z.object({ incidentId }), response: incidentClosed },
  /** POST /v1/incidents/{id}/referrals: a referral the seeds did not catch. */
  'dashboard.add-to-incident': { request: z.object({ incidentId, referralId }), response: incidentAddition },
  /** GET /v1/incidents/{id}/debrief?format=md|pdf, fetched by the background. */
  'dashboard.incident-debrief': { request: z.object({ incidentId, format: z.enum(['md', 'pdf']) }), response: debriefFile },
} as const;

/** The form's check of an addition: a referral id as the API takes it. */
export const incidentAdditionForm = z.object({ referralId });
