import { referralCounterPartition } from './counter-cells';
import { ruleOfLawDimensions } from '../rule-of-law/counters';

/**
 * Trend counters (`STAT#<dimension>#<shard>`, sk `<yyyy-mm-dd>#...`, see counter-cells.ts) are
 * counted once per id by a claim item that records the count (adapters/stores/counter-claims.ts).
 * Once no repeat of the write that counted can arrive any more, the scheduler closes the day
 * ("compaction"): it marks the shards `compactedAt`, after which they refuse every count, and
 * writes the day's rollups, so a long trend reads one small item per closed day and value.
 *
 * A dimension may be compacted only if its counter day is the day the counting write was first
 * attempted (a server clock), so "no first count after the window" follows from the queues' retention.
 * Every countOnce caller is listed here or in `uncompactedCounterDimensions`, with its reason.
 */
export const compactedCounterDimensions = [
  // Process stage (ingest queue): day = firstReportedAt = the creating submission's acceptedAt.
  // One partition holds all, category, platform, group, language and priority (counter-cells.ts).
  referralCounterPartition,
  // Process stage: day = the submission's acceptedAt.
  'unit',
  // Lifecycle (API, delivery queue, signed callbacks): day = closedAt, set by the closing write.
  'outcome',
  'platform-outcome',
  'tta',
  // Rule-of-law lifecycle hook: notice day = sentAt, action and time to action day = closedAt.
  ruleOfLawDimensions.notice,
  ruleOfLawDimensions.action,
  ruleOfLawDimensions.timeToAction,
] as const;

/**
 * Never closed: a first count can legitimately land on a day long past, which a closed day would
 * refuse (its claim tells a repeat from a first count, but the rollup would not include it).
 */
export const uncompactedCounterDimensions = {
  // A later report of the same content counts its new wallets on the referral's first day.
  indicator: 'later reports count on the referral first day, months later',
  // Orders and complaints are counted on officer-entered dates (issuedAt, receivedAt, decidedAt...).
  [ruleOfLawDimensions.order]: 'counted on officer-entered dates',
  [ruleOfLawDimensions.complaint]: 'counted on officer-entered dates',
} as const;

export interface QueueRetention {
  retentionDays: number;
  deadLetterRetentionDays: number;
}

/**
 * The window the scheduler uses unless its configuration says otherwise: the one the queues of
 * infra/resources.ts give (14-day queues and DLQs: 28 days + the margin), which a test checks.
 */
export const defaultCounterCompactionWindowDays = 30;

/** Slack for clock skew and for a write started just before midnight that lands after it. */
export const compactionMarginDays = 2;

/**
 * Days after a counter day during which a repeat of its counting write can still arrive.
 * A standard queue's message expires `max(queue, DLQ)` days after it was first enqueued (moving
 * it to the DLQ keeps the enqueue time), and a DLQ redrive enqueues it again as a new message
 * (new enqueue time), good for another `retentionDays`. One redrive is covered; a message
 * redriven twice past the window is refused by countOnce and logged, never counted twice.
 */
export const counterCompactionWindowDays = (queues: Record<string, QueueRetention>): number => {
  const lifetimes = Object.values(queues).map((queue) => Math.max(queue.retentionDays, queue.deadLetterRetentionDays) + queue.retentionDays);
  if (lifetimes.length === 0) throw new Error('no queue retention to derive the counter compaction window from');
  return Math.max(...lifetimes) + compactionMarginDays;
};

/**
 * The first day whose counters must stay open at `now`: days strictly before it are closed and
 * past the window. A day D takes its last first-count just before D+1 00:00, whose repeats end
 * by D+1+window, so D is compactable iff D+1+window <= now, i.e. D < utcDay(now - window).
 */
export const compactionCutoffDay = (now: Date, windowDays: number): string => {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error(`compaction window must be a positive whole number of days, got ${windowDays}`);
  return new Date(now.getTime() - windowDays * 86_400_000).toISOString().slice(0, 10);
};
