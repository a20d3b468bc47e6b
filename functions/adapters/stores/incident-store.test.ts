import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashingOnce } from '../../../tests/helpers/faulty-table';
import { startLocalTable, type LocalTable } from '../../../tests/helpers/local-table';
import type { TableHandle } from '../table/operations';
import { createStores } from '../create-stores';
import type { ReferralDraft } from './referral-store';

/** The incident's tags: written before the label, read by key in pages and batches. */

const at = '2026-12-06T06:00:00.000Z';
const incidentId = '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c';
const referralIdOf = (n: number) => `ref_${n.toString(16).padStart(24, '0')}`;
const draftOf = (n: number): ReferralDraft => ({
  referralId: referralIdOf(n),
  contentKey: `youtube:video:v${n}`,
  canonicalUrl: `https://www.youtube.com/watch?v=v${n}`,
  url: `https://www.youtube.com/watch?v=v${n}`,
  platform: n % 2 === 0 ? 'youtube' : 'x',
  category: 'propaganda',
  legalRoute: 'referral',
  priority: 'P2',
  deadlineAt: '2026-12-09T06:00:00.000Z',
  language: 'en',
  groups: [],
  labels: [],
  indicators: [],
  reportedAt: at,
});
const label = { name: 'incident', value: incidentId, rule: 'incident-seed-url', evidence: ['seed url'] };

const storesOn = (handle: TableHandle) => createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1' }, { documentClient: handle.client });
const isLabelWrite = (command: unknown) => command instanceof PutCommand && command.input.Item?.['entity'] === 'incident-referral';

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
  const { referrals } = storesOn(table);
  for (let n = 1; n <= 230; n++) {
    await referrals.fileReport(draftOf(n), {
      referralId: referralIdOf(n),
      submissionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      unit: 'eu-iru',
      officerId: 'officer.ana',
      acceptedAt: at,
      url: draftOf(n).url,
      category: 'propaganda',
      subTags: [],
      urgent: false,
      legalRoute: 'referral',
    });
  }
}, 120_000);
afterAll(async () => {
  await table?.stop();
});

describe('IncidentStore tags', () => {
  it('a crash between the tag and the label: the view already finds the referral, the retry labels it once', async () => {
    const crashed = storesOn(crashingOnce(table, 'after', isLabelWrite)).incidents;
    await expect(crashed.labelReferral(referralIdOf(1), incidentId, label, at)).rejects.toThrow('process died');
    const { incidents, referrals } = storesOn(table);
    expect((await incidents.taggedReferrals(incidentId)).map((r) => r.referralId)).toEqual([referralIdOf(1)]);
    expect((await referrals.get(referralIdOf(1)))?.labels).toEqual([]);
    expect(await incidents.labelReferral(referralIdOf(1), incidentId, label, '2026-12-06T07:00:00.000Z')).toBe(true);
    expect(await incidents.labelReferral(referralIdOf(1), incidentId, label, '2026-12-06T08:00:00.000Z')).toBe(false);
    expect((await referrals.get(referralIdOf(1)))?.labels).toEqual([label]);
    expect(await incidents.taggedReferrals(incidentId)).toHaveLength(1);
  });

  it('reads every tagged referral of a large incident, over batches of 100, each once', async () => {
    const { incidents } = storesOn(table);
    for (let n = 1; n <= 230; n++) await incidents.labelReferral(referralIdOf(n), incidentId, label, at);
    const tagged = await incidents.taggedReferrals(incidentId);
    expect(tagged).toHaveLength(230);
    expect(new Set(tagged.map((r) => r.referralId)).size).toBe(230);
    expect(await incidents.taggedReferrals('00000000-0000-4000-8000-000000000000')).toEqual([]);
    // One report each: the acceptance times of all of them, read by key a few referrals at a time.
    expect(await incidents.reportTimes(tagged.map((r) => r.referralId))).toEqual(Array.from({ length: 230 }, () => at));
    expect(await incidents.reportTimes([])).toEqual([]);
  });
});
