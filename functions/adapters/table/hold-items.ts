import * as z from 'zod';

// Operational holds (core/holds): one item per (target, unit), a copy in the unit's partition, and events

export const holdTargetItem = z.object({ kind: z.enum(['content', 'channel', 'indicator']), key: z.string(), label: z.string() });

export const operationalHoldItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.enum(['operational-hold', 'unit-hold']),
  target: holdTargetItem,
  unit: z.string(),
  reason: z.string(),
  contact: z.string(),
  placedBy: z.string(),
  placedAt: z.string(),
  expiresAt: z.string(),
  renewedAt: z.string().optional(),
});
export type OperationalHoldItem = z.infer<typeof operationalHoldItem>;

export const holdEventItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('hold-event'),
  eventId: z.string(),
  targetKey: z.string(),
  action: z.enum(['placed', 'renewed', 'released', 'refused']),
  /** The unit whose hold it is. */
  holdingUnit: z.string(),
  at: z.string(),
  officerId: z.string(),
  officerUnit: z.string(),
  /** For a refusal: what was refused, and on which referral. */
  refused: z.string().optional(),
  referralId: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type HoldEventItem = z.infer<typeof holdEventItem>;
