import { describe, expect, it } from 'vitest';
import { daysBetween, isUtcDay, isoWeek, periodOf } from './periods';

describe('trend periods', () => {
  it('names ISO weeks across year boundaries', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2025-12-29')).toBe('2026-W01'); // its Monday
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-03-09')).toBe('2026-W11');
  });

  it('groups days by interval and validates days', () => {
    expect(periodOf('2026-02-14', 'month')).toBe('2026-02');
    expect(periodOf('2026-02-14', 'day')).toBe('2026-02-14');
    expect(isUtcDay('2026-02-30')).toBe(false);
    expect(isUtcDay('2026-2-3')).toBe(false);
    expect(isUtcDay('2024-02-29')).toBe(true);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(365);
  });
});
