import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { crashingOnce } from '../../../tests/helpers/faulty-table';
import { useLocalTable } from '../../../tests/helpers/local-table';
import { createStores } from '../create-stores';
import { migrateCounterShards } from './migrate-counter-shards';

const day = '2026-11-20';
/** Items as the code before the shard moved into the partition key left them. */
const oldUnitCounter = { pk: 'STAT#unit', sk: `${day}#eu-iru#3`, entity: 'counter', dimension: 'unit', day, value: 'eu-iru', count: 2, members: new Set(['sub_a', 'sub_b']) };
const oldReferralCells = {
  pk: 'STAT#referrals',
  sk: `${day}#5`,
  entity: 'counter',
  dimension: 'referrals',
  day,
  count: 1,
  members: new Set(['ref_x']),
  category: { incitement: 1 },
  platform: { telegram: 1 },
  language: { de: 1 },
  priority: { P2: 1 },
  group: {},
};

describe('migrateCounterShards on dynalite: old trend counters move to their shard partitions once, with claims for their ids', () => {
  const table = useLocalTable();
  const stores = () => createStores({ TABLE_NAME: table.name, AWS_REGION: 'eu-west-1' }, { documentClient: table.client });
  const count = async (dimension: string, value: string) => (await stores().stats.counters(dimension, day, day)).rows.find((row) => row.value === value)?.count ?? 0;

  it('keeps every count, refuses a late repeat of an old count, and a crash before the delete repeats nothing', async () => {
    for (const item of [oldUnitCounter, oldReferralCells]) await table.client.send(new PutCommand({ TableName: table.name, Item: item }));
    // The new code counted on the same day before the migration ran.
    expect(await stores().counters.countOnce('unit', day, 'eu-iru', 'sub_c')).toBe(true);

    // Killed before its first delete: the rerun finds the item again and adds nothing twice.
    const dies = crashingOnce(table, 'before', (command) => command instanceof DeleteCommand);
    await expect(migrateCounterShards(dies)).rejects.toThrow('process died');
    // The first run wrote the claims of the item it reached; the rerun writes the rest.
    expect(await migrateCounterShards(table)).toMatchObject({ found: 2, moved: 2 });
    expect(await migrateCounterShards(table)).toEqual({ found: 0, moved: 0, claims: 0 });

    expect(await count('unit', 'eu-iru')).toBe(3);
    expect(await count('all', 'referrals')).toBe(1);
    expect(await count('platform', 'telegram')).toBe(1);
    expect(await count('category', 'incitement')).toBe(1);
    for (const item of [oldUnitCounter, oldReferralCells]) {
      expect((await table.client.send(new GetCommand({ TableName: table.name, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }))).Item).toBeUndefined();
    }
    // The old members became claims: their repeats are refused.
    expect(await stores().counters.countOnce('unit', day, 'eu-iru', 'sub_a')).toBe(false);
    expect(await stores().counters.countReferral(day, 'ref_x', [{ dimension: 'platform', value: 'telegram' }])).toBe(false);
    expect(await count('unit', 'eu-iru')).toBe(3);
    expect(await count('all', 'referrals')).toBe(1);
  });
});
