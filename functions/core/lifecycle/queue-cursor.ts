import { createHmac, timingSafeEqual } from 'node:crypto';
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

const tagOf = (key: string, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);

/**
 * An opaque page cursor: the position, bound to the queue it came from and tagged with an
 * HMAC, so a cursor edited by hand or taken from another platform's queue is a 400, never
 * a read of something the caller did not ask for.
 */
export const encodeQueueCursor = (key: string, value: QueuePosition): string => {
  const payload = Buffer.from(JSON.stringify([value.pk, value.sk, value.gsi1pk, value.gsi1sk])).toString('base64url');
  return `${payload}.${tagOf(key, payload)}`;
};

export type CursorResult = { ok: true; position: QueuePosition } | { ok: false; message: string };

export const decodeQueueCursor = (key: string, cursor: string, expectedQueue: string): CursorResult => {
  const invalid = (message: string): CursorResult => ({ ok: false, message });
  if (cursor.length > 1_000) return invalid('cursor is too long');
  const [payload, tag, ...rest] = cursor.split('.');
  if (!payload || !tag || rest.length > 0) return invalid('cursor is malformed');
  const expected = Buffer.from(tagOf(key, payload));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid('cursor was not issued by this API or was altered');
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid('cursor is malformed');
  }
  const [pk, sk, gsi1pk, gsi1sk] = Array.isArray(fields) ? (fields as unknown[]) : [];
  const parsed = position.safeParse({ pk, sk, gsi1pk, gsi1sk });
  if (!parsed.success) return invalid('cursor is malformed');
  if (parsed.data.gsi1pk !== expectedQueue) return invalid('cursor belongs to another queue or status');
  return { ok: true, position: parsed.data };
};
