import { describe, expect, it } from 'vitest';
import { indicatorHref, legalHref, orderHref, routeFromHash, routeParams, screensFor } from './router';

describe('the dashboard router', () => {
  it('offers the screens a session may open', () => {
    expect(screensFor({ queue: true, trends: false, upload: false, reports: false, indicators: false, incidents: false, admin: false })).toEqual(['queue', 'orders', 'legal']);
    expect(screensFor({ queue: false, trends: false, upload: true, reports: true, indicators: true, incidents: true, admin: false })).toEqual(['reports', 'indicators', 'orders', 'incidents', 'legal']);
    expect(screensFor({ queue: true, trends: true, upload: true, reports: true, indicators: true, incidents: true, admin: true })).toEqual(['queue', 'trends', 'reports', 'indicators', 'orders', 'incidents', 'legal', 'admin']);
    expect(screensFor({ queue: false, trends: false, upload: true, reports: false, indicators: false, incidents: false, admin: false })).toEqual(['reports']);
  });

  it('opens the screen the hash names, or the first allowed one for an unknown or forbidden hash', () => {
    expect(routeFromHash('#/trends', ['queue', 'trends'])).toBe('trends');
    expect(routeFromHash('#/trends/extra', ['queue', 'trends'])).toBe('trends');
    expect(routeFromHash('', ['queue', 'trends'])).toBe('queue');
    expect(routeFromHash('#/queue', ['reports'])).toBe('reports');
    expect(routeFromHash('#/queue', [])).toBeUndefined();
  });

  it("reads an indicator's type and value back from the hash it writes, whatever the value holds", () => {
    const link = 'https://pay.example/donate?to=a/b#x';
    const hash = indicatorHref('payment_link', link);
    expect(routeFromHash(hash, ['queue', 'indicators'])).toBe('indicators');
    expect(routeParams(hash)).toEqual(['payment_link', link]);
    expect(routeParams('#/indicators/btc/%E0%A4%A')).toEqual(['btc', '%E0%A4%A']);
  });

  it("opens a referral's removal order from its hash", () => {
    const hash = orderHref('ref_0123456789abcdef01234567');
    expect(routeFromHash(hash, ['queue', 'orders'])).toBe('orders');
    expect(routeParams(hash)).toEqual(['ref_0123456789abcdef01234567']);
  });

  it("opens a referral's legal hold, complaints and legal audit from its hash", () => {
    const hash = legalHref('ref_0123456789abcdef01234567');
    expect(routeFromHash(hash, ['queue', 'orders', 'legal'])).toBe('legal');
    expect(routeParams(hash)).toEqual(['ref_0123456789abcdef01234567']);
  });
});
