import type { EscalationMessageV1 } from '../contract/escalation';
import type { EscalationStore } from '../adapters/stores/escalation-store';
import { afterAckTimeout } from '../core/escalation/escalation-steps';
import { unacknowledgedPagesMetric } from '../../infra/stages';

export interface EscalationClock {
  store: Pick<EscalationStore, 'dueBy' | 'getState' | 'dropOpen' | 'markExhausted'>;
  /** Sends the next step to the escalation queue: the escalation stage pages it, once. */
  enqueue: (message: EscalationMessageV1) => Promise<void>;
}

export interface RepageSummary {
  /** Pages past their time that nobody acknowledged (the alarm's metric). */
  unacknowledged: number;
  repaged: number;
  /** Escalations whose unit head was paged and did not acknowledge either, first seen in this run. */
  exhausted: number;
}

/**
 * Pages whose acknowledgement time ran out: the next step is enqueued, then the clock dropped (a
 * crash in between enqueues it again, and the stage pages each step once). After the unit's head
 * nobody is left to page; the page stays open, counted by the alarm, until someone acknowledges.
 */
export const repageEscalations = async (clock: EscalationClock, now: Date): Promise<RepageSummary> => {
  const at = now.toISOString();
  const summary: RepageSummary = { unacknowledged: 0, repaged: 0, exhausted: 0 };
  for (const open of await clock.store.dueBy(at)) {
    const next = afterAckTimeout(open, await clock.store.getState(open.referralId), now);
    if (next.action === 'wait') continue;
    if (next.action === 'drop') {
      await clock.store.dropOpen(open.ackDueAt, open.referralId);
      continue;
    }
    summary.unacknowledged += 1;
    if (next.action === 'exhausted') {
      if (await clock.store.markExhausted(open, at)) summary.exhausted += 1;
      continue;
    }
    await clock.enqueue({ type: 'referral.escalation', version: 1, referralId: open.referralId, platform: open.platform, priority: open.priority, unit: open.unit, step: next.step });
    await clock.store.dropOpen(open.ackDueAt, open.referralId);
    summary.repaged += 1;
  }
  return summary;
};

/** CloudWatch embedded metric format, like the near-deadline metric: no cloudwatch:PutMetricData needed. */
export const unacknowledgedPagesMetricLine = (count: number, stage: string, now: Date): string =>
  JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: unacknowledgedPagesMetric.namespace, Dimensions: [[unacknowledgedPagesMetric.dimension]], Metrics: [{ Name: unacknowledgedPagesMetric.metricName, Unit: 'Count' }] },
      ],
    },
    [unacknowledgedPagesMetric.dimension]: stage,
    [unacknowledgedPagesMetric.metricName]: count,
  });
