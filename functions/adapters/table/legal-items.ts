import * as z from 'zod';
import { cannotComplyReason, contactPoint, disclosureExtension, orderRestart, removalOrderRequest, unitSettingsRequest } from '../../contract/rule-of-law';
import { legalSubjects } from '../../core/rule-of-law/legal-event';

/**
 * The stored items of the rule of law (Regulation (EU) 2021/784, DSA): removal orders, legal
 * holds, four-eyes reviews, complaints, unit settings and open legal clocks, and their audit
 * events. Part of the table description; items.ts re-exports them. Keys are in keys.ts.
 */

const legalActor = z.object({ kind: z.enum(['officer', 'platform', 'system']), id: z.string(), unit: z.string().optional() });
export const legalEventSchema = z.object({
  referralId: z.string(),
  subject: z.enum(legalSubjects),
  subjectId: z.string(),
  version: z.number().int(),
  action: z.string(),
  at: z.string(),
  actor: legalActor,
  details: z.record(z.string(), z.string()).optional(),
});

const docFields = { pk: z.string(), sk: z.string(), version: z.number().int().positive(), lastEvent: legalEventSchema.optional() };

export const removalOrderItem = removalOrderRequest.safeExtend({
  ...docFields,
  entity: z.literal('removal-order'),
  referralId: z.string(),
  orderId: z.string(),
  issuedAt: z.string(),
  issuingUnit: z.string(),
  issuedBy: z.string(),
  status: z.enum(['issued', 'received', 'completed', 'cannot_comply', 'revoked']),
  receivedAt: z.string().optional(),
  answer: z.object({ outcome: z.enum(['removed', 'disabled', 'cannot_comply']), at: z.string(), reason: cannotComplyReason.optional(), explanation: z.string().optional() }).optional(),
  restarts: z.array(orderRestart).optional(),
  disclosureExtension: disclosureExtension.optional(),
  scrutiny: z
    .object({
      copyTransmittedAt: z.string().optional(),
      requestedAt: z.string().optional(),
      requestedBy: z.string().optional(),
      decision: z.enum(['no_infringement', 'infringement']).optional(),
      decidedAt: z.string().optional(),
      summary: z.string().optional(),
    })
    .optional(),
});

export const legalHoldItem = z.object({
  ...docFields,
  entity: z.literal('legal-hold'),
  referralId: z.string(),
  active: z.boolean(),
  statutoryUntil: z.string().optional(),
  until: z.string().optional(),
  releasedAt: z.string().optional(),
  history: z.array(z.object({ action: z.enum(['preserved', 'extended', 'released']), at: z.string(), until: z.string().optional(), reason: z.string(), unit: z.string().optional() })),
});

export const reviewItem = z.object({
  ...docFields,
  entity: z.literal('review'),
  referralId: z.string(),
  unit: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  reviewedBy: z.string().optional(),
  reviewerUnit: z.string().optional(),
  decidedAt: z.string().optional(),
  reason: z.string().optional(),
  approved: z.object({ version: z.number().int().nonnegative(), reportCount: z.number().int().nonnegative() }).optional(),
});

export const complaintItem = z.object({
  ...docFields,
  entity: z.literal('complaint'),
  referralId: z.string(),
  complaintId: z.string(),
  platform: z.string(),
  platformComplaintId: z.string(),
  receivedAt: z.string(),
  unit: z.string(),
  summary: z.string().optional(),
  status: z.enum(['open', 'upheld', 'rejected', 'reinstated']),
  decision: z.enum(['upheld', 'rejected']).optional(),
  decidedAt: z.string().optional(),
  reasoning: z.string().optional(),
  reinstatedAt: z.string().optional(),
});

export const unitSettingsItem = unitSettingsRequest.omit({ expectedVersion: true }).extend({
  pk: z.string(),
  sk: z.literal('SETTINGS'),
  entity: z.literal('unit-settings'),
  unit: z.string(),
  contact: contactPoint,
  updatedAt: z.string(),
  updatedBy: z.string(),
  version: z.number().int().positive(),
});
export type UnitSettings = z.infer<typeof unitSettingsItem>;

export const clockItem = z.object({
  pk: z.literal('CLOCK#OPEN'),
  sk: z.string(),
  entity: z.literal('legal-clock'),
  referralId: z.string(),
  kind: z.string(),
  subjectId: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
  flag: z.enum(['near', 'overdue']).optional(),
});
export type ClockItem = z.infer<typeof clockItem>;
