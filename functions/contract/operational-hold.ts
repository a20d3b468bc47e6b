import * as z from 'zod';

/** What a unit holds: a post (content), a channel or handle (covers its posts), or an indicator. */
export const holdTargetRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['content', 'channel']), url: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('indicator'), type: z.string().min(1).max(40).describe('an indicator type the pipeline extracts: btc, eth, trx, ltc, doge, xmr, iban, payment_link, messenger_handle'), value: z.string().min(1).max(200) }),
]);
export type HoldTargetRequestV1 = z.infer<typeof holdTargetRequest>;

/** PUT /v1/holds: places the caller's unit's hold on the target, or renews it. */
export const placeHoldRequest = z.strictObject({
  target: holdTargetRequest,
  /** At most 90 days ahead; renewing is placing again with a new expiry. */
  expiresAt: z.iso.datetime({ offset: true }).describe('at most 90 days ahead'),
  /** Seen only by the holding unit's officers. */
  reason: z.string().min(1).max(2000),
  /** Shown to every other unit: whom to call about the hold. */
  contact: z.string().min(1).max(200),
});
export type PlaceHoldRequest = z.infer<typeof placeHoldRequest>;

/** POST /v1/holds/release: the caller's unit releases its hold on the target. */
export const releaseHoldRequest = z.strictObject({ target: holdTargetRequest });

export const holdKind = z.enum(['content', 'channel', 'indicator']);

/** A hold as the holding unit sees it. */
export const operationalHoldView = z.object({
  target: z.object({ kind: holdKind, key: z.string(), label: z.string() }),
  unit: z.string(),
  reason: z.string(),
  contact: z.string(),
  placedBy: z.string(),
  placedAt: z.string(),
  expiresAt: z.string(),
  renewedAt: z.string().optional(),
});

export const holdList = z.object({ holds: z.array(operationalHoldView) });
