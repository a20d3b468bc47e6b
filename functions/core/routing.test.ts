import { describe, expect, it } from 'vitest';
import { routeReferral } from './routing';

describe('routeReferral', () => {
  it('sends P1 to escalation and money trails to financial intelligence', () => {
    expect(routeReferral({ priority: 'P1', indicatorTypes: [], webhookPlatform: false })).toEqual(['escalation']);
    expect(routeReferral({ priority: 'P3', indicatorTypes: ['btc'], webhookPlatform: true })).toEqual(['financial']);
    expect(routeReferral({ priority: 'P1', indicatorTypes: ['iban', 'messenger_handle'], webhookPlatform: false })).toEqual(['escalation', 'financial']);
  });

  it('delivers P1 at once to a platform that takes referrals by webhook, and nothing else', () => {
    expect(routeReferral({ priority: 'P1', indicatorTypes: ['btc'], webhookPlatform: true })).toEqual(['escalation', 'urgent-delivery', 'financial']);
    expect(routeReferral({ priority: 'P2', indicatorTypes: [], webhookPlatform: true })).toEqual([]);
  });

  it('keeps ordinary referrals in their platform queue only', () => {
    expect(routeReferral({ priority: 'P4', indicatorTypes: ['messenger_handle'], webhookPlatform: true })).toEqual([]);
  });
});
