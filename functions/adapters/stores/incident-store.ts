import * as z from 'zod';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExplainedLabel } from '../../contract/responses';
import type { OpenIncident } from '../../core/incidents/incident-seeds';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { referralItem, type ReferralItem } from '../table/items';
import { incidentItem, incidentReferralItem, type IncidentItem } from '../table/urgent-items';
import { whenConditionHolds, type TableHandle } from '../table/operations';

const reportTime = z.object({ acceptedAt: z.string() });

export type IncidentRecord = Omit<IncidentItem, 'pk' | 'sk' | 'entity'>;

const recordOf = (item: Record<string, unknown>): IncidentRecord => {
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = incidentItem.parse(item);
  return record;
};

/**
 * Declared incidents (crisis mode), their audit events, and the incident labels on referrals.
 * dynalite has no transactions: each write is single-item and safe to repeat, ordered so the
 * audit event is never missing for an incident that exists.
 */
export class IncidentStore {
  constructor(private readonly table: TableHandle) {}

  async get(incidentId: string): Promise<IncidentRecord | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.incident(incidentId), ConsistentRead: true }));
    return result.Item ? recordOf(result.Item) : undefined;
  }

  /**
   * Declares an incident once: the audit event, the incident, then its open copy. Returns the
   * incident as stored: this declaration's, or an earlier one under the same id (the caller
   * compares), whose missing writes a repeat repairs.
   */
  async declare(incident: IncidentRecord): Promise<{ created: boolean; stored: IncidentRecord }> {
    const existing = await this.get(incident.incidentId);
    const declared = existing ?? incident;
    await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentEvent(declared.incidentId, declared.declaredAt, 'declared'), entity: 'incident-event', action: 'declared', incidentId: declared.incidentId, at: declared.declaredAt, by: declared.declaredBy, unit: declared.declaredByUnit, name: declared.name, seeds: declared.seeds },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const created = existing
      ? false
      : await whenConditionHolds(() =>
          this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.incident(incident.incidentId), entity: 'incident', ...incident }, ConditionExpression: 'attribute_not_exists(pk)' })),
        );
    // Lost a race with the same id: answer with what the winner stored.
    const stored = created || existing ? declared : ((await this.get(incident.incidentId)) ?? incident);
    if (stored.status === 'open') {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.openIncident(stored.incidentId), entity: 'open-incident', ...stored } }));
      // A close that ran between our read and this put deleted the copy before we wrote it: take it out again.
      if ((await this.get(stored.incidentId))?.status === 'closed') await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.openIncident(stored.incidentId) }));
    }
    return { created, stored };
  }

  /**
   * Closes an incident once: the first close's time and officer stay. Then, each repeatable, its
   * audit event and the removal of its open copy (from which on reports are no longer matched).
   * Returns the incident as closed, or undefined when there is no such incident.
   */
  async close(incidentId: string, at: string, by: string): Promise<{ closedNow: boolean; stored: IncidentRecord } | undefined> {
    const closedNow = await whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.incident(incidentId),
          UpdateExpression: 'SET #status = :closed, closedAt = :at, closedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':at': at, ':by': by },
        }),
      ),
    );
    const stored = await this.get(incidentId);
    if (!stored?.closedAt) return undefined;
    await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentEvent(incidentId, stored.closedAt ?? at, 'closed'), entity: 'incident-event', action: 'closed', incidentId, at: stored.closedAt, by: stored.closedBy ?? by },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const closedAt = stored.closedAt;
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.closedIncident(incidentId, closedAt), entity: 'closed-incident', ...stored } }));
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.openIncident(incidentId) }));
    return { closedNow, stored };
  }

  /**
   * Closed incidents, newest close first, a page at a time from after the `sk` of the last one read.
   * One more than the page is read, so a page that ends with the list says so (no cursor to an
   * empty page); a read cut short by DynamoDB's 1 MB still gives a cursor.
   */
  async listClosed(page: { limit: number; after?: string }): Promise<{ incidents: IncidentRecord[]; next?: string }> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.closedIncidents },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ConsistentRead: true,
        ...(page.after === undefined ? {} : { ExclusiveStartKey: { pk: partitions.closedIncidents, sk: page.after } }),
      }),
    );
    const items = (result.Items ?? []).slice(0, page.limit);
    const last = items.at(-1);
    const more = (result.Items ?? []).length > page.limit || result.LastEvaluatedKey !== undefined;
    return { incidents: items.map(recordOf), ...(more && last ? { next: String(last['sk']) } : {}) };
  }

  /** The open incidents; a handful at most, read whole for every report. */
  async listOpen(): Promise<IncidentRecord[]> {
    const result = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitions.openIncidents }, ConsistentRead: true }),
    );
    return (result.Items ?? []).map(recordOf).sort((a, b) => b.declaredAt.localeCompare(a.declaredAt));
  }

  async openForMatching(): Promise<OpenIncident[]> {
    return (await this.listOpen()).map(({ incidentId, name, startedAt, seeds }) => ({ incidentId, name, startedAt, seeds }));
  }

  /**
   * Records that an officer added a referral to the incident by hand: the first addition stays (its
   * unit and time are the audit of it). Returns the addition as stored and whether this call made it.
   */
  async recordAddition(incidentId: string, referralId: string, at: string, by: string, unit: string): Promise<{ first: boolean; at: string; unit: string }> {
    const first = await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentAddition(incidentId, referralId), entity: 'incident-addition', action: 'added', incidentId, referralId, at, by, unit },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (first) return { first, at, unit };
    const stored = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.incidentAddition(incidentId, referralId), ConsistentRead: true }));
    return { first, at: String(stored.Item?.['at'] ?? at), unit: String(stored.Item?.['unit'] ?? unit) };
  }

  /**
   * Labels a referral with an incident once, however many of its reports match and however often
   * they are redelivered. The incident's tag of the referral is written first, so a crash between
   * the two leaves a tag whose label a repeat adds, never a label the incident view cannot find.
   * `at` is when the referral was tied to the incident (the report's acceptance, or the addition):
   * the first tag's stays.
   */
  async labelReferral(referralId: string, incidentId: string, label: ExplainedLabel, at: string): Promise<boolean> {
    await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentReferral(incidentId, referralId), entity: 'incident-referral', incidentId, referralId, taggedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET labels = list_append(if_not_exists(labels, :none), :labels) ADD incidentKeys :key',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(incidentKeys, :id)',
          ExpressionAttributeValues: { ':none': [], ':labels': [label], ':key': new Set([incidentId]), ':id': incidentId },
        }),
      ),
    );
  }

  /**
   * The referrals tagged with the incident, read by key: its tags (one partition, in pages), then
   * the referrals themselves in batches. The view's figures come from the referrals' own current
   * state, so a lifecycle change needs no second write to keep them exact.
   */
  async taggedReferrals(incidentId: string): Promise<ReferralItem[]> {
    const referralIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tagged)',
          ExpressionAttributeValues: { ':pk': partitions.incident(incidentId), ':tagged': sortPrefixes.incidentReferral },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) referralIds.push(incidentReferralItem.parse(item).referralId);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const referrals: ReferralItem[] = [];
    for (let i = 0; i < referralIds.length; i += 100) {
      let pending: Record<string, unknown>[] = referralIds.slice(i, i + 100).map((id) => ({ ...keys.referral(id) }));
      // BatchGet may answer part of a batch under load: what it leaves out is asked for again.
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new Error(`the table left ${pending.length} referrals of incident ${incidentId} unread after ${attempt} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
        const answer = await this.table.client.send(new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of answer.Responses?.[this.table.name] ?? []) referrals.push(referralItem.parse(item));
        pending = answer.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
      }
    }
    return referrals.sort((a, b) => a.firstReportedAt.localeCompare(b.firstReportedAt) || a.referralId.localeCompare(b.referralId));
  }

  /**
   * When each report of these referrals was accepted: one query per referral (its report items,
   * by key, the acceptance time alone), a few at a time. Reports per hour are counted from these.
   */
  async reportTimes(referralIds: readonly string[]): Promise<string[]> {
    const times: string[] = [];
    const next = [...referralIds];
    const worker = async () => {
      for (let referralId = next.pop(); referralId !== undefined; referralId = next.pop()) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.table.client.send(
            new QueryCommand({
              TableName: this.table.name,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
              ExpressionAttributeValues: { ':pk': partitions.referral(referralId), ':report': sortPrefixes.report },
              ProjectionExpression: 'acceptedAt',
              ConsistentRead: true,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          );
          for (const item of page.Items ?? []) times.push(reportTime.parse(item).acceptedAt);
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, referralIds.length) }, worker));
    return times.sort();
  }
}
