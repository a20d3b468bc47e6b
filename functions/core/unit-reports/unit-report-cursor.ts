import * as z from 'zod';
import { openCursor, sealCursor } from '../signed-cursor';

/**
 * Where a page of a unit's reports ended: the day to read next and, inside that day, the last
 * report read (absent: the day from its newest report).
 */
export interface UnitReportPosition {
  day: string;
  after?: { pk: string; sk: string; gsi2sk: string };
}

const day = z.iso.date();
const after = z.strictObject({
  pk: z.string().regex(/^REF#ref_[0-9a-f]{24}$/),
  sk: z.string().regex(/^REPORT#[0-9a-f-]{36}$/),
  gsi2sk: z.string().max(200),
});

/**
 * An opaque cursor, HMAC-tagged and bound to the unit whose reports it pages, so a cursor edited
 * by hand or from another unit is a 400, never a read of another unit's reports.
 */
export const encodeUnitReportCursor = (key: string, unit: string, position: UnitReportPosition): string =>
  sealCursor(`reports:${key}`, position.after ? [unit, position.day, position.after.pk, position.after.sk, position.after.gsi2sk] : [unit, position.day]);

export type UnitReportCursorResult = { ok: true; position: UnitReportPosition } | { ok: false; message: string };

export const decodeUnitReportCursor = (key: string, cursor: string, unit: string): UnitReportCursorResult => {
  const opened = openCursor(`reports:${key}`, cursor);
  if (!opened.ok) return opened;
  const [cursorUnit, cursorDay, ...rest] = opened.fields;
  if (cursorUnit !== unit) return { ok: false, message: "cursor belongs to another unit's reports" };
  const parsedDay = day.safeParse(cursorDay);
  if (!parsedDay.success) return { ok: false, message: 'cursor is malformed' };
  if (rest.length === 0) return { ok: true, position: { day: parsedDay.data } };
  const [pk, sk, gsi2sk] = rest;
  const parsedAfter = after.safeParse({ pk, sk, gsi2sk });
  // A position inside a day names a report of that day: its sort key starts with the day.
  if (rest.length !== 3 || !parsedAfter.success || !parsedAfter.data.gsi2sk.startsWith(`${parsedDay.data}T`)) return { ok: false, message: 'cursor is malformed' };
  return { ok: true, position: { day: parsedDay.data, after: parsedAfter.data } };
};
