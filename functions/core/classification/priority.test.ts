import { describe, expect, it } from 'vitest';
import type { ImminenceHit } from './imminence';
import { assignPriority, computeDeadline, type PriorityInput } from './priority';

const base: PriorityInput = {
  officerCategory: 'propaganda',
  urgent: false,
  legalRoute: 'referral',
  suggested: [],
  attackPlanningByLexicon: false,
  imminence: [],
  groups: [],
};
const hit: ImminenceHit = { marker: 'tomorrow', attackTerm: 'attack', evidence: 'time marker "tomorrow" near attack term "attack" at …' };

describe('assignPriority', () => {
  it('P1 when the officer flags a threat to life', () => {
    expect(assignPriority({ ...base, urgent: true }).label).toEqual({
      name: 'priority',
      value: 'P1',
      rule: 'officer-urgent',
      evidence: ['officer-urgent: officer flagged threat to life (urgent=true)'],
    });
  });

  it('P1 for imminence markers when attack planning is the officer category or a lexicon suggestion', () => {
    const officer = assignPriority({ ...base, officerCategory: 'attack_planning', imminence: [hit] });
    expect(officer.priority).toBe('P1');
    expect(officer.label.rule).toBe('imminent-attack-markers');
    expect(officer.label.evidence[0]).toBe(`imminent-attack-markers: officer category attack_planning; ${hit.evidence}`);
    const lexicon = assignPriority({ ...base, suggested: ['attack_planning'], attackPlanningByLexicon: true, imminence: [hit] });
    expect(lexicon.priority).toBe('P1');
  });

  it('not P1 when only the time marker itself suggests attack planning', () => {
    const result = assignPriority({ ...base, suggested: ['attack_planning'], imminence: [hit] });
    expect(result.priority).toBe('P2');
    expect(result.label.rule).toBe('category-attack_planning');
  });

  it('P2 for a removal order, attack planning or instructional material', () => {
    expect(assignPriority({ ...base, legalRoute: 'removal_order' }).label.rule).toBe('removal-order-route');
    expect(assignPriority({ ...base, officerCategory: 'attack_planning' }).priority).toBe('P2');
    expect(assignPriority({ ...base, suggested: ['instructional'] }).label.evidence).toEqual([
      'category-instructional: suggested category instructional (see suggested-category label)',
    ]);
  });

  it('P2 for an indicator on a sanctions list, above fundraising, citing the list entry', () => {
    const sanctions = [{ value: 'ofac-sdn:90001', evidence: ['btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'listed as …'] }];
    const result = assignPriority({ ...base, officerCategory: 'fundraising', sanctions });
    expect(result.priority).toBe('P2');
    expect(result.label).toMatchObject({ rule: 'sanctioned-indicator', evidence: ['sanctioned-indicator: btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 is on ofac-sdn:90001 (see sanctions label)'] });
    expect(assignPriority({ ...base, urgent: true, sanctions }).priority).toBe('P1');
  });

  it('P3 for recruitment, fundraising or a designated group', () => {
    expect(assignPriority({ ...base, officerCategory: 'recruitment' }).priority).toBe('P3');
    expect(assignPriority({ ...base, suggested: ['fundraising'] }).priority).toBe('P3');
    expect(assignPriority({ ...base, groups: ['isil'] }).label).toMatchObject({ value: 'P3', rule: 'designated-group' });
  });

  it('P4 otherwise, saying so', () => {
    expect(assignPriority(base).label).toEqual({ name: 'priority', value: 'P4', rule: 'no-escalation-rule', evidence: ['no P1-P3 rule matched'] });
  });

  it('lists every reason at the winning level, none from lower levels', () => {
    const { label } = assignPriority({ ...base, legalRoute: 'removal_order', officerCategory: 'instructional', groups: ['isil'] });
    expect(label.value).toBe('P2');
    expect(label.evidence.map((line) => line.split(':')[0])).toEqual(['removal-order-route', 'category-instructional']);
  });
});

describe('computeDeadline', () => {
  const platform = { id: 'telegram', referralDeadlineHours: 24, rule: 'platform-table' };

  it('removal-order route: an order to prepare, no one-hour clock until the platform confirms receipt of an issued order (Art. 3(3))', () => {
    const result = computeDeadline({ receivedAt: '2025-03-01T10:15:00Z', legalRoute: 'removal_order', priority: 'P4', platform });
    expect(result.deadlineAt).toBe('2025-03-02T10:15:00.000Z');
    expect(result.label).toMatchObject({ name: 'deadline', value: '2025-03-02T10:15:00.000Z', rule: 'removal-order-to-prepare' });
    expect(result.label.evidence).toContain(
      "order to prepare: the one-hour clock of Regulation (EU) 2021/784 Art. 3(3) starts at the platform's confirmed receipt of the issued order, not at this report",
    );
  });

  it('removal-order route with a threat to life: the P1 one-hour cap, still no order clock', () => {
    const result = computeDeadline({ receivedAt: '2025-03-01T10:15:00Z', legalRoute: 'removal_order', priority: 'P1', platform });
    expect(result).toMatchObject({ deadlineAt: '2025-03-01T11:15:00.000Z', label: { rule: 'p1-threat-to-life-cap-1h' } });
    expect(result.label.evidence.some((line) => line.startsWith('order to prepare:'))).toBe(true);
  });

  it('referral: the platform deadline', () => {
    const result = computeDeadline({ receivedAt: '2025-03-01T10:15:00.500Z', legalRoute: 'referral', priority: 'P3', platform });
    expect(result.deadlineAt).toBe('2025-03-02T10:15:00.500Z');
    expect(result.label.rule).toBe('platform-referral-deadline');
    expect(result.label.evidence).toContain('platform telegram: 24 h (platform rule: platform-table)');
  });

  it('P1 caps a referral deadline at one hour, but never lengthens a shorter one', () => {
    expect(computeDeadline({ receivedAt: '2025-03-01T10:00:00Z', legalRoute: 'referral', priority: 'P1', platform })).toMatchObject({
      deadlineAt: '2025-03-01T11:00:00.000Z',
      label: { rule: 'p1-threat-to-life-cap-1h' },
    });
    const fast = { ...platform, referralDeadlineHours: 0.5 };
    expect(computeDeadline({ receivedAt: '2025-03-01T10:00:00Z', legalRoute: 'referral', priority: 'P1', platform: fast })).toMatchObject({
      deadlineAt: '2025-03-01T10:30:00.000Z',
      label: { rule: 'platform-referral-deadline' },
    });
  });
});
