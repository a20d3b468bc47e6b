import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where a page of a dossier's referrals ended: the key of its last item. */
export interface DossierPosition {
  pk: string;
  sk: string;
}

const tagOf = (key: string, payload: string): string => createHmac('sha256', `dossier:${key}`).update(payload).digest('base64url').slice(0, 22);

/**
 * An opaque page cursor of a dossier, HMAC-tagged and bound to the dossier it came from, so an
 * edited cursor or one from another indicator's dossier is a 400, never a read elsewhere.
 */
export const encodeDossierCursor = (key: string, position: DossierPosition): string => {
  const payload = Buffer.from(JSON.stringify([position.pk, position.sk])).toString('base64url');
  return `${payload}.${tagOf(key, payload)}`;
};

export type DossierCursorResult = { ok: true; position: DossierPosition } | { ok: false; message: string };

export const decodeDossierCursor = (key: string, cursor: string, expectedPartition: string): DossierCursorResult => {
  const invalid = (message: string): DossierCursorResult => ({ ok: false, message });
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
  const [pk, sk] = Array.isArray(fields) ? (fields as unknown[]) : [];
  if (typeof pk !== 'string' || typeof sk !== 'string') return invalid('cursor is malformed');
  if (pk !== expectedPartition) return invalid("cursor belongs to another indicator's dossier");
  return { ok: true, position: { pk, sk } };
};
