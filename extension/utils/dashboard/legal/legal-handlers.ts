import type * as z from 'zod';
import { complaintsView, complaintView, holdView, legalAuditView } from '../../contract';
import type { legalMessageSchemas } from './legal-messages';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What the legal handlers borrow from the dashboard's: its checked JSON read with the token only the background holds. */
export interface LegalApi {
  json<T>(path: string, schema: z.ZodType<T>, init?: { method: Method; body?: unknown }): Promise<T>;
}

type Schemas = typeof legalMessageSchemas;
export type LegalHandlers = { [N in keyof Schemas]: (data: z.output<Schemas[N]['request']>) => Promise<z.input<Schemas[N]['response']>> };

/** The background's side of the legal screen: one API route per message. */
export const createLegalHandlers = (api: LegalApi): LegalHandlers => {
  const referral = (referralId: string) => `/v1/referrals/${encodeURIComponent(referralId)}`;
  const complaint = (referralId: string, complaintId: string) => `${referral(referralId)}/complaints/${encodeURIComponent(complaintId)}`;
  return {
    'dashboard.legal-hold': ({ referralId }) => api.json(`${referral(referralId)}/hold`, holdView),
    'dashboard.legal-extend-hold': ({ referralId, body }) => api.json(`${referral(referralId)}/hold`, holdView, { method: 'POST', body }),
    'dashboard.legal-release-hold': ({ referralId, body }) => api.json(`${referral(referralId)}/hold/release`, holdView, { method: 'POST', body }),
    'dashboard.legal-complaints': ({ referralId }) => api.json(`${referral(referralId)}/complaints`, complaintsView),
    'dashboard.legal-record-complaint': ({ referralId, body }) => api.json(`${referral(referralId)}/complaints`, complaintView, { method: 'POST', body }),
    'dashboard.legal-decide-complaint': ({ referralId, complaintId, body }) => api.json(`${complaint(referralId, complaintId)}/decision`, complaintView, { method: 'POST', body }),
    'dashboard.legal-reinstate': ({ referralId, complaintId, body }) => api.json(`${complaint(referralId, complaintId)}/reinstatement`, complaintView, { method: 'POST', body }),
    'dashboard.legal-audit': ({ referralId }) => api.json(`${referral(referralId)}/legal-audit`, legalAuditView),
  };
};
