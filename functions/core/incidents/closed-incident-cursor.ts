import * as z from 'zod';
import { openCursor, sealCursor } from '../signed-cursor';

/** Where a page of closed incidents ended: the sort key of the last one read, `<closedAt>#<incidentId>`. */
const position = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/**
 * An opaque cursor, HMAC-tagged: closed incidents are read by every officer (an incident is
 * deployment-wide), so it binds no unit, but an edited one is a 400, never a read from a key the
 * API did not hand out.
 */
export const encodeClosedIncidentCursor = (key: string, after: string): string => sealCursor(`closed-incidents:${key}`, [after]);

export type ClosedIncidentCursorResult = { ok: true; after: string } | { ok: false; message: string };

export const decodeClosedIncidentCursor = (key: string, cursor: string): ClosedIncidentCursorResult => {
  const opened = openCursor(`closed-incidents:${key}`, cursor);
  if (!opened.ok) return opened;
  const parsed = position.safeParse(opened.fields[0]);
  return opened.fields.length === 1 && parsed.success ? { ok: true, after: parsed.data } : { ok: false, message: 'cursor is malformed' };
};
