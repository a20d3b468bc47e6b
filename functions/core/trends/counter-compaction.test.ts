import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queues } from '../../../infra/resources';
import { ruleOfLawDimensions } from '../rule-of-law/counters';
import { referralCounterPartition } from './counter-cells';
import { compactedCounterDimensions, compactionCutoffDay, compactionMarginDays, counterCompactionWindowDays, uncompactedCounterDimensions } from './counter-compaction';

const dayMs = 86_400_000;

describe('counter compaction window', () => {
  it('covers the longest message life: max(queue, DLQ) retention, one redrive and the margin', () => {
    expect(counterCompactionWindowDays({ ingest: { retentionDays: 14, deadLetterRetentionDays: 14 } })).toBe(14 + 14 + compactionMarginDays);
    // A longer DLQ keeps the message longer; the redrive then enqueues it anew in the source queue.
    expect(counterCompactionWindowDays({ a: { retentionDays: 4, deadLetterRetentionDays: 14 }, b: { retentionDays: 7, deadLetterRetentionDays: 7 } })).toBe(14 + 4 + compactionMarginDays);
    expect(counterCompactionWindowDays({ a: { retentionDays: 4, deadLetterRetentionDays: 4 }, b: { retentionDays: 10, deadLetterRetentionDays: 2 } })).toBe(20 + compactionMarginDays);
    expect(() => counterCompactionWindowDays({})).toThrow();
  });

  it('is derived from the deployed queues (14-day queues and DLQs: 30 days)', () => {
    expect(counterCompactionWindowDays(queues)).toBe(30);
  });
});

describe('compaction cutoff day', () => {
  it('keeps every day whose last count may still be repeated', () => {
    const window = 30;
    const now = new Date('2026-03-31T10:00:00.000Z');
    const cutoff = compactionCutoffDay(now, window);
    expect(cutoff).toBe('2026-03-01');
    // 2026-02-28 (compacted): its last first-count ran before 03-01T00:00, repeats end by 03-31T00:00 <= now.
    expect(Date.parse('2026-02-28T00:00:00.000Z') + dayMs + window * dayMs).toBeLessThanOrEqual(now.getTime());
    // 2026-03-01 (kept): a count at 23:59 may be repeated until 03-31T23:59 > now.
    expect(Date.parse('2026-03-01T00:00:00.000Z') + dayMs + window * dayMs).toBeGreaterThan(now.getTime());
  });

  it('moves at midnight UTC, not before', () => {
    expect(compactionCutoffDay(new Date('2026-03-30T23:59:59.999Z'), 30)).toBe('2026-02-28');
    expect(compactionCutoffDay(new Date('2026-03-31T00:00:00.000Z'), 30)).toBe('2026-03-01');
    // Across a year end and a leap day.
    expect(compactionCutoffDay(new Date('2027-01-15T12:00:00.000Z'), 30)).toBe('2026-12-16');
    expect(compactionCutoffDay(new Date('2028-03-30T00:00:00.000Z'), 30)).toBe('2028-02-29');
  });

  it('refuses a window that is not a positive whole number of days', () => {
    expect(() => compactionCutoffDay(new Date(), 0)).toThrow();
    expect(() => compactionCutoffDay(new Date(), 1.5)).toThrow();
  });
});

describe('counter dimensions', () => {
  it('lists every counter dimension once, compacted or kept with a reason', () => {
    const compacted: readonly string[] = compactedCounterDimensions;
    const kept = Object.keys(uncompactedCounterDimensions);
    expect(new Set([...compacted, ...kept]).size).toBe(compacted.length + kept.length);
    for (const dimension of Object.values(ruleOfLawDimensions)) expect([...compacted, ...kept]).toContain(dimension);
    // Every dimension the process stage and the lifecycle count (read from their source, so a new one fails here).
    const source = ['../../process/process-report.ts', '../lifecycle/referral-lifecycle.ts'].map((file) => readFileSync(join(__dirname, file), 'utf8')).join('\n');
    const literal = [...source.matchAll(/countOnce\('([a-z-]+)'/g)].map((match) => match[1]);
    expect(literal.length).toBeGreaterThan(4);
    for (const dimension of literal) expect([...compacted, ...kept]).toContain(dimension);
    // The referral cells (all, category, platform, ...) are counted in their own partition.
    expect(source).toMatch(/countReferral\(/);
    expect(compacted).toContain(referralCounterPartition);
  });
});
