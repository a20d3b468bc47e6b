import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { workQueueOf } from '../../core/platforms/work-queue';
import { keys, queuePartition } from './keys';
import { whenConditionHolds, type TableHandle } from './operations';
import { scanForMigration } from './migration-scan';

export interface QueueMigrationResult {
  /** Referral items read. */
  referrals: number;
  /** Items moved from a host-named queue to the other-hosts queue. */
  moved: number;
}

/**
 * Referrals on hosts outside the platform registry were once queued under the host's own name
 * (`QUEUE#<domain>#<status>`), a queue no dashboard lists; they belong in the other-hosts queue
 * (workQueueOf). A migration runs once per deployment and must find items whose key it cannot
 * name in advance, so it reads the referral items with a Scan; no request path does. Each move is
 * conditional on the old key: a rerun, or a lifecycle write that moved the item meanwhile, leaves
 * it as it is.
 */
export const migrateOtherHostsQueue = async (table: TableHandle): Promise<QueueMigrationResult> => {
  const result: QueueMigrationResult = { referrals: 0, moved: 0 };
  for await (const item of scanForMigration(table, { entity: 'referral', projection: 'referralId, platform, #status, gsi1pk', names: { '#status': 'status' } })) {
    result.referrals += 1;
    const { referralId, platform, status, gsi1pk } = item as { referralId: string; platform: string; status: string; gsi1pk?: string };
    const wanted = queuePartition(workQueueOf(platform), status);
    if (gsi1pk === undefined || gsi1pk === wanted) continue;
    const moved = await whenConditionHolds(() =>
      table.client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET gsi1pk = :wanted',
          ConditionExpression: 'gsi1pk = :old',
          ExpressionAttributeValues: { ':wanted': wanted, ':old': gsi1pk },
        }),
      ),
    );
    if (moved) result.moved += 1;
  }
  return result;
};
