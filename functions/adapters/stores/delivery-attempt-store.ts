import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryAttemptView } from '../../contract/lifecycle';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { deliveryAttemptItem } from '../table/items';
import { deliveryPostItem } from '../table/urgent-items';
import { whenConditionHolds, type TableHandle } from '../table/operations';

/** What claiming the post of an urgent delivery found: ours to post, posted already, or another consumer posting it now. */
export type PostClaim = 'claimed' | 'posted' | 'busy';

/** Webhook delivery attempts of a referral (`REF#<id>` / `DELIVERY#<deliveryId>#<attempt>`). */
export class DeliveryAttemptStore {
  constructor(private readonly table: TableHandle) {}

  /** One delivery attempt; the same attempt written again (a redelivery after a crash) overwrites it with its own result. */
  async record(attempt: DeliveryAttemptView & { referralId: string; platform: string }): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.deliveryAttempt(attempt.referralId, attempt.deliveryId, attempt.attempt), entity: 'delivery-attempt', ...attempt },
      }),
    );
  }

  /**
   * Claims the post of one delivery until `leaseUntil`: the first claimer, or one that finds an
   * earlier claim's lease run out (a consumer that crashed while posting), posts; a copy of the
   * message consumed meanwhile finds it busy or posted.
   */
  async claimPost(referralId: string, deliveryId: string, now: Date, leaseMs: number): Promise<PostClaim> {
    const key = keys.deliveryPost(referralId, deliveryId);
    const claimed = await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key, entity: 'delivery-post', status: 'posting', leaseUntil: new Date(now.getTime() + leaseMs).toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :posting AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':posting': 'posting', ':now': now.toISOString() },
        }),
      ),
    );
    if (claimed) return 'claimed';
    const stored = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }));
    // Released between our put and this read: the retry claims it.
    if (!stored.Item) return 'busy';
    return deliveryPostItem.parse(stored.Item).status === 'posted' ? 'posted' : 'busy';
  }

  /** The platform accepted the delivery: no copy of the message posts it again. */
  async markPosted(referralId: string, deliveryId: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({ TableName: this.table.name, Key: keys.deliveryPost(referralId, deliveryId), UpdateExpression: 'SET #status = :posted', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':posted': 'posted' } }),
    );
  }

  /** The post failed: the retry (SQS, with backoff) claims it again at once rather than after the lease. */
  async releasePost(referralId: string, deliveryId: string): Promise<void> {
    // Only a claim still posting: a posted one stays (a false answer is that, nothing to release).
    await whenConditionHolds(() =>
      this.table.client.send(
        new DeleteCommand({ TableName: this.table.name, Key: keys.deliveryPost(referralId, deliveryId), ConditionExpression: '#status = :posting', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':posting': 'posting' } }),
      ),
    );
  }

  async list(referralId: string): Promise<DeliveryAttemptView[]> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partitions.referral(referralId), ':prefix': sortPrefixes.delivery },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, referralId: _id, platform: _platform, ...view } = deliveryAttemptItem.parse(item);
      return view;
    });
  }
}
