import { describe, expect, it } from 'vitest';
import { routeFromHash, screensFor } from './router';

describe('the dashboard router', () => {
  it('offers the screens a session may open', () => {
    expect(screensFor({ queue: true, trends: false, upload: false, reports: false })).toEqual(['queue']);
    expect(screensFor({ queue: false, trends: false, upload: true, reports: true })).toEqual(['reports']);
    expect(screensFor({ queue: true, trends: true, upload: true, reports: true })).toEqual(['queue', 'trends', 'reports']);
  });

  it('opens the screen the hash names, or the first allowed one for an unknown or forbidden hash', () => {
    expect(routeFromHash('#/trends', ['queue', 'trends'])).toBe('trends');
    expect(routeFromHash('#/trends/extra', ['queue', 'trends'])).toBe('trends');
    expect(routeFromHash('', ['queue', 'trends'])).toBe('queue');
    expect(routeFromHash('#/queue', ['reports'])).toBe('reports');
    expect(routeFromHash('#/queue', [])).toBeUndefined();
  });
});
