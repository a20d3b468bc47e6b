import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Decision, LegalEvent } from '../../core/rule-of-law/legal-event';
import { orderIncrements } from '../../core/rule-of-law/lifecycle-effects';
import { orderClocks, removalClockStart, type RemovalOrder } from '../../core/rule-of-law/removal-order';
import { dueAtOf } from '../../core/rule-of-law/clocks';
import { keys } from '../table/keys';
import { removalOrderItem } from '../table/items';
import type { TableHandle } from '../table/operations';
import type { ClockStore } from './clock-store';
import type { CounterStore } from './counter-store';
import type { LegalAuditStore } from './legal-audit-store';
import { recordOf, saveDecision, strip, type SaveResult } from './legal-records';
import type { ReferralStore } from './referral-store';

/** Removal orders (Regulation (EU) 2021/784 Art. 3, Annexes I to III), one per referral. */
export class RemovalOrderStore {
  constructor(
    private readonly table: TableHandle,
    private readonly deps: { audit: LegalAuditStore; counters: CounterStore; clocks: ClockStore; referrals: ReferralStore },
  ) {}

  async get(referralId: string): Promise<RemovalOrder | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.order(referralId), ConsistentRead: true }));
    return result.Item ? (strip(removalOrderItem.parse(result.Item)) as RemovalOrder) : undefined;
  }

  save(decision: Decision<RemovalOrder>): Promise<SaveResult<RemovalOrder>> {
    return saveDecision(this.table, decision, keys.order(recordOf(decision)?.referralId ?? ''), 'removal-order', (order, event) => this.complete(order, event), (event) => this.deps.audit.put(event));
  }

  private async complete(order: RemovalOrder, event?: LegalEvent): Promise<void> {
    if (event) await this.deps.audit.put(event);
    await this.deps.counters.countAll(orderIncrements(order));
    await this.deps.clocks.sync(order.referralId, order.orderId, orderClocks(order));
    // The referral's own deadline follows the order: one hour from confirmed receipt (Art. 3(3)),
    // or from the restart after an Annex III answer (Art. 3(7) and (8)).
    if (order.receivedAt !== undefined) {
      await this.deps.referrals.setDeadline(order.referralId, dueAtOf({ kind: 'tco-removal', startedAt: removalClockStart(order) ?? order.receivedAt }));
    }
  }
}
