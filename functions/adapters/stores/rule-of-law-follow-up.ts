import type { LifecycleRecord } from '../../core/lifecycle/referral-lifecycle';
import type { LegalActor } from '../../core/rule-of-law/legal-event';
import { preserveOnRemoval } from '../../core/rule-of-law/legal-hold';
import { noticeIncrements, orderFollowUp, removalTime, type ReferralSnapshot } from '../../core/rule-of-law/lifecycle-effects';
import { recordAnswer, recordReceipt } from '../../core/rule-of-law/removal-order';
import type { CounterStore } from './counter-store';
import type { LegalHoldStore } from './legal-hold-store';
import type { ReferralStore } from './referral-store';
import type { RemovalOrderStore } from './removal-order-store';
import type { RetentionStore } from './retention-store';

export interface RuleOfLawFollowUpStores {
  referrals: ReferralStore;
  counters: CounterStore;
  retention: RetentionStore;
  holds: LegalHoldStore;
  orders: RemovalOrderStore;
}

/**
 * The rule-of-law consequences of a lifecycle change (run by LifecycleStore after every change,
 * and again on its retries): trusted flagger counters, the retention schedule, preservation on
 * removal (Regulation (EU) 2021/784 Art. 6(2)), and the removal order's receipt and answer (Art. 3).
 * Each is derived from the stored referral, so a repeat writes the same.
 */
export const ruleOfLawFollowUp =
  (stores: RuleOfLawFollowUpStores) =>
  async (record: LifecycleRecord): Promise<void> => {
    const referral = await stores.referrals.get(record.referralId);
    if (!referral) return;
    const event = record.lastEvent as { at?: string; actor?: LegalActor } | undefined;
    const snapshot: ReferralSnapshot = {
      referralId: referral.referralId,
      platform: referral.platform,
      category: referral.category,
      units: referral.units,
      status: referral.status,
      ...(referral.outcome ? { outcome: referral.outcome } : {}),
      ...(referral.sentAt ? { sentAt: referral.sentAt } : {}),
      ...(referral.closedAt ? { closedAt: referral.closedAt } : {}),
      ...(event?.at ? { statusAt: event.at } : {}),
    };
    await stores.counters.countAll(noticeIncrements(snapshot));
    if (snapshot.closedAt) await stores.retention.schedule(snapshot.referralId, snapshot.closedAt);
    const actor: LegalActor = event?.actor && typeof event.actor.id === 'string' ? event.actor : { kind: 'system', id: 'lifecycle' };
    const removedAt = removalTime(snapshot);
    if (removedAt) {
      const saved = await stores.holds.save(preserveOnRemoval(await stores.holds.get(snapshot.referralId), snapshot.referralId, removedAt, actor));
      if (!saved.ok && !('raced' in saved)) throw new Error(`preservation of ${snapshot.referralId} refused: ${saved.message}`);
    }
    if (referral.legalRoute !== 'removal_order') return;
    let order = await stores.orders.get(snapshot.referralId);
    const followUp = orderFollowUp(snapshot, order);
    const now = new Date(Date.parse(event?.at ?? snapshot.closedAt ?? snapshot.statusAt ?? new Date(0).toISOString()));
    if (order && followUp.receivedAt) {
      const saved = await stores.orders.save(recordReceipt(order, followUp.receivedAt, actor, now));
      order = saved.ok ? saved.doc : order;
    }
    if (order && followUp.answer) await stores.orders.save(recordAnswer(order, followUp.answer, actor, now));
  };
