import { openCursor, sealCursor } from '../signed-cursor';
import * as z from 'zod';

/** Where a queue page ended: the gsi1 LastEvaluatedKey of a referral item. */
export interface QueuePosition {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

const position = z.strictObject({
  pk: z.string().regex(/^REF#ref_[0-9a-f]{24}$/),
  sk: z.literal('META'),
  gsi1pk: z.string().min(1).max(300),
  gsi1sk: z.string().regex(/^P[1-4]#[^#]+#ref_[0-9a-f]{24}$/),
});

/**
 * An opaque page cursor: the position, bound to the queue it came from and tagged with an
 * HMAC, so a cursor edited by hand or taken from another platform's queue is a 400, never
 * a read of something the caller did not ask for.
 */
export const encodeQueueCursor = (key: string, value: QueuePosition): string => sealCursor(key, [value.pk, value.sk, value.gsi1pk, value.gsi1sk]);

export type CursorResult = { ok: true; position: QueuePosition } | { ok: false; message: string };

export const decodeQueueCursor = (key: string, cursor: string, expectedQueue: string): CursorResult => {
  const opened = openCursor(key, cursor);
  if (!opened.ok) return opened;
  const [pk, sk, gsi1pk, gsi1sk] = opened.fields;
  const parsed = position.safeParse({ pk, sk, gsi1pk, gsi1sk });
  if (!parsed.success) return { ok: false, message: 'cursor is malformed' };
  if (parsed.data.gsi1pk !== expectedQueue) return { ok: false, message: 'cursor belongs to another queue or status' };
  return { ok: true, position: parsed.data };
};
