import { describe, expect, it } from 'vitest';
import { encodeUnitReportCursor } from '../unit-reports/unit-report-cursor';
import { decodeClosedIncidentCursor, encodeClosedIncidentCursor } from './closed-incident-cursor';

const key = 'k'.repeat(32);
const after = '2026-12-04T18:30:00.000Z#0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c';

describe('closed incident cursor', () => {
  it('gives back the position it was made from', () => {
    expect(decodeClosedIncidentCursor(key, encodeClosedIncidentCursor(key, after))).toEqual({ ok: true, after });
  });

  it('refuses an edited cursor, one of another key or kind, and a position that is no closed incident key', () => {
    const [payload = '', tag = ''] = encodeClosedIncidentCursor(key, after).split('.');
    const edited = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('2026-12-04', '2027-12-04')).toString('base64url');
    expect(decodeClosedIncidentCursor(key, `${edited}.${tag}`).ok).toBe(false);
    expect(decodeClosedIncidentCursor('o'.repeat(32), encodeClosedIncidentCursor(key, after)).ok).toBe(false);
    expect(decodeClosedIncidentCursor(key, encodeUnitReportCursor(key, 'eu-iru', { day: '2026-12-04' })).ok).toBe(false);
    expect(decodeClosedIncidentCursor(key, encodeClosedIncidentCursor(key, 'REF#ref_0123456789abcdef01234567')).ok).toBe(false);
  });
});
