import { describe, expect, it } from 'vitest';
import { orderPermissions } from './order-permissions';

describe('who the order screens offer each action to', () => {
  it("follows the API's access table: referrers issue and extend the non-disclosure, liaison records the provider's side, analysts read", () => {
    expect(orderPermissions(['referrer'])).toEqual({ read: true, issue: true, receipt: false, answer: false, restart: false, disclosureDelay: true, crossBorderCopy: false });
    expect(orderPermissions(['liaison'])).toEqual({ read: true, issue: true, receipt: true, answer: true, restart: true, disclosureDelay: true, crossBorderCopy: true });
    expect(orderPermissions(['analyst'])).toEqual({ read: true, issue: false, receipt: false, answer: false, restart: false, disclosureDelay: false, crossBorderCopy: false });
    expect(Object.values(orderPermissions([])).some(Boolean)).toBe(false);
  });

  it('grants what any of several roles grants', () => {
    expect(orderPermissions(['analyst', 'referrer'])).toMatchObject({ read: true, issue: true, receipt: false });
    expect(Object.values(orderPermissions(['admin'])).every(Boolean)).toBe(true);
  });
});
