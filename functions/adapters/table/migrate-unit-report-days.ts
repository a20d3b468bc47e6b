import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { utcDay } from '../../core/referral-id';
import { keys, unitDayPartition } from './keys';
import { whenConditionHolds, type TableHandle } from './operations';
import { scanForMigration } from './migration-scan';

export interface UnitReportDaysMigrationResult {
  /** Report items read. */
  reports: number;
  /** Reports moved from their unit's one partition (`UNIT#<unit>`) to the partition of their unit and day. */
  moved: number;
}

/**
 * Reports were once indexed in one partition per unit (`gsi2pk = UNIT#<unit>`); the unit listing now
 * reads one partition per unit and day (`UNIT#<unit>#<yyyy-mm-dd>`), so a report still keyed the old
 * way is listed by nobody. This rewrites their index key, once per deployment, after the code that
 * writes day keys is live (infra/cdk/DEPLOY.md). A migration must find items whose key it cannot
 * name in advance, so it reads the report items with a Scan; no request path does. Each move is
 * conditional on the old key, so a rerun moves nothing.
 */
export const migrateUnitReportDays = async (table: TableHandle): Promise<UnitReportDaysMigrationResult> => {
  const result: UnitReportDaysMigrationResult = { reports: 0, moved: 0 };
  for await (const item of scanForMigration(table, { entity: 'report', projection: 'referralId, submissionId, #unit, acceptedAt, gsi2pk', names: { '#unit': 'unit' } })) {
    result.reports += 1;
    const { referralId, submissionId, unit, acceptedAt, gsi2pk } = item as { referralId: string; submissionId: string; unit: string; acceptedAt: string; gsi2pk?: string };
    const wanted = unitDayPartition(unit, utcDay(acceptedAt));
    // Conditional on the old key: an item purged since the scan is not recreated as a stub.
    if (gsi2pk === undefined || gsi2pk === wanted) continue;
    const moved = await whenConditionHolds(() =>
      table.client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.report(referralId, submissionId),
          UpdateExpression: 'SET gsi2pk = :wanted',
          ConditionExpression: 'gsi2pk = :old',
          ExpressionAttributeValues: { ':wanted': wanted, ':old': gsi2pk },
        }),
      ),
    );
    if (moved) result.moved += 1;
  }
  return result;
};
