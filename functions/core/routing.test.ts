import { describe, expect, it } from 'vitest';
import { routeReferral } from './routing';

describe('routeReferral', () => {
  it('sends P1 to escalation and money trails to financial intelligence', () => {
    expect(routeReferral({ priority: 'P1', indicatorTypes: [] })).toEqual(['escalation']);
    expect(routeReferral({ priority: 'P3', indicatorTypes: ['btc'] })).toEqual(['financial']);
    expect(routeReferral({ priority: 'P1', indicatorTypes: ['iban', 'messenger_handle'] })).toEqual(['escalation', 'financial']);
  });

  it('keeps ordinary referrals in their platform queue only', () => {
    expect(routeReferral({ priority: 'P4', indicatorTypes: ['messenger_handle'] })).toEqual([]);
  });
});
