import { describe, expect, it } from 'vitest';
import { auditActionName, categoryName, describeChange, evidenceKindName, indicatorSourceName, outcomeName, statusWithOutcome, trendValueName } from './code-names';

describe("the API's codes in the officer's words", () => {
  it('names statuses, outcomes and audit actions, and an outcome the contract does not know by its code', () => {
    expect(describeChange({ from: 'sent', to: 'actioned', outcome: 'geo_blocked' })).toBe('sent → actioned (geo-blocked)');
    expect(describeChange({ from: 'new', to: 'already_gone' })).toBe('new → already gone');
    expect(statusWithOutcome('declined', 'not_actionable')).toBe('declined: not actionable');
    expect(statusWithOutcome('new', undefined)).toBe('new');
    expect(outcomeName('shadow_banned')).toBe('shadow_banned');
    expect(auditActionName('unassigned')).toBe('assignment withdrawn');
  });

  it('names categories and outcomes in trends, and leaves names that are data (platforms, groups) as they are', () => {
    expect(categoryName('attack_planning')).toBe('Attack planning');
    expect(trendValueName('category', 'attack_planning')).toBe('Attack planning');
    expect(trendValueName('outcome', 'no_violation')).toBe('no violation');
    expect(trendValueName('group', 'attack_planning')).toBe('attack_planning');
    expect(evidenceKindName('mhtml')).toBe('page snapshot (MHTML)');
    expect(indicatorSourceName('qr')).toBe('QR code');
    expect(indicatorSourceName('ocr')).toBe('ocr');
  });
});
