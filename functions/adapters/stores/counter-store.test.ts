import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { stages } from '../../../infra/stages';
import { crashingOnce, dyingAfter, pausingAfterRead } from '../../../tests/helpers/faulty-table';
import { useLocalTable } from '../../../tests/helpers/local-table';
import { counterShardCount, counterShardOf, referralCells } from '../../core/trends/counter-cells';
import { createStores } from '../create-stores';
import { keys, partitions } from '../table/keys';
import type { TableHandle } from '../table/operations';
import { countInProgressError, defaultCounterClaimLeaseSeconds } from './counter-claims';

const day = '2026-12-01';
const leaseSeconds = 2;
const referral = { category: 'incitement', platform: 'telegram', language: 'de', priority: 'P2', groups: ['group-a'] };

/** The writes of one count, in order: claim, count, mark counted, release. */
const isWrite = (command: unknown) => !(command instanceof GetCommand) && !(command instanceof QueryCommand);
const writeNumber = (n: number) => {
  let writes = 0;
  return (command: unknown) => isWrite(command) && ++writes === n;
};

describe('CounterStore on dynalite: counted exactly once, with counter items that hold no ids', () => {
  const table = useLocalTable();
  const countersOn = (handle: TableHandle, now?: () => number) =>
    createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1', COUNTER_CLAIM_LEASE_SECONDS: leaseSeconds }, { documentClient: handle.client, ...(now ? { now } : {}) }).counters;
  const statsOn = (handle: TableHandle) => createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1' }, { documentClient: handle.client }).stats;
  const unitCount = async (unit: string) => (await statsOn(table).counters('unit', day, day)).rows.find((row) => row.value === unit)?.count ?? 0;
  const counterItem = async (unit: string, memberId: string) =>
    (await table.client.send(new GetCommand({ TableName: table.name, Key: keys.counter('unit', day, unit, counterShardOf(memberId)), ConsistentRead: true }))).Item ?? {};

  for (const when of ['before', 'after'] as const) {
    for (const write of [1, 2, 3, 4]) {
      it(`a write that fails ${when} write ${write} of 4, then the retry at once, counts once; a repeat counts nothing`, async () => {
        const unit = `unit-${when}-${write}`;
        const clock = () => Date.parse('2026-12-01T10:00:00Z');
        await expect(countersOn(crashingOnce(table, when, writeNumber(write)), clock).countOnce('unit', day, unit, 'sub_1')).rejects.toThrow('process died');
        // The failed delivery gave its claim up: the retry need not wait for the lease.
        const counters = countersOn(table, clock);
        await counters.countOnce('unit', day, unit, 'sub_1');
        expect(await counters.countOnce('unit', day, unit, 'sub_1')).toBe(false);
        expect(await unitCount(unit)).toBe(1);
        const counter = await counterItem(unit, 'sub_1');
        expect(counter['counting']).toBeUndefined();
        expect(counter['members']).toBeUndefined();
      });
    }
  }

  for (const write of [1, 2, 3, 4]) {
    it(`a process that dies after write ${write} of 4, then the redelivery after the lease, counts once`, async () => {
      const unit = `unit-dies-${write}`;
      let clock = Date.parse('2026-12-01T10:00:00Z');
      await expect(countersOn(dyingAfter(table, writeNumber(write)), () => clock).countOnce('unit', day, unit, 'sub_1')).rejects.toThrow('process died');
      // The redelivery comes after the visibility timeout, which is longer than the lease.
      clock += leaseSeconds * 1000;
      const counters = countersOn(table, () => clock);
      await counters.countOnce('unit', day, unit, 'sub_1');
      expect(await counters.countOnce('unit', day, unit, 'sub_1')).toBe(false);
      expect(await unitCount(unit)).toBe(1);
      expect((await counterItem(unit, 'sub_1'))['counting']).toBeUndefined();
    });
  }

  it('two deliveries at once: the one that read the claim before the other counted counts nothing', async () => {
    let release = () => {};
    const go = new Promise<void>((resolve) => (release = resolve));
    let read = () => {};
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    const slow = countersOn(pausingAfterRead(table, 'unit#', go, read)).countOnce('unit', day, 'unit-twice', 'sub_2');
    await hasRead;
    expect(await countersOn(table).countOnce('unit', day, 'unit-twice', 'sub_2')).toBe(true);
    release();
    expect(await slow).toBe(false);
    expect(await unitCount('unit-twice')).toBe(1);
  });

  it('a delivery that finds a live claim waits for it, gives up while it lives, and takes it over once it lapsed', async () => {
    let clock = Date.parse('2026-12-01T11:00:00Z');
    // Died right after claiming: the claim lives until its lease runs out.
    await expect(countersOn(dyingAfter(table, writeNumber(1)), () => clock).countOnce('unit', day, 'unit-lapsed', 'sub_3')).rejects.toThrow('process died');
    // Its clock stands still here: the claim lapses a whole lease from now, which the error says.
    await expect(countersOn(table, () => clock).countOnce('unit', day, 'unit-lapsed', 'sub_3')).rejects.toMatchObject({ name: countInProgressError, retryAfterSeconds: leaseSeconds });
    expect(await unitCount('unit-lapsed')).toBe(0);
    clock += leaseSeconds * 1000;
    expect(await countersOn(table, () => clock).countOnce('unit', day, 'unit-lapsed', 'sub_3')).toBe(true);
    expect(await unitCount('unit-lapsed')).toBe(1);
  });

  it('hundreds of reports of one unit leave its counter items without ids, each count recorded in the report’s own partition', async () => {
    const counters = countersOn(table);
    const ids = Array.from({ length: 400 }, (_, i) => `sub_many_${i}`);
    for (let i = 0; i < ids.length; i += 25) await Promise.all(ids.slice(i, i + 25).map((id) => counters.countOnce('unit', day, 'unit-busy', id)));
    await Promise.all(ids.slice(0, 50).map((id) => counters.countOnce('unit', day, 'unit-busy', id)));
    expect(await unitCount('unit-busy')).toBe(400);
    const shards = await Promise.all(Array.from({ length: counterShardCount }, (_, shard) => table.client.send(new GetCommand({ TableName: table.name, Key: keys.counter('unit', day, 'unit-busy', shard), ConsistentRead: true }))));
    // Every shard partition took some of them, and none keeps an id.
    expect(shards.every((answer) => Number(answer.Item?.['count']) > 0)).toBe(true);
    expect(shards.map((answer) => answer.Item?.['counting'])).toEqual(Array.from({ length: counterShardCount }, () => undefined));
    const claim = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.counterClaim('sub_many_7', 'unit', day, 'unit-busy'), ConsistentRead: true }));
    expect(claim.Item?.['state']).toBe('counted');
    expect(keys.counterClaim('sub_many_7', 'unit', day, 'unit-busy').pk).toBe(partitions.counted('sub_many_7'));
  });

  for (const write of [1, 2, 3, 4]) {
    it(`a referral's trend cells: a process that dies after write ${write}, then the redelivery, counts every cell once`, async () => {
      const cellDay = `2026-11-0${write}`;
      let clock = Date.parse('2026-12-01T12:00:00Z');
      // Another referral of the same day and shard made the shard item, so every write of this one succeeds.
      const neighbour = Array.from({ length: 200 }, (_, i) => `ref_neighbour_${i}`).find((id) => counterShardOf(id) === counterShardOf('ref_cells')) ?? '';
      await countersOn(table).countReferral(cellDay, neighbour, referralCells({ ...referral, groups: [] }));
      await expect(countersOn(dyingAfter(table, writeNumber(write)), () => clock).countReferral(cellDay, 'ref_cells', referralCells(referral))).rejects.toThrow('process died');
      clock += leaseSeconds * 1000;
      await countersOn(table, () => clock).countReferral(cellDay, 'ref_cells', referralCells(referral));
      expect(await countersOn(table, () => clock).countReferral(cellDay, 'ref_cells', referralCells(referral))).toBe(false);
      const stats = statsOn(table);
      expect((await stats.counters('all', cellDay, cellDay)).rows).toEqual([{ day: cellDay, value: 'referrals', count: 2 }]);
      expect((await stats.counters('platform', cellDay, cellDay)).rows).toEqual([{ day: cellDay, value: 'telegram', count: 2 }]);
      expect((await stats.counters('group', cellDay, cellDay)).rows).toEqual([{ day: cellDay, value: 'group-a', count: 1 }]);
      const cells = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.referralCounter(cellDay, counterShardOf('ref_cells')), ConsistentRead: true }));
      expect(cells.Item?.['counting']).toBeUndefined();
    });
  }

  it('the default lease outlasts every function, so no live holder is taken over', () => {
    const longestTimeout = Math.max(...Object.values(stages).map((stage) => stage.timeoutSeconds));
    expect(defaultCounterClaimLeaseSeconds).toBeGreaterThan(longestTimeout);
  });
});
