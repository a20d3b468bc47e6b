import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EscalationEvent } from '../../contract/escalation';
import type { EscalationState } from '../../core/escalation/escalation-steps';
import { keys, partitions, sortPrefixes } from '../table/keys';
import {
  escalationEventItem,
  escalationPageItem,
  escalationStateItem,
  openEscalationItem,
  type EscalationPageItem,
  type EscalationStateItem,
  type OpenEscalationItem,
} from '../table/urgent-items';
import { queryAll, queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';
import type { AuditChainStore } from './audit-chain-store';

export type PageRecord = Omit<EscalationPageItem, 'pk' | 'sk' | 'entity'>;
export type OpenEscalation = Omit<OpenEscalationItem, 'pk' | 'sk' | 'entity'>;

/**
 * A referral's escalation: pages, the acknowledgement clock, and their audit events. dynalite has
 * no transactions, so every write is a single-item conditional or keyed write that is safe to
 * repeat, ordered so a crash between two is repaired by the next delivery or retry.
 */
export class EscalationStore {
  constructor(
    private readonly table: TableHandle,
    /** Every page, acknowledgement and exhaustion is linked into the referral's audit hash chain. */
    private readonly chain: AuditChainStore,
  ) {}

  async getState(referralId: string): Promise<(EscalationState & { unit: string; acknowledgedBy?: string }) | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.escalation(referralId), ConsistentRead: true }));
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, referralId: _id, ...state } = escalationStateItem.parse(result.Item);
    return state;
  }

  /**
   * Claims the page of one referral and step: the first caller's record stays (with its time, so a
   * repeat writes the same audit event); a later caller gets the record as it stands.
   */
  async claimPage(page: Omit<PageRecord, 'status'>): Promise<PageRecord> {
    const item = { ...keys.escalationPage(page.referralId, page.step), entity: 'escalation-page', ...page, status: 'pending' } satisfies EscalationPageItem;
    const claimed = await whenConditionHolds(() =>
      this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    if (claimed) return { ...page, status: 'pending' };
    const stored = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.escalationPage(page.referralId, page.step), ConsistentRead: true }));
    const { pk: _pk, sk: _sk, entity: _entity, ...record } = escalationPageItem.parse(stored.Item);
    return record;
  }

  /** Marks a page accepted by the pager, the first thing after sending: from here a redelivery sends nothing. */
  async markPageSent(referralId: string, step: number): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({ TableName: this.table.name, Key: keys.escalationPage(referralId, step), UpdateExpression: 'SET #status = :sent', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sent': 'sent' } }),
    );
  }

  /**
   * What follows a sent page, each write repeatable: its clock, the referral's escalation moved to
   * its step (never back, never after an acknowledgement), and last its audit event, so an event on
   * the referral means everything before it is written.
   */
  async recordPage(page: PageRecord): Promise<void> {
    const state = await this.getState(page.referralId);
    if (!state?.acknowledgedAt) {
      const open = { referralId: page.referralId, unit: page.unit, platform: page.platform, priority: page.priority, step: page.step, lastStep: page.lastStep, ackDueAt: page.ackDueAt } satisfies OpenEscalation;
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.openEscalation(page.ackDueAt, page.referralId), entity: 'open-escalation', ...open } satisfies OpenEscalationItem }));
      await whenConditionHolds(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: keys.escalation(page.referralId),
            // STEP and UNIT are DynamoDB reserved words.
            UpdateExpression: 'SET entity = :entity, referralId = :id, #unit = :unit, #step = :step, ackDueAt = :due',
            ConditionExpression: 'attribute_not_exists(acknowledgedAt) AND (attribute_not_exists(#step) OR #step <= :step)',
            ExpressionAttributeNames: { '#unit': 'unit', '#step': 'step' },
            ExpressionAttributeValues: { ':entity': 'escalation', ':id': page.referralId, ':unit': page.unit, ':step': page.step, ':due': page.ackDueAt },
          }),
        ),
      );
    }
    await this.putEvent({ referralId: page.referralId, unit: page.unit, kind: 'paged', step: page.step, at: page.pagedAt, by: page.contact, dedupKey: page.dedupKey });
  }

  /**
   * Acknowledges the referral's escalation: the first acknowledgement stays. Returns the state as
   * acknowledged (by this call or an earlier one), or undefined when nobody was paged. A repeat
   * re-writes the event and drops the clock, repairing a crash after the first write.
   */
  async acknowledge(referralId: string, by: string, at: string): Promise<(EscalationStateItem & { firstAcknowledgement: boolean }) | undefined> {
    const first = await whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.escalation(referralId),
          UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
        }),
      ),
    );
    const stored = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.escalation(referralId), ConsistentRead: true }));
    if (!stored.Item) return undefined;
    const state = escalationStateItem.parse(stored.Item);
    if (!state.acknowledgedAt) return undefined;
    await this.putEvent({ referralId, unit: state.unit, kind: 'acknowledged', step: state.step, at: state.acknowledgedAt, by: state.acknowledgedBy ?? by });
    await this.dropOpen(state.ackDueAt, referralId);
    return { ...state, firstAcknowledgement: first };
  }

  /** Unacknowledged pages whose time ran out by `now` (and those already exhausted, which stay until acknowledged). */
  async dueBy(now: string): Promise<OpenEscalation[]> {
    const { items } = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': partitions.openEscalations, ':until': `${now}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...open } = openEscalationItem.parse(item);
      return open;
    });
  }

  /**
   * The unit's referrals with an unacknowledged page, each at its latest step, oldest page first.
   * The open partition holds only pages nobody acknowledged (a handful, even in a crisis), so it is
   * read whole; each is checked against the referral's state, which an acknowledgement sets first.
   */
  async unacknowledgedOfUnit(unit: string): Promise<(OpenEscalation & { firstPagedAt: string })[]> {
    const { items } = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.openEscalations },
      ConsistentRead: true,
    });
    const latest = new Map<string, OpenEscalation>();
    for (const item of items) {
      const { pk: _pk, sk: _sk, entity: _entity, ...open } = openEscalationItem.parse(item);
      if (open.unit !== unit) continue;
      const seen = latest.get(open.referralId);
      if (!seen || seen.step < open.step) latest.set(open.referralId, open);
    }
    const pages = await Promise.all(
      [...latest.values()].map(async (open) => {
        const state = await this.getState(open.referralId);
        if (!state || state.acknowledgedAt !== undefined) return undefined;
        const first = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.escalationPage(open.referralId, 0), ConsistentRead: true }));
        const firstPagedAt = first.Item ? escalationPageItem.parse(first.Item).pagedAt : open.ackDueAt;
        return { ...open, step: Math.max(open.step, state.step), ackDueAt: state.step > open.step ? state.ackDueAt : open.ackDueAt, firstPagedAt };
      }),
    );
    return pages.filter((page) => page !== undefined).sort((a, b) => a.firstPagedAt.localeCompare(b.firstPagedAt));
  }

  async dropOpen(ackDueAt: string, referralId: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.openEscalation(ackDueAt, referralId) }));
  }

  /** The unit's head was paged and nobody acknowledged: audited once, and the page stays open for the alarm. */
  async markExhausted(open: OpenEscalation, at: string): Promise<boolean> {
    const first = await whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.openEscalation(open.ackDueAt, open.referralId),
          UpdateExpression: 'SET exhaustedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(exhaustedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
    if (first) await this.putEvent({ referralId: open.referralId, unit: open.unit, kind: 'exhausted', step: open.step, at, by: 'scheduler' });
    else if (open.exhaustedAt !== undefined) await this.repairExhaustedEvent(open, open.exhaustedAt);
    return first;
  }

  /**
   * A run that died between marking the page exhausted and its event left the mark alone: a later
   * run, finding the mark, writes the event with the mark's time (a read only, while it is there).
   */
  private async repairExhaustedEvent(open: OpenEscalation, exhaustedAt: string): Promise<void> {
    const found = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.escalationEvent(open.referralId, exhaustedAt, 'exhausted', open.step), ConsistentRead: true }));
    if (!found.Item) await this.putEvent({ referralId: open.referralId, unit: open.unit, kind: 'exhausted', step: open.step, at: exhaustedAt, by: 'scheduler' });
  }

  /**
   * Writes the event once (keyed by its time, so a repeat finds it there) and links it into the
   * referral's audit chain, also on a repeat: the first attempt may have stopped in between.
   */
  async putEvent(event: EscalationEvent): Promise<void> {
    const item = escalationEventItem.parse({ ...keys.escalationEvent(event.referralId, event.at, event.kind, event.step), entity: 'escalation-event', ...event });
    const fresh = await whenConditionHolds(() => this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
    // What is hashed is what the chain check reads back: the item without its key and entity tag.
    const { pk, sk, entity: _entity, ...stored } = item;
    await this.chain.append({ pk, sk }, stored, { fresh });
  }

  /** A referral's escalation events, oldest first. */
  async listEvents(referralId: string): Promise<EscalationEvent[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.escalationEvent);
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...event } = escalationEventItem.parse(item);
      return event;
    });
  }
}
