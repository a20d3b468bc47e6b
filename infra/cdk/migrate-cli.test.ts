import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createStores } from '../../functions/adapters/create-stores';
import { useLocalTable } from '../../tests/helpers/local-table';
import { repoRoot } from './repo-root';

const day = '2026-11-20';
/** A trend counter as the code before the shard moved into the partition key left it. */
const oldUnitCounter = { pk: 'STAT#unit', sk: `${day}#eu-iru#3`, entity: 'counter', dimension: 'unit', day, value: 'eu-iru', count: 2, members: new Set(['sub_a', 'sub_b']) };

/** `npm run migrate -- ...` as an operator runs it: the script of package.json, in a process of its own. */
const migrate = async (args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'infra', 'cdk', 'migrate-cli.ts'), ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('npm run migrate: the upgrade moves for a cloud table, with the operator’s credentials', () => {
  const table = useLocalTable();
  const target = () => ['--table', table.name, '--region', 'eu-west-1', '--endpoint', table.endpoint];

  it('moves old trend counters to their shard partitions once, and a rerun moves nothing', async () => {
    await table.client.send(new PutCommand({ TableName: table.name, Item: oldUnitCounter }));
    const first = await migrate(['counter-shards', ...target()]);
    expect(first).toMatchObject({ code: 0, stdout: '1 counters in the old layout, 1 moved to their shard partition, 2 claims written\n' });
    expect((await table.client.send(new GetCommand({ TableName: table.name, Key: { pk: oldUnitCounter.pk, sk: oldUnitCounter.sk }, ConsistentRead: true }))).Item).toBeUndefined();
    const stores = createStores({ TABLE_NAME: table.name, AWS_REGION: 'eu-west-1' }, { documentClient: table.client });
    expect((await stores.stats.counters('unit', day, day)).rows.find((row) => row.value === 'eu-iru')?.count).toBe(2);
    expect((await migrate(['counter-shards', ...target()])).stdout).toBe('0 counters in the old layout, 0 moved to their shard partition, 0 claims written\n');
  }, 60_000);

  it('lists incidents closed before the closed list existed, once', async () => {
    const closed = { incidentId: 'inc_old', name: 'Attack day 2026-10', startedAt: '2026-10-01T08:00:00Z', status: 'closed', declaredAt: '2026-10-01T08:05:00Z', declaredBy: 'ana', declaredByUnit: 'eu-iru', seeds: { urls: [], handles: [], terms: ['manifesto'], contentHashes: [], pdqHashes: [] }, closedAt: '2026-10-03T18:00:00Z', closedBy: 'ana' };
    await table.client.send(new PutCommand({ TableName: table.name, Item: { pk: 'INCIDENT#inc_old', sk: 'META', entity: 'incident', ...closed } }));
    expect(await migrate(['closed-incidents', ...target()])).toMatchObject({ code: 0, stdout: '1 closed incidents, 1 added to the closed list\n' });
    const stores = createStores({ TABLE_NAME: table.name, AWS_REGION: 'eu-west-1' }, { documentClient: table.client });
    expect((await stores.incidents.listClosed({ limit: 10 })).incidents).toEqual([closed]);
    expect((await migrate(['closed-incidents', ...target()])).stdout).toBe('1 closed incidents, 0 added to the closed list\n');
  }, 60_000);

  it('runs the other steps by name', async () => {
    expect(await migrate(['unit-report-days', ...target()])).toMatchObject({ code: 0, stdout: "0 reports read, 0 moved to their day's partition\n" });
    expect(await migrate(['other-hosts-queue', ...target()])).toMatchObject({ code: 0, stdout: '0 referrals read, 0 moved to the other-hosts queue\n' });
  }, 60_000);

  it('refuses an unknown step or a missing table with the usage', async () => {
    for (const args of [['counter-shard', ...target()], ['counter-shards', '--region', 'eu-west-1'], [...target()]]) {
      const refused = await migrate(args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain('usage: npm run migrate -- <step>');
      expect(refused.stderr).toContain('counter-shards');
    }
  }, 60_000);
});
