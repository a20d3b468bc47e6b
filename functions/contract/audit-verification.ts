import * as z from 'zod';

/** An event the chain check found broken: modified, deleted or inserted, by its place in the chain and its item. */
export const auditFinding = z.object({
  kind: z.enum(['modified', 'deleted', 'inserted']),
  /** Its place in the chain (0 for an event no link stamps). */
  sequence: z.number().int().nonnegative(),
  key: z.string().optional(),
  /** The partition of the chain it was found in, when not the referral's own: an operational hold's record (`OPHOLD#<target>`). */
  chain: z.string().optional(),
  message: z.string(),
});

/** How one day's anchor covering the chain checked. */
export const auditAnchorCheck = z.object({
  day: z.string(),
  status: z.enum(['verified', 'pending', 'unstamped', 'refused']),
  time: z.string().optional(),
  reason: z.enum(['root_mismatch', 'not_included', 'head_mismatch', 'token_refused']).optional(),
  message: z.string().optional(),
  /** As in a finding: set for the chain of an operational hold covering the referral. */
  chain: z.string().optional(),
});

/** `GET /v1/referrals/{id}/audit/verify`: ok, or the first broken event and every finding. */
export const auditVerificationV1 = z.object({
  referralId: z.string(),
  ok: z.boolean(),
  events: z.number().int().nonnegative(),
  firstBroken: auditFinding.optional(),
  findings: z.array(auditFinding),
  anchors: z.array(auditAnchorCheck),
});
export type AuditVerificationV1 = z.infer<typeof auditVerificationV1>;
