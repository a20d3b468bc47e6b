import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Review } from '../../core/rule-of-law/four-eyes';
import type { Decision } from '../../core/rule-of-law/legal-event';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { reviewItem } from '../table/items';
import { queryPrefix, type TableHandle } from '../table/operations';
import type { LegalAuditStore } from './legal-audit-store';
import { recordOf, saveDecision, strip, type SaveResult } from './legal-records';

/** Four-eyes reviews: a second officer's approval before delivery, one per referral and requiring unit. */
export class ReviewStore {
  constructor(
    private readonly table: TableHandle,
    private readonly audit: LegalAuditStore,
  ) {}

  /** A unit's review of a referral. */
  async get(referralId: string, unit: string): Promise<Review | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.review(referralId, unit), ConsistentRead: true }));
    return result.Item ? strip(reviewItem.parse(result.Item)) : undefined;
  }

  /** Every unit's review of a referral (one each). */
  async list(referralId: string): Promise<Review[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.review);
    return items.map((item) => strip(reviewItem.parse(item)));
  }

  save(decision: Decision<Review>): Promise<SaveResult<Review>> {
    const review = recordOf(decision) ?? { referralId: '', unit: '' };
    return saveDecision(this.table, decision, keys.review(review.referralId, review.unit), 'review', async (_review, event) => {
      if (event) await this.audit.put(event);
    }, (event) => this.audit.put(event));
  }
}
