import type { Category } from '../../contract/report';
import type { OrderAnswerRequest } from '../../contract/rule-of-law';
import { utcDay } from '../referral-id';
import { bucketLabel, bucketOf } from '../trends/histogram';
import { dueAtOf, legalClocks } from './clocks';
import type { Complaint } from './complaints';
import { counterValue, ruleOfLawDimensions, type CounterIncrement } from './counters';
import { removalClockStart, secondsToComply, type RemovalOrder } from './removal-order';

/** What the rule-of-law hooks read of a referral after a lifecycle change. */
export interface ReferralSnapshot {
  referralId: string;
  platform: string;
  category: Category;
  units: readonly string[];
  status: string;
  outcome?: string;
  sentAt?: string;
  closedAt?: string;
  /** When the current status was reached (the last audit event's time). */
  statusAt?: string;
}

/** Art. 6(2) preserves content that was removed or to which access was disabled. */
const preservedOutcomes = ['removed', 'geo_blocked'];

/** The time the platform removed or disabled the content, when it did; starts the six months of Art. 6(2). */
export const removalTime = (snapshot: ReferralSnapshot): string | undefined =>
  snapshot.status === 'actioned' && snapshot.outcome !== undefined && preservedOutcomes.includes(snapshot.outcome) ? snapshot.closedAt : undefined;

/**
 * Trusted flagger counters (DSA Art. 22(3)) of a referral: the notice when it was sent, the
 * action and the time to it when it closed. Derived from the stored referral only, so a
 * retry counts nothing twice.
 */
export const noticeIncrements = (snapshot: ReferralSnapshot): CounterIncrement[] => {
  const increments: CounterIncrement[] = [];
  const member = snapshot.referralId;
  for (const unit of snapshot.units) {
    if (snapshot.sentAt !== undefined) {
      increments.push({ dimension: ruleOfLawDimensions.notice, day: utcDay(snapshot.sentAt), value: counterValue(unit, snapshot.platform, snapshot.category), member });
    }
    if (snapshot.closedAt !== undefined && snapshot.sentAt !== undefined) {
      const label = snapshot.outcome ?? snapshot.status;
      const day = utcDay(snapshot.closedAt);
      increments.push({ dimension: ruleOfLawDimensions.action, day, value: counterValue(unit, snapshot.platform, snapshot.category, label), member });
      if (snapshot.status === 'actioned') {
        const seconds = Math.max(0, (Date.parse(snapshot.closedAt) - Date.parse(snapshot.sentAt)) / 1000);
        increments.push({ dimension: ruleOfLawDimensions.timeToAction, day, value: counterValue(unit, snapshot.platform, bucketLabel(bucketOf(seconds))), member });
      }
    }
  }
  return increments;
};

/** Authority counters (Regulation (EU) 2021/784 Art. 8) of one order, from its stored state. */
export const orderIncrements = (order: RemovalOrder): CounterIncrement[] => {
  const unit = order.issuingUnit;
  const member = order.orderId;
  const d = ruleOfLawDimensions.order;
  const increments: CounterIncrement[] = [{ dimension: d, day: utcDay(order.issuedAt), value: counterValue(unit, 'issued'), member }];
  if (order.crossBorder) increments.push({ dimension: d, day: utcDay(order.issuedAt), value: counterValue(unit, 'cross-border'), member });
  const answer = order.answer;
  if (answer) {
    const day = utcDay(answer.at);
    if (answer.outcome === 'cannot_comply') {
      increments.push({ dimension: d, day, value: counterValue(unit, 'not-complied', answer.reason ?? 'unknown'), member });
    } else {
      increments.push({ dimension: d, day, value: counterValue(unit, answer.outcome), member });
      const seconds = secondsToComply(order);
      const start = removalClockStart(order);
      if (seconds !== undefined && start !== undefined) {
        const inTime = Date.parse(answer.at) <= Date.parse(dueAtOf({ kind: 'tco-removal', startedAt: start }));
        increments.push({ dimension: d, day, value: counterValue(unit, inTime ? 'within-1h' : 'after-1h'), member });
        increments.push({ dimension: d, day, value: counterValue(unit, 'tta', bucketLabel(bucketOf(seconds))), member });
      }
    }
  }
  const scrutiny = order.scrutiny;
  if (scrutiny?.requestedAt) increments.push({ dimension: d, day: utcDay(scrutiny.requestedAt), value: counterValue(unit, 'scrutiny-requested'), member });
  if (scrutiny?.decision && scrutiny.decidedAt) increments.push({ dimension: d, day: utcDay(scrutiny.decidedAt), value: counterValue(unit, 'scrutiny', scrutiny.decision), member });
  return increments;
};

/** Complaint counters (Art. 8(1) and Art. 10): received, decided (in time or late), reinstated. */
export const complaintIncrements = (complaint: Complaint): CounterIncrement[] => {
  const d = ruleOfLawDimensions.complaint;
  const member = complaint.complaintId;
  const unit = complaint.unit;
  const increments: CounterIncrement[] = [{ dimension: d, day: utcDay(complaint.receivedAt), value: counterValue(unit, 'received'), member }];
  if (complaint.decision && complaint.decidedAt) {
    const day = utcDay(complaint.decidedAt);
    increments.push({ dimension: d, day, value: counterValue(unit, complaint.decision), member });
    const inTime = Date.parse(complaint.decidedAt) - Date.parse(complaint.receivedAt) <= legalClocks['tco-complaint'].durationMs;
    increments.push({ dimension: d, day, value: counterValue(unit, inTime ? 'decided-within-2w' : 'decided-late'), member });
  }
  if (complaint.reinstatedAt) increments.push({ dimension: d, day: utcDay(complaint.reinstatedAt), value: counterValue(unit, 'reinstated'), member });
  return increments;
};

/**
 * What a platform's lifecycle report means for the removal order: an acknowledgement is the
 * confirmed receipt that starts the hour (Art. 3(3)); a removal is the Annex II answer. A
 * removal without an earlier acknowledgement counts receipt from delivery (Art. 3(5): the
 * electronic channel records the time of receipt).
 */
export const orderFollowUp = (snapshot: ReferralSnapshot, order: RemovalOrder | undefined): { receivedAt?: string; answer?: OrderAnswerRequest } => {
  if (!order || order.status === 'revoked') return {};
  const followUp: { receivedAt?: string; answer?: OrderAnswerRequest } = {};
  const acknowledgedAt = snapshot.status === 'acknowledged' ? snapshot.statusAt : undefined;
  const removedAt = snapshot.status === 'actioned' && (snapshot.outcome === 'removed' || snapshot.outcome === 'geo_blocked') ? snapshot.closedAt : undefined;
  if (order.receivedAt === undefined) {
    const receivedAt = acknowledgedAt ?? (removedAt !== undefined ? (snapshot.sentAt ?? removedAt) : undefined);
    if (receivedAt !== undefined && Date.parse(receivedAt) >= Date.parse(order.issuedAt)) followUp.receivedAt = receivedAt;
  }
  if (removedAt !== undefined && order.answer === undefined && (order.receivedAt !== undefined || followUp.receivedAt !== undefined)) {
    followUp.answer = { outcome: snapshot.outcome === 'removed' ? 'removed' : 'disabled', actionAt: removedAt };
  }
  return followUp;
};
