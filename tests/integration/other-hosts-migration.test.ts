import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/table/keys';
import { migrateOtherHostsQueue } from '../../functions/adapters/table/migrate-other-hosts-queue';
import type { QueuePage } from '../../functions/contract/lifecycle';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Before the other-hosts queue, a referral on a host outside the registry was queued under the
 * host's own name (`QUEUE#example-jihad.org#new`), a queue no dashboard lists. The migration
 * moves such items to the other-hosts queue, once, however often it runs.
 */
let local: LocalStackHandle;
let dataDir: string | undefined;
const ids = { forum: '', telegram: '' };

const queueIds = async (name: string): Promise<string[]> => {
  const token = await local.tokenFor({ role: 'admin', unit: 'eu-iru' });
  const response = await fetch(`${local.apiUrl}/v1/queues/${name}?status=new&limit=200`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as QueuePage).items.map((item) => item.referralId);
};

beforeAll(async () => {
  // A data directory of the test's own: the stack is stopped and started again on it.
  dataDir = await mkdtemp(join(tmpdir(), 'referral-desk-migration-'));
  local = await startLocalStack({ dataDir });
  const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
  for (const [name, url] of [['forum', 'https://forum.example-jihad.org/thread/99'], ['telegram', 'https://t.me/s/migration_chan/1']] as const) {
    const report = makeReport({ url });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    ids[name] = (await local.waitForSubmission(report.submissionId)).referralId;
  }
  // The forum referral as an earlier version stored it: queued under its domain.
  await local.documentClient.send(
    new UpdateCommand({ TableName: local.stack.config.TABLE_NAME, Key: keys.referral(ids.forum), UpdateExpression: 'SET gsi1pk = :old', ExpressionAttributeValues: { ':old': 'QUEUE#example-jihad.org#new' } }),
  );
});
afterAll(async () => {
  await local?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('migrating referrals queued under their host to the other-hosts queue', () => {
  it('moves them once, leaves registry platforms alone, and a rerun changes nothing', async () => {
    expect(await queueIds('other-hosts')).not.toContain(ids.forum);
    const table = { client: local.documentClient, name: local.stack.config.TABLE_NAME };
    expect(await migrateOtherHostsQueue(table)).toEqual({ referrals: 2, moved: 1 });
    expect(await queueIds('other-hosts')).toContain(ids.forum);
    expect(await queueIds('telegram')).toEqual([ids.telegram]);
    expect(await migrateOtherHostsQueue(table)).toEqual({ referrals: 2, moved: 0 });
    expect((await local.getReferral(ids.forum))?.gsi1pk).toBe('QUEUE#other-hosts#new');
  });

  it('is run by the local stack when it starts on data kept from an earlier start', async () => {
    // Queued the old way again, then the stack stops and starts on the same data, as `npm start` does.
    await local.documentClient.send(
      new UpdateCommand({ TableName: local.stack.config.TABLE_NAME, Key: keys.referral(ids.forum), UpdateExpression: 'SET gsi1pk = :old', ExpressionAttributeValues: { ':old': 'QUEUE#example-jihad.org#new' } }),
    );
    // The test helper's stop finds the referral in a queue no dashboard lists, as it should.
    await expect(local.stop()).rejects.toThrow(/no officer's queue shows/);
    local = await startLocalStack({ dataDir });
    expect((await local.getReferral(ids.forum))?.gsi1pk).toBe('QUEUE#other-hosts#new');
  });
});
