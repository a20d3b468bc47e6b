import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allReferralsValue, referralCellDimensions, referralCounterPartition } from '../../core/trends/counter-cells';
import { keys, type TableKey } from './keys';
import { whenConditionHolds, type TableHandle } from './operations';
import { scanForMigration } from './migration-scan';

export interface CounterShardMigrationResult {
  /** Counter items in the old layout found. */
  found: number;
  /** Of those, moved to the new layout and deleted. */
  moved: number;
  /** Claims written for the ids their `members` sets held. */
  claims: number;
}

/**
 * Trend counters were once one partition per dimension (`STAT#<dimension>`, sk
 * `<day>#<value>#<shard>`, or `<day>#<shard>` for the referral cells) with every counted id in a
 * `members` set; they now keep the shard in the partition key and record each count in a claim
 * (functions/storage-design.md, "Trend counters"). Per old item, in an order a rerun repeats safely:
 * 1. a `counted` claim for each id of its `members` (`attribute_not_exists`), so a late repeat of
 *    an old count is refused as before;
 * 2. its count (and cells) added to the new item under `NOT contains(migratedFrom, <old sk>)`, once;
 * 3. the old item deleted.
 * A migration must find items whose keys it cannot name in advance, so it Scans; no request path does.
 */
export const migrateCounterShards = async (table: TableHandle): Promise<CounterShardMigrationResult> => {
  const result: CounterShardMigrationResult = { found: 0, moved: 0, claims: 0 };
  for await (const item of scanForMigration(table, { entity: 'counter' })) {
    const pk = String(item['pk']);
    // The new layout has the shard after the dimension (`STAT#<dimension>#<shard>`); dimensions have no `#`.
    if (pk.split('#').length !== 2) continue;
    result.found += 1;
    const dimension = pk.slice(pk.indexOf('#') + 1);
    const oldSk = String(item['sk']);
    const shard = Number(oldSk.slice(oldSk.lastIndexOf('#') + 1));
    const day = String(item['day']);
    const referralCells = dimension === referralCounterPartition;
    const value = referralCells ? allReferralsValue : String(item['value']);
    for (const memberId of (item['members'] as Set<string> | undefined) ?? []) {
      const claimed = await whenConditionHolds(() =>
        table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...keys.counterClaim(memberId, dimension, day, value), entity: 'counter-claim', dimension, day, value, memberId, state: 'counted', claim: 'migrated', claimedAt: 0 },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (claimed) result.claims += 1;
    }
    const target = referralCells ? keys.referralCounter(day, shard) : keys.counter(dimension, day, value, shard);
    await addOnce(table, target, oldSk, item, referralCells);
    await table.client.send(new DeleteCommand({ TableName: table.name, Key: { pk, sk: oldSk } }));
    result.moved += 1;
  }
  return result;
};

/** Step 2: the old item's count, cells and closing added to the new item once (the new item may already hold counts). */
const addOnce = async (table: TableHandle, target: TableKey, oldSk: string, old: Record<string, unknown>, referralCells: boolean): Promise<void> => {
  const names: Record<string, string> = { '#count': 'count', '#day': 'day' };
  const values: Record<string, unknown> = { ':n': Number(old['count']), ':from': new Set([oldSk]), ':oldSk': oldSk, ':entity': 'counter', ':dim': old['dimension'], ':day': old['day'] };
  const sets = ['entity = :entity', 'dimension = :dim', '#day = :day'];
  if (!referralCells) {
    names['#value'] = 'value';
    values[':value'] = old['value'];
    sets.push('#value = :value');
  }
  if (old['compactedAt'] !== undefined) {
    values[':closed'] = old['compactedAt'];
    sets.push('compactedAt = if_not_exists(compactedAt, :closed)');
  }
  const cells = referralCells ? referralCellDimensions.map((dimension) => [dimension, (old[dimension] ?? {}) as Record<string, number>] as const) : [];
  const send = (update: string, condition: string, extraNames: Record<string, string>, extraValues: Record<string, unknown>) =>
    whenConditionHolds(() =>
      table.client.send(
        new UpdateCommand({ TableName: table.name, Key: target, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: { ...names, ...extraNames }, ExpressionAttributeValues: { ...values, ...extraValues } }),
      ),
    );
  // Into an existing item: each cell by its own path (a map must exist before a value is added to it).
  const addToExisting = () => {
    const cellNames: Record<string, string> = {};
    const cellValues: Record<string, unknown> = {};
    const cellSets: string[] = [];
    cells.forEach(([dimension, counts], d) => {
      // DynamoDB refuses a name the expression does not use: an empty map adds nothing.
      if (Object.keys(counts).length > 0) cellNames[`#d${d}`] = dimension;
      Object.entries(counts).forEach(([value, count], v) => {
        cellNames[`#d${d}v${v}`] = value;
        cellValues[`:d${d}v${v}`] = count;
        cellSets.push(`#d${d}.#d${d}v${v} = if_not_exists(#d${d}.#d${d}v${v}, :zero) + :d${d}v${v}`);
      });
    });
    return send(
      `SET ${[...sets, ...cellSets].join(', ')} ADD #count :n, migratedFrom :from`,
      'attribute_exists(#count) AND NOT contains(migratedFrom, :oldSk)',
      cellNames,
      { ...cellValues, ...(cellSets.length > 0 ? { ':zero': 0 } : {}) },
    );
  };
  if (await addToExisting()) return;
  const mapNames = Object.fromEntries(cells.map(([dimension], d) => [`#d${d}`, dimension]));
  const mapValues = Object.fromEntries(cells.map(([, counts], d) => [`:d${d}`, counts]));
  const created = await send(
    `SET ${[...sets, '#count = :n', 'migratedFrom = :from', ...cells.map((_, d) => `#d${d} = :d${d}`)].join(', ')}`,
    'attribute_not_exists(#count) AND NOT contains(migratedFrom, :oldSk)',
    mapNames,
    mapValues,
  );
  // Made meanwhile by a count of the new code, or moved by an earlier run (then this adds nothing).
  if (!created) await addToExisting();
};
