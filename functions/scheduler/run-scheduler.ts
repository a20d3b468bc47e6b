import { referralsNearDeadlineMetric } from '../../infra/stages';
import type { Stores } from '../adapters/create-stores';
import { utcDay } from '../core/referral-id';
import { urgencyOf, widestNearWindowMs, type ClockKind } from '../core/rule-of-law/clocks';
import { isHeld } from '../core/rule-of-law/legal-hold';
import { compactionCutoffDay } from '../core/trends/counter-compaction';
import { purgeVerdict } from '../core/rule-of-law/retention';
import { anchorAuditDay, type AnchorOutcome, type AuditAnchoring } from './anchor-audit-day';
import { repageEscalations, unacknowledgedPagesMetricLine, type EscalationClock, type RepageSummary } from './repage-escalations';

export interface SchedulerDependencies {
  stores: Pick<Stores, 'clocks' | 'retention' | 'referrals' | 'holds' | 'counterCompaction'>;
  /** Days a closed referral's data is kept without a hold. */
  retentionDays: number;
  stage: string;
  /**
   * Trend counters whose days closed more than `windowDays` ago are closed and rolled up
   * (core/trends/counter-compaction.ts); `dimensions` are the counter partitions that may be.
   */
  counters: { dimensions: readonly string[]; windowDays: number };
  /** Writes one line to the function's log (stdout): the embedded-metric-format record. */
  emit: (line: string) => void;
  /**
   * Local stack only: dynalite has no TTL, so expired technical items (`expiresAt`) are found by a
   * scan and deleted here; in the cloud DynamoDB TTL deletes them.
   */
  scanExpiredItems?: boolean;
  /** Unacknowledged P1 pages: the next contact is paged when the time runs out (absent where no escalation queue is configured). */
  escalations?: EscalationClock;
  /** The daily anchor of the audit chains (anchor-audit-day.ts). */
  auditAnchoring?: AuditAnchoring;
}

export interface SchedulerSummary {
  nearDeadline: number;
  overdue: number;
  flagged: number;
  purgedReferrals: number;
  /** Evidence artifacts deleted with purged referrals (those no other referral cites). */
  evidenceDeleted: number;
  /** Image hashes and videos of purged referrals deleted from the `referrals` hash bank. */
  mediaHashesDeleted: number;
  keptUnderHold: number;
  expiredItemsDeleted: number;
  /** Counter shard items closed (`compactedAt` set) in this run. */
  countersCompacted: number;
  /** Rollup items (dimension, closed day, value) written in this run. */
  counterRollups: number;
  /** Unacknowledged pages past their time, re-paged, and exhausted (see repage-escalations.ts). */
  escalations: RepageSummary;
  /** The day the audit chains were anchored for, and whether this run did it. */
  auditAnchor?: AnchorOutcome;
}

/**
 * CloudWatch embedded metric format: the log line itself carries the metric, so the function
 * needs no cloudwatch:PutMetricData permission (see infra/stages.ts referralsNearDeadlineMetric).
 */
export const nearDeadlineMetricLine = (count: number, stage: string, now: Date): string =>
  JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: referralsNearDeadlineMetric.namespace, Dimensions: [[referralsNearDeadlineMetric.dimension]], Metrics: [{ Name: referralsNearDeadlineMetric.metricName, Unit: 'Count' }] },
      ],
    },
    [referralsNearDeadlineMetric.dimension]: stage,
    [referralsNearDeadlineMetric.metricName]: count,
  });

/**
 * One run of the scheduled job at `now` (injected: tests pass their own clock):
 * 1. flags legal clocks near or past their deadline (audited once per flag) and emits how many
 *    referrals are near or past one;
 * 2. purges the data of closed referrals past retention, never one under legal hold
 *    (Regulation (EU) 2021/784 Art. 6), re-scheduling held ones for when their hold ends;
 * 3. compacts trend counters past the redelivery window, so trend reads stay proportional to days;
 * 4. locally, deletes expired technical items (no TTL in dynalite), again never under a hold.
 * 5. once a day, anchors the audit chains that moved the day before (anchor-audit-day.ts).
 * First of all, it pages the next contact for every P1 page nobody acknowledged in time.
 */
