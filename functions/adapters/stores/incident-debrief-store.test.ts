import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { crashingOnce } from '../../../tests/helpers/faulty-table';
import { useLocalTable } from '../../../tests/helpers/local-table';
import type { IncidentReferralRow } from '../../contract/incident';
import { incidentFigures } from '../../core/incidents/incident-figures';
import { createStores } from '../create-stores';
import { partitions } from '../table/keys';
import type { TableHandle } from '../table/operations';
import type { FrozenDebriefContent } from '../table/urgent-items';

/** The frozen debrief: parts keyed by digest, a pointer written once, an audit event; safe to repeat after a crash anywhere. */

const storesOn = (handle: TableHandle) => createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1' }, { documentClient: handle.client });

/** An attack day's rows: long URLs in several scripts, so the JSON spans parts and multi-byte characters straddle their edges. */
const contentOf = (referrals: number, platform = 'telegram'): FrozenDebriefContent => {
  const rows: IncidentReferralRow[] = Array.from({ length: referrals }, (_, n) => ({
    referralId: `ref_${n.toString(16).padStart(24, '0')}`,
    url: `https://t.me/s/канал_${n}/${'ج'.repeat(40)}${'🚨'.repeat(20)}`,
    platform,
    priority: 'P2',
    status: n % 3 === 0 ? 'actioned' : 'new',
    ...(n % 3 === 0 ? { outcome: 'removed', sentAt: '2026-12-06T10:00:00.000Z', closedAt: '2026-12-06T10:20:00.000Z' } : {}),
    reportCount: 1 + (n % 4),
    firstReportedAt: '2026-12-06T09:30:00.000Z',
  }));
  return { rows, figures: incidentFigures(rows, rows.flatMap((row) => Array.from({ length: row.reportCount }, () => row.firstReportedAt))) };
};

const partsOf = async (handle: TableHandle, incidentId: string) =>
  (
    await handle.client.send(
      new QueryCommand({ TableName: handle.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)', ExpressionAttributeValues: { ':pk': partitions.incident(incidentId), ':parts': 'DEBRIEF' } }),
    )
  ).Items ?? [];
const eventsOf = async (handle: TableHandle, incidentId: string) =>
  (
    await handle.client.send(
      new QueryCommand({ TableName: handle.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)', ExpressionAttributeValues: { ':pk': partitions.incident(incidentId), ':audit': 'AUDIT#' } }),
    )
  ).Items ?? [];

const entityOf = (command: unknown) => (command instanceof PutCommand ? command.input.Item?.['entity'] : undefined);
const writes: [string, (command: unknown) => boolean][] = [
  ['the second part', (command) => entityOf(command) === 'incident-debrief-part' && String((command as PutCommand).input.Item?.['sk']).endsWith('#002')],
  ['the pointer', (command) => entityOf(command) === 'incident-debrief'],
  ['the audit event', (command) => entityOf(command) === 'incident-event'],
];

const table = useLocalTable();

describe('IncidentDebriefStore', () => {
  it('keeps a debrief larger than one item in parts and reads it back byte for byte', async () => {
    const incidentId = '00000000-0000-4000-8000-000000000001';
    const content = contentOf(2_000);
    const debriefs = storesOn(table).incidentDebriefs;
    expect(await debriefs.get(incidentId)).toBeUndefined();
    const { frozenNow, debrief } = await debriefs.freeze(incidentId, content, '2026-12-06T12:00:00.000Z', 'admin.kai');
    expect(frozenNow).toBe(true);
    expect((await partsOf(table, incidentId)).filter((item) => item['entity'] === 'incident-debrief-part').length).toBeGreaterThan(1);
    expect(await debriefs.get(incidentId)).toEqual(debrief);
    expect(debrief).toMatchObject({ generatedAt: '2026-12-06T12:00:00.000Z', ...content });
  });

  it.each(writes.flatMap(([name, dies]) => (['before', 'after'] as const).map((when) => [name, when, dies] as const)))(
    'a crash %s (%s it is written): the repeat completes one debrief, one pointer, one audit event, no stray part',
    async (_name, when, dies) => {
      const incidentId = `00000000-0000-4000-8000-${String(writes.findIndex(([n]) => n === _name) * 2 + (when === 'before' ? 10 : 11)).padStart(12, '0')}`;
      const content = contentOf(1_500);
      const crashed = storesOn(crashingOnce(table, when, dies)).incidentDebriefs;
      await expect(crashed.freeze(incidentId, content, '2026-12-06T12:00:00.000Z', 'admin.kai')).rejects.toThrow('process died');
      // The repeat comes later, after a platform acted: what a completed pointer names stays.
      const later = contentOf(1_500, 'youtube');
      const { incidentDebriefs } = storesOn(table);
      const repeated = await incidentDebriefs.freeze(incidentId, later, '2026-12-06T12:05:00.000Z', 'admin.marc');
      const pointerWritten = _name === 'the audit event' || (_name === 'the pointer' && when === 'after');
      expect(repeated.frozenNow).toBe(!pointerWritten);
      expect(repeated.debrief).toMatchObject(pointerWritten ? { generatedAt: '2026-12-06T12:00:00.000Z', ...content } : { generatedAt: '2026-12-06T12:05:00.000Z', ...later });
      expect(await incidentDebriefs.get(incidentId)).toEqual(repeated.debrief);
      const items = await partsOf(table, incidentId);
      expect(items.filter((item) => item['entity'] === 'incident-debrief')).toHaveLength(1);
      // The crashed call's parts, of bytes no pointer names, are gone.
      const parts = items.filter((item) => item['entity'] === 'incident-debrief-part');
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.every((item) => String(item['sk']).startsWith(`DEBRIEF#${repeated.debrief.sha256}#`))).toBe(true);
      const events = await eventsOf(table, incidentId);
      expect(events.map((event) => [event['action'], event['sha256']])).toEqual([['debriefed', repeated.debrief.sha256]]);
      // And a third call changes nothing.
      expect(await incidentDebriefs.freeze(incidentId, contentOf(3), '2026-12-06T13:00:00.000Z', 'admin.kai')).toEqual({ frozenNow: false, debrief: repeated.debrief });
      expect(await eventsOf(table, incidentId)).toEqual(events);
    },
  );

  it('two closes at once freeze one debrief: the loser finds the winner, and its own parts are taken out', async () => {
    const incidentId = '00000000-0000-4000-8000-000000000099';
    const { incidentDebriefs } = storesOn(table);
    const [a, b] = await Promise.all([
      incidentDebriefs.freeze(incidentId, contentOf(800), '2026-12-06T12:00:00.000Z', 'admin.kai'),
      incidentDebriefs.freeze(incidentId, contentOf(800, 'x'), '2026-12-06T12:00:01.000Z', 'admin.marc'),
    ]);
    expect([a.frozenNow, b.frozenNow].sort()).toEqual([false, true]);
    expect(a.debrief).toEqual(b.debrief);
    const parts = (await partsOf(table, incidentId)).filter((item) => item['entity'] === 'incident-debrief-part');
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((item) => String(item['sk']).startsWith(`DEBRIEF#${a.debrief.sha256}#`))).toBe(true);
    expect(await eventsOf(table, incidentId)).toHaveLength(1);
  });
});
