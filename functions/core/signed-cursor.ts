import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque page cursors: fields tagged with an HMAC, so a cursor edited by hand is refused, never
 * a read of something the caller did not ask for. `domain` keeps one kind of cursor from passing
 * for another (a dossier's for a queue's).
 */
const tagOf = (key: string, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);

export const sealCursor = (key: string, fields: readonly string[]): string => {
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${tagOf(key, payload)}`;
};

export type OpenedCursor = { ok: true; fields: unknown[] } | { ok: false; message: string };

export const openCursor = (key: string, cursor: string): OpenedCursor => {
  const invalid = (message: string): OpenedCursor => ({ ok: false, message });
  if (cursor.length > 1_000) return invalid('cursor is too long');
  const [payload, tag, ...rest] = cursor.split('.');
  if (!payload || !tag || rest.length > 0) return invalid('cursor is malformed');
  const expected = Buffer.from(tagOf(key, payload));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid('cursor was not issued by this API or was altered');
  try {
    const fields: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return Array.isArray(fields) ? { ok: true, fields } : invalid('cursor is malformed');
  } catch {
    return invalid('cursor is malformed');
  }
};
