import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableKey } from '../table/keys';
import { whenConditionHolds, type TableHandle } from '../table/operations';

/**
 * Counting something once without a transaction, when the record that it was counted is another
 * item (a referral's report item, a dossier's referral item). The counting item remembers the ids
 * it counted, but only for a while, so it stays small however many it counts:
 * 1. the caller reads the record: if it exists, the id was counted (2 always precedes it);
 * 2. the count adds the id to `counting` under `notCounted` (none of the three sets holds it);
 * 3. the caller writes the record;
 * 4. `settle` moves the id from `counting` to `settled`, kept at least SETTLED_MEMORY_MS in two
 *    generations (`settled`, then `settledBefore`), so a second delivery running at once, which
 *    read 1 before 3 and counts after 4, is still refused.
 * A crash after 2 leaves the id in `counting`, so the redelivery does not count again; a crash
 * after 3 is caught by 1. functions/storage-design.md, "Counting a referral's reports".
 */
export interface IdMemory {
  counting: string;
  settled: string;
  settledBefore: string;
  settledSince: string;
}

/**
 * How long a settled id is remembered: longer than any one delivery can take between its first
 * read and its count (the functions' timeouts are 30 s at most), the interval SQS FIFO queues
 * deduplicate over.
 */
export const SETTLED_MEMORY_MS = 5 * 60_000;

/** The condition of step 2, for an id bound to `placeholder` (`:id`). */
export const notCounted = (memory: IdMemory, placeholder: string): string =>
  `NOT contains(${memory.counting}, ${placeholder}) AND NOT contains(${memory.settled}, ${placeholder}) AND NOT contains(${memory.settledBefore}, ${placeholder})`;

/**
 * Step 4: the record exists, so the id moves to the settled ids, which start a new generation
 * when the current one is older than SETTLED_MEMORY_MS (the previous one is dropped).
 */
export const settleId = async (table: TableHandle, key: TableKey, id: string, now: number, memory: IdMemory): Promise<void> => {
  let settledSince: number | undefined;
  await whenConditionHolds(async () => {
    const result = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: `DELETE ${memory.counting} :ids ADD ${memory.settled} :ids SET ${memory.settledSince} = if_not_exists(${memory.settledSince}, :now)`,
        // Only when it is there: a repeat (or an item counted before this scheme) writes nothing.
        ConditionExpression: `contains(${memory.counting}, :id)`,
        ExpressionAttributeValues: { ':ids': new Set([id]), ':id': id, ':now': now },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    settledSince = result.Attributes?.[memory.settledSince] as number | undefined;
  });
  if (settledSince === undefined || now - settledSince < SETTLED_MEMORY_MS) return;
  // Whoever sees the generation first rotates it; the others' conditions fail, which is fine.
  await whenConditionHolds(() =>
    table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: `SET ${memory.settledBefore} = ${memory.settled}, ${memory.settledSince} = :now REMOVE ${memory.settled}`,
        ConditionExpression: `${memory.settledSince} = :seen AND attribute_exists(${memory.settled})`,
        ExpressionAttributeValues: { ':now': now, ':seen': settledSince },
      }),
    ),
  );
};
