import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { crashingOnce, pausingAfterRead } from '../../../tests/helpers/faulty-table';
import { useLocalTable } from '../../../tests/helpers/local-table';
import type { DossierEntry } from '../../core/dossier/dossier-entry';
import { counterShardOf } from '../../core/trends/counter-cells';
import { createStores } from '../create-stores';
import { keys } from '../table/keys';
import type { TableHandle } from '../table/operations';
import { SETTLED_MEMORY_MS } from './settled-ids';

const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const entryOf = (n: number, at = '2026-12-01T10:00:00.000Z'): DossierEntry => ({
  indicator: { type: 'btc', value: wallet },
  lastReportedAt: at,
  referral: { referralId: `ref_${n.toString(16).padStart(24, '0')}`, platform: 'telegram', url: `https://t.me/s/chan/${n}`, channel: 't.me/chan', category: 'financing', priority: 'P2', groups: [], units: ['eu-iru'], firstReportedAt: at },
  neighbours: [{ kind: 'channel', name: 't.me/chan' }],
});

describe('DossierStore on dynalite: a referral is counted once in its dossier, and the shards stay small', () => {
  const table = useLocalTable();
  const storesOn = (handle: TableHandle, now?: () => number) => createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1' }, { documentClient: handle.client, ...(now ? { now } : {}) }).dossiers;
  const shardOf = async (n: number) =>
    (await table.client.send(new GetCommand({ TableName: table.name, Key: keys.dossierCounter('btc', wallet, counterShardOf(entryOf(n).referral.referralId)), ConsistentRead: true }))).Item as Record<string, unknown>;

  it('a crash before the dossier-referral item, then the redelivery, counts it once; a repeat counts nothing', async () => {
    const dies = crashingOnce(table, 'before', (command) => command instanceof PutCommand && String(command.input.Item?.['sk']).startsWith('REF#'));
    await expect(storesOn(dies).file(entryOf(1))).rejects.toThrow('process died');
    expect([...((await shardOf(1))['counting'] as Set<string>)]).toEqual([entryOf(1).referral.referralId]);
    const store = storesOn(table);
    await store.file(entryOf(1));
    await store.file(entryOf(1));
    expect((await store.counts('btc', wallet))?.referrals).toBe(1);
    expect((await store.counts('btc', wallet))?.links).toEqual([{ kind: 'channel', name: 't.me/chan', referrals: 1 }]);
    const shard = await shardOf(1);
    expect(shard['counting']).toBeUndefined();
    expect([...(shard['settled'] as Set<string>)]).toEqual([entryOf(1).referral.referralId]);
    expect(shard['members']).toBeUndefined();
  });

  it('two deliveries at once: the one that read before the other filed counts nothing', async () => {
    let release = () => {};
    const go = new Promise<void>((resolve) => (release = resolve));
    let read = () => {};
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    const slow = storesOn(pausingAfterRead(table, 'REF#', go, read)).file(entryOf(2));
    await hasRead;
    await storesOn(table).file(entryOf(2));
    release();
    await slow;
    expect((await storesOn(table).counts('btc', wallet))?.referrals).toBe(2);
  });

  it('forgets counted ids after two generations, so a shard of a wallet in thousands of referrals stays the size of a few minutes of them', async () => {
    let clock = Date.parse('2026-12-01T12:00:00Z');
    const store = storesOn(table, () => clock);
    for (let n = 100; n < 160; n += 1) {
      clock += 20_000;
      await store.file(entryOf(n, new Date(clock).toISOString()));
    }
    // 60 referrals over 20 minutes: every shard remembers at most the last ten minutes of its own.
    const shards = await Promise.all(Array.from({ length: 8 }, (_, shard) => table.client.send(new GetCommand({ TableName: table.name, Key: keys.dossierCounter('btc', wallet, shard), ConsistentRead: true }))));
    const remembered = shards.map((answer) => [...((answer.Item?.['settled'] as Set<string> | undefined) ?? []), ...((answer.Item?.['settledBefore'] as Set<string> | undefined) ?? [])].length);
    expect(remembered.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(Math.ceil((2 * SETTLED_MEMORY_MS) / 20_000) + 8);
    expect((await store.counts('btc', wallet))?.referrals).toBe(62);
    // A late redelivery of a forgotten referral is still counted once: its dossier-referral item says so.
    await store.file(entryOf(100, '2026-12-01T12:00:20.000Z'));
    expect((await store.counts('btc', wallet))?.referrals).toBe(62);
  });
});
