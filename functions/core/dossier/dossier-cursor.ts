import { openCursor, sealCursor } from '../signed-cursor';

/** Where a page of a dossier's referrals ended: the key of its last item. */
export interface DossierPosition {
  pk: string;
  sk: string;
}

/**
 * An opaque page cursor of a dossier, HMAC-tagged and bound to the dossier it came from, so an
 * edited cursor or one from another indicator's dossier is a 400, never a read elsewhere.
 */
export const encodeDossierCursor = (key: string, position: DossierPosition): string => sealCursor(`dossier:${key}`, [position.pk, position.sk]);

export type DossierCursorResult = { ok: true; position: DossierPosition } | { ok: false; message: string };

export const decodeDossierCursor = (key: string, cursor: string, expectedPartition: string): DossierCursorResult => {
  const opened = openCursor(`dossier:${key}`, cursor);
  if (!opened.ok) return opened;
  const [pk, sk] = opened.fields;
  if (typeof pk !== 'string' || typeof sk !== 'string') return { ok: false, message: 'cursor is malformed' };
  if (pk !== expectedPartition) return { ok: false, message: "cursor belongs to another indicator's dossier" };
  return { ok: true, position: { pk, sk } };
};