export const runScheduler = async (deps: SchedulerDependencies, now: Date): Promise<SchedulerSummary> => {
  const at = now.toISOString();
  const escalations = deps.escalations ? await repageEscalations(deps.escalations, now) : { unacknowledged: 0, repaged: 0, exhausted: 0 };
  if (deps.escalations) deps.emit(unacknowledgedPagesMetricLine(escalations.unacknowledged, deps.stage, now));

  const clocks = await deps.stores.clocks.dueBefore(new Date(now.getTime() + widestNearWindowMs).toISOString());
  const near = new Set<string>();
  const overdue = new Set<string>();
  let flagged = 0;
  for (const clock of clocks) {
    const urgency = urgencyOf(clock.kind as ClockKind, clock.dueAt, now);
    if (urgency === 'calm') continue;
    (urgency === 'near' ? near : overdue).add(clock.referralId);
    if (await deps.stores.clocks.flag(clock, urgency, at)) flagged += 1;
  }
  const nearOrPast = new Set([...near, ...overdue]);
  deps.emit(nearDeadlineMetricLine(nearOrPast.size, deps.stage, now));

  let purgedReferrals = 0;
  let evidenceDeleted = 0;
  let mediaHashesDeleted = 0;
  let keptUnderHold = 0;
  for (const due of await deps.stores.retention.due(utcDay(at))) {
    const referral = await deps.stores.referrals.get(due.referralId);
    if (referral) {
      const hold = await deps.stores.holds.get(referral.referralId);
      const verdict = purgeVerdict({ ...(referral.closedAt ? { closedAt: referral.closedAt } : {}), ...(hold ? { hold } : {}), retentionDays: deps.retentionDays, now });
      if (verdict.purge) {
        const purged = await deps.stores.retention.purgeReferral(referral, at);
        evidenceDeleted += purged.evidenceDeleted;
        mediaHashesDeleted += purged.mediaHashesDeleted;
        purgedReferrals += 1;
      } else {
        if (verdict.reason === 'held') keptUnderHold += 1;
        // Checked again when retention or the hold ends; an open referral is scheduled again when it closes.
        if (verdict.recheckAt && utcDay(verdict.recheckAt) !== due.day) await deps.stores.retention.schedule(referral.referralId, verdict.recheckAt);
        if (verdict.recheckAt && utcDay(verdict.recheckAt) === due.day) continue;
      }
    }
    await deps.stores.retention.drop(due.day, due.referralId);
  }

  const cutoffDay = compactionCutoffDay(now, deps.counters.windowDays);
  let countersCompacted = 0;
  let counterRollups = 0;
  for (const dimension of deps.counters.dimensions) {
    const compaction = await deps.stores.counterCompaction.compactDimension(dimension, cutoffDay, at);
    countersCompacted += compaction.compacted;
    counterRollups += compaction.rollups;
  }

  const expiredItemsDeleted = deps.scanExpiredItems ? await deleteExpiredItems(deps, now) : 0;
  const auditAnchor = deps.auditAnchoring ? await anchorAuditDay(deps.auditAnchoring, now) : undefined;
  return {
    nearDeadline: near.size,
    overdue: overdue.size,
    flagged,
    purgedReferrals,
    evidenceDeleted,
    mediaHashesDeleted,
    keptUnderHold,
    expiredItemsDeleted,
    countersCompacted,
    counterRollups,
    escalations,
    ...(auditAnchor ? { auditAnchor } : {}),
  };
};

const deleteExpiredItems = async (deps: SchedulerDependencies, now: Date): Promise<number> => {
  let deleted = 0;
  for await (const expired of deps.stores.retention.expiredItems(now)) {
    // Items under legal hold carry no expiresAt; a referral's item that does is still kept while held.
    if (expired.referralId !== undefined && isHeld(await deps.stores.holds.get(expired.referralId), now)) continue;
    await deps.stores.retention.deleteItem(expired.key);
    deleted += 1;
  }
  return deleted;
};
