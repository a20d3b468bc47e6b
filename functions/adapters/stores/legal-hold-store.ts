import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Decision } from '../../core/rule-of-law/legal-event';
import type { LegalHold } from '../../core/rule-of-law/legal-hold';
import { keys } from '../table/keys';
import { legalHoldItem } from '../table/items';
import type { TableHandle } from '../table/operations';
import type { LegalAuditStore } from './legal-audit-store';
import { recordOf, saveDecision, strip, type SaveResult } from './legal-records';
import type { RetentionStore } from './retention-store';

/** Legal holds (Regulation (EU) 2021/784 Art. 6): what keeps a referral's data past retention. */
export class LegalHoldStore {
  constructor(
    private readonly table: TableHandle,
    private readonly deps: { audit: LegalAuditStore; retention: RetentionStore },
  ) {}

  async get(referralId: string): Promise<LegalHold | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.hold(referralId), ConsistentRead: true }));
    return result.Item ? strip(legalHoldItem.parse(result.Item)) : undefined;
  }

  save(decision: Decision<LegalHold>): Promise<SaveResult<LegalHold>> {
    return saveDecision(this.table, decision, keys.hold(recordOf(decision)?.referralId ?? ''), 'legal-hold', async (hold, event) => {
      if (event) await this.deps.audit.put(event);
      // A hold that ends reschedules the retention check for that day.
      const until = hold.active ? hold.until : hold.releasedAt;
      if (until) await this.deps.retention.schedule(hold.referralId, until);
    }, (event) => this.deps.audit.put(event));
  }
}
