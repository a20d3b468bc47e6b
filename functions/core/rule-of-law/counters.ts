/**
 * The exact counters behind the yearly transparency reports (STAT#<dimension>#<shard>, sk
 * `<yyyy-mm-dd>#<value>`, counted once per member like every trend counter). Values start
 * with the unit, so the shard partitions serve every unit and a year is one range query per shard.
 */
export const ruleOfLawDimensions = {
  /** Removal orders: member = order id. */
  order: 'tco-order',
  /** Complaints: member = complaint id. */
  complaint: 'tco-complaint',
  /** Trusted flagger notices sent to platforms: member = referral id. */
  notice: 'tf-notice',
  /** What the platform did with a notice: member = referral id. */
  action: 'tf-action',
  /** Time from sending to action, as a histogram bucket: member = referral id. */
  timeToAction: 'tf-tta',
} as const;

export const counterValue = (unit: string, ...parts: string[]): string => [unit, ...parts].join('|');

/** One counter increment: the adapter calls countOnce(dimension, day, value, member) for each. */
export interface CounterIncrement {
  dimension: string;
  day: string;
  value: string;
  member: string;
}
