import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { complaintClock, type Complaint } from '../../core/rule-of-law/complaints';
import type { Decision } from '../../core/rule-of-law/legal-event';
import { complaintIncrements } from '../../core/rule-of-law/lifecycle-effects';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { complaintItem } from '../table/items';
import { queryPrefix, type TableHandle } from '../table/operations';
import type { ClockStore } from './clock-store';
import type { CounterStore } from './counter-store';
import type { LegalAuditStore } from './legal-audit-store';
import { recordOf, saveDecision, strip, type SaveResult } from './legal-records';

/** Complaints of content providers and reinstatements (Regulation (EU) 2021/784 Art. 10). */
export class ComplaintStore {
  constructor(
    private readonly table: TableHandle,
    private readonly deps: { audit: LegalAuditStore; counters: CounterStore; clocks: ClockStore },
  ) {}

  async get(referralId: string, complaintId: string): Promise<Complaint | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.complaint(referralId, complaintId), ConsistentRead: true }));
    return result.Item ? strip(complaintItem.parse(result.Item)) : undefined;
  }

  async list(referralId: string): Promise<Complaint[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.complaint);
    return items.map((item) => strip(complaintItem.parse(item)));
  }

  save(decision: Decision<Complaint>): Promise<SaveResult<Complaint>> {
    const ids = recordOf(decision) ?? { referralId: '', complaintId: '' };
    return saveDecision(this.table, decision, keys.complaint(ids.referralId, ids.complaintId), 'complaint', async (complaint, event) => {
      if (event) await this.deps.audit.put(event);
      await this.deps.counters.countAll(complaintIncrements(complaint));
      await this.deps.clocks.sync(complaint.referralId, complaint.complaintId, [complaintClock(complaint)]);
    }, (event) => this.deps.audit.put(event));
  }
}
