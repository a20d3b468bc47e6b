import { describe, expect, it } from 'vitest';
import { encodeQueueCursor } from '../lifecycle/queue-cursor';
import { listingWindow, previousDay } from './listing-days';
import { decodeUnitReportCursor, encodeUnitReportCursor } from './unit-report-cursor';

const key = 'k'.repeat(32);
const inside = { day: '2026-12-04', after: { pk: 'REF#ref_0123456789abcdef01234567', sk: 'REPORT#00000000-0000-4000-8000-000000000004', gsi2sk: '2026-12-04T18:30:00.000Z#00000000-0000-4000-8000-000000000004' } };

describe('unit report cursor', () => {
  it('gives back the position it was made from: a day, or a report inside a day', () => {
    expect(decodeUnitReportCursor(key, encodeUnitReportCursor(key, 'eu-iru', inside), 'eu-iru')).toEqual({ ok: true, position: inside });
    expect(decodeUnitReportCursor(key, encodeUnitReportCursor(key, 'eu-iru', { day: '2026-11-19' }), 'eu-iru')).toEqual({ ok: true, position: { day: '2026-11-19' } });
  });

  it("refuses another unit's cursor, an edited one, another kind of cursor and a position outside its day", () => {
    expect(decodeUnitReportCursor(key, encodeUnitReportCursor(key, 'eu-iru', inside), 'fr-pharos').ok).toBe(false);
    const [payload = '', tag = ''] = encodeUnitReportCursor(key, 'eu-iru', inside).split('.');
    const edited = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('eu-iru', 'fr-pharos')).toString('base64url');
    expect(decodeUnitReportCursor(key, `${edited}.${tag}`, 'fr-pharos').ok).toBe(false);
    const queue = encodeQueueCursor(key, { pk: inside.after.pk, sk: 'META', gsi1pk: 'QUEUE#x#new', gsi1sk: `P2#2026-12-04T18:30:00.000Z#ref_0123456789abcdef01234567` });
    expect(decodeUnitReportCursor(key, queue, 'eu-iru').ok).toBe(false);
    expect(decodeUnitReportCursor(key, encodeUnitReportCursor(key, 'eu-iru', { ...inside, day: '2026-12-05' }), 'eu-iru').ok).toBe(false);
    expect(decodeUnitReportCursor(key, encodeUnitReportCursor(key, 'eu-iru', { day: '2026-02-30' }), 'eu-iru').ok).toBe(false);
  });
});

describe('listing days', () => {
  it('steps back over month, year and leap-day boundaries', () => {
    expect(previousDay('2026-12-01')).toBe('2026-11-30');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
  });

  it('covers the retention period, today included', () => {
    expect(listingWindow(new Date('2026-12-06T23:59:59.999Z'))).toEqual({ newestDay: '2026-12-06', oldestDay: '2026-06-07' });
    expect(listingWindow(new Date('2026-12-06T00:00:00.000Z'), 1)).toEqual({ newestDay: '2026-12-06', oldestDay: '2026-12-06' });
  });
});
