import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contentHashesOf } from '../core/content-hashes';
import type { LifecycleRecord } from '../core/lifecycle/referral-lifecycle';
import { utcDay } from '../core/referral-id';
import { dueAtOf, type LegalClock } from '../core/rule-of-law/clocks';
import { complaintClock, type Complaint } from '../core/rule-of-law/complaints';
import type { CounterIncrement } from '../core/rule-of-law/counters';
import type { Review } from '../core/rule-of-law/four-eyes';
import type { Decision, LegalActor, LegalEvent } from '../core/rule-of-law/legal-event';
import { preserveOnRemoval, type LegalHold } from '../core/rule-of-law/legal-hold';
import { proceduresSentTo, providerKeyOf, type ProviderHistory } from '../core/rule-of-law/procedural-notice';
import { complaintIncrements, noticeIncrements, orderFollowUp, orderIncrements, removalTime, type ReferralSnapshot } from '../core/rule-of-law/lifecycle-effects';
import { orderClocks, recordAnswer, recordReceipt, removalClockStart, type RemovalOrder } from '../core/rule-of-law/removal-order';
import type { EvidenceStore } from './evidence-store';
import type { ReferralStore } from './referral-store';
import { keys, partitions, sortPrefixes, type TableKey } from './table/keys';
import {
  clockItem,
  complaintItem,
  legalEventSchema,
  legalHoldItem,
  removalOrderItem,
  reportItem,
  retentionCheckItem,
  reviewItem,
  unitSettingsItem,
  type ClockItem,
  type ReferralItem,
  type UnitSettings,
} from './table/items';
import { isConditionFailure, queryAll, queryPrefix } from './table/operations';

const strip = <T extends Record<string, unknown>>(item: T): Omit<T, 'pk' | 'sk' | 'entity' | 'lastEvent'> => {
  const { pk: _pk, sk: _sk, entity: _entity, lastEvent: _lastEvent, ...rest } = item;
  return rest;
};

export type SaveResult<T> = { ok: true; doc: T; changed: boolean } | Exclude<Decision<T>, { ok: true }> | { ok: false; status: 409; code: 'conflict'; rule: string; message: string; raced: true };

/**
 * DynamoDB access for removal orders, legal holds, reviews, complaints, unit settings, open
 * legal clocks and the retention schedule. Each record is one item written with a conditional
 * put on its version; its audit event is keyed by that version and written once, and every
 * follow-up (counters, clocks) is derived from the stored record, so a retry after a crash
 * repeats exactly the same writes (dynalite has no transactions).
 */
export interface PurgeResult {
  /** Table items deleted (the referral item itself not counted). */
  itemsDeleted: number;
  /** Evidence artifacts deleted: those no other referral cites. */
  evidenceDeleted: number;
}

export class RuleOfLawStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly referrals: ReferralStore,
    /** Where captured artifacts live; the purge deletes those no other referral cites. */
    private readonly evidence?: EvidenceStore,
  ) {}

  private async getItem(key: TableKey): Promise<Record<string, unknown> | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return result.Item;
  }

  async getOrder(referralId: string): Promise<RemovalOrder | undefined> {
    const item = await this.getItem(keys.order(referralId));
    return item ? (strip(removalOrderItem.parse(item)) as RemovalOrder) : undefined;
  }

  async getHold(referralId: string): Promise<LegalHold | undefined> {
    const item = await this.getItem(keys.hold(referralId));
    return item ? strip(legalHoldItem.parse(item)) : undefined;
  }

  /** A unit's review of a referral. */
  async getReview(referralId: string, unit: string): Promise<Review | undefined> {
    const item = await this.getItem(keys.review(referralId, unit));
    return item ? strip(reviewItem.parse(item)) : undefined;
  }

  /** Every unit's review of a referral (one each). */
  async listReviews(referralId: string): Promise<Review[]> {
    const items = await this.queryPartition(partitions.referral(referralId), sortPrefixes.review);
    return items.map((item) => strip(reviewItem.parse(item)));
  }

  async getComplaint(referralId: string, complaintId: string): Promise<Complaint | undefined> {
    const item = await this.getItem(keys.complaint(referralId, complaintId));
    return item ? strip(complaintItem.parse(item)) : undefined;
  }

  async listComplaints(referralId: string): Promise<Complaint[]> {
    const items = await this.queryPartition(partitions.referral(referralId), sortPrefixes.complaint);
    return items.map((item) => strip(complaintItem.parse(item)));
  }

  async listAudit(referralId: string): Promise<LegalEvent[]> {
    const items = await this.queryPartition(partitions.referral(referralId), sortPrefixes.legalAudit);
    return items.map((item) => legalEventSchema.parse(item)).sort((a, b) => a.at.localeCompare(b.at) || a.version - b.version);
  }

  async getUnitSettings(unit: string): Promise<UnitSettings | undefined> {
    const item = await this.getItem(keys.unitSettings(unit));
    return item ? unitSettingsItem.parse(item) : undefined;
  }

  /** What the unit's records say of a provider before an order to it (Art. 3(2)). */
  async providerHistory(unit: string, platform: string, addresseeName: string): Promise<ProviderHistory> {
    const [settings, first] = await Promise.all([this.getUnitSettings(unit), this.getItem(keys.firstOrderTo(unit, providerKeyOf(platform, addresseeName)))]);
    const sentAt = proceduresSentTo(settings?.tcoProcedures ?? [], platform, addresseeName);
    return { previousOrder: first !== undefined, ...(sentAt !== undefined ? { proceduresSentAt: sentAt } : {}) };
  }

  /** Remembers the unit's first order to a provider; repeating it keeps the first. */
  async markOrderIssued(unit: string, platform: string, addresseeName: string, order: { orderId: string; issuedAt: string }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.firstOrderTo(unit, providerKeyOf(platform, addresseeName)),
        UpdateExpression: 'SET entity = if_not_exists(entity, :entity), orderId = if_not_exists(orderId, :orderId), issuedAt = if_not_exists(issuedAt, :issuedAt)',
        ExpressionAttributeValues: { ':entity': 'first-order', ':orderId': order.orderId, ':issuedAt': order.issuedAt },
      }),
    );
  }

  /** Unit settings: a conditional put on the version the admin saw (0 for the first). */
  async putUnitSettings(settings: Omit<UnitSettings, 'pk' | 'sk' | 'entity'>, expectedVersion: number, actor: LegalActor): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.unitSettings(settings.unit), entity: 'unit-settings', ...settings },
          ...(expectedVersion === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.putAudit({
      referralId: '',
      subject: 'settings',
      subjectId: settings.unit,
      version: settings.version,
      action: 'settings_changed',
      at: settings.updatedAt,
      actor,
      details: { fourEyes: String(settings.fourEyes) },
    });
    return true;
  }

  private queryPartition(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryPrefix({ client: this.client, name: this.tableName }, pk, prefix);
  }

  /**
   * Logs who read which artifact of which referral, and when: evidence access is what a
   * defence will ask about. Written before the bytes are served; no read goes unlogged.
   */
  async recordEvidenceRead(read: { referralId: string; sha256: string; kind: string; versionId?: string | undefined; actor: LegalActor; at: string }): Promise<void> {
    const event: LegalEvent = {
      referralId: read.referralId,
      subject: 'evidence',
      subjectId: read.sha256,
      version: 0,
      action: 'evidence_read',
      at: read.at,
      actor: read.actor,
      details: { kind: read.kind, ...(read.versionId ? { versionId: read.versionId } : {}) },
    };
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.evidenceRead(read.referralId, read.sha256, read.at, randomUUID()), entity: 'legal-audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async putAudit(event: LegalEvent): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.legalAudit(event), entity: 'legal-audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      // The event of a version is written once; a retry finds it there.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** One conditional put of a record at its next version, carrying its event (re-put as audit by `complete`). */
  private async save(key: TableKey, entity: string, doc: { version: number }, event: LegalEvent): Promise<boolean> {
    const expected = doc.version - 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entity, ...doc, lastEvent: event },
          ...(expected === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Applies a decision of the core: refusals pass through, a repeat is completed again (repairing
   * a crash between writes), a change is written and completed. A lost race answers 409.
   */
  private async apply<T extends { version: number }>(decision: Decision<T>, key: TableKey, entity: string, complete: (doc: T, event?: LegalEvent) => Promise<void>): Promise<SaveResult<T>> {
    if (!decision.ok) return decision;
    if ('unchanged' in decision) {
      await complete(decision.unchanged);
      return { ok: true, doc: decision.unchanged, changed: false };
    }
    if (!(await this.save(key, entity, decision.next, decision.event))) {
      return { ok: false, status: 409, code: 'conflict', rule: 'optimistic locking', message: 'the record changed while you acted; reload and retry', raced: true };
    }
    await complete(decision.next, decision.event);
    return { ok: true, doc: decision.next, changed: true };
  }

  saveOrder(decision: Decision<RemovalOrder>): Promise<SaveResult<RemovalOrder>> {
    const referralId = decision.ok ? ('next' in decision ? decision.next.referralId : decision.unchanged.referralId) : '';
    return this.apply(decision, keys.order(referralId), 'removal-order', (order, event) => this.completeOrder(order, event));
  }

  saveHold(decision: Decision<LegalHold>): Promise<SaveResult<LegalHold>> {
    const referralId = decision.ok ? ('next' in decision ? decision.next.referralId : decision.unchanged.referralId) : '';
    return this.apply(decision, keys.hold(referralId), 'legal-hold', async (hold, event) => {
      if (event) await this.putAudit(event);
      // A hold that ends reschedules the retention check for that day.
      const until = hold.active ? hold.until : hold.releasedAt;
      if (until) await this.scheduleRetentionCheck(hold.referralId, until);
    });
  }

  saveReview(decision: Decision<Review>): Promise<SaveResult<Review>> {
    const review = decision.ok ? ('next' in decision ? decision.next : decision.unchanged) : { referralId: '', unit: '' };
    return this.apply(decision, keys.review(review.referralId, review.unit), 'review', async (_review, event) => {
      if (event) await this.putAudit(event);
    });
  }

  saveComplaint(decision: Decision<Complaint>): Promise<SaveResult<Complaint>> {
    const ids = decision.ok ? ('next' in decision ? decision.next : decision.unchanged) : { referralId: '', complaintId: '' };
    return this.apply(decision, keys.complaint(ids.referralId, ids.complaintId), 'complaint', async (complaint, event) => {
      if (event) await this.putAudit(event);
      await this.countAll(complaintIncrements(complaint));
      await this.syncClocks(complaint.referralId, complaint.complaintId, [complaintClock(complaint)]);
    });
  }

  private async completeOrder(order: RemovalOrder, event?: LegalEvent): Promise<void> {
    if (event) await this.putAudit(event);
    await this.countAll(orderIncrements(order));
    await this.syncClocks(order.referralId, order.orderId, orderClocks(order));
    // The referral's own deadline follows the order: one hour from confirmed receipt (Art. 3(3)),
    // or from the restart after an Annex III answer (Art. 3(7) and (8)).
    if (order.receivedAt !== undefined) {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(order.referralId),
          UpdateExpression: 'SET deadlineAt = :due',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':due': dueAtOf({ kind: 'tco-removal', startedAt: removalClockStart(order) ?? order.receivedAt }) },
        }),
      );
    }
  }

  async countAll(increments: CounterIncrement[]): Promise<void> {
    for (const increment of increments) await this.referrals.countOnce(increment.dimension, increment.day, increment.value, increment.member);
  }

  /** Open clocks are listed in the clock index; stopped ones leave it. */
  private async syncClocks(referralId: string, subjectId: string, clocks: LegalClock[]): Promise<void> {
    for (const clock of clocks) {
      const dueAt = dueAtOf(clock);
      const key = keys.clock(dueAt, referralId, clock.kind, subjectId);
      if (clock.stoppedAt !== undefined) {
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
        continue;
      }
      // UpdateItem, not Put: a repeat keeps the scheduler's flag.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET entity = :entity, referralId = :rid, kind = :kind, subjectId = :sid, startedAt = :start, dueAt = :due',
          ExpressionAttributeValues: { ':entity': 'legal-clock', ':rid': referralId, ':kind': clock.kind, ':sid': subjectId, ':start': clock.startedAt, ':due': dueAt },
        }),
      );
    }
  }

  /** Open clocks due before `until` (ISO), oldest first. */
  async clocksDueBefore(until: string): Promise<ClockItem[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': partitions.openClocks, ':until': `${until}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => clockItem.parse(item));
  }

  /** Flags a clock near or past its deadline, once per flag; true when this call set it. */
  async flagClock(clock: ClockItem, flag: 'near' | 'overdue', at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: clock.pk, sk: clock.sk },
          UpdateExpression: 'SET flag = :flag, flaggedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(flag) OR flag <> :flag)',
          ExpressionAttributeValues: { ':flag': flag, ':at': at },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.putAudit({
      referralId: clock.referralId,
      subject: 'clock',
      subjectId: `${clock.kind}:${clock.subjectId}`,
      version: flag === 'near' ? 1 : 2,
      action: flag === 'near' ? 'deadline_near' : 'deadline_missed',
      at,
      actor: { kind: 'system', id: 'scheduler' },
      details: { dueAt: clock.dueAt },
    });
    return true;
  }

  async scheduleRetentionCheck(referralId: string, at: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.retentionCheck(utcDay(at), referralId), entity: 'retention-due', referralId, at } }));
  }

  /** Retention checks due on or before `day`: one query on the schedule partition. */
  async retentionDue(day: string): Promise<{ day: string; referralId: string }[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': partitions.retentionDue, ':until': `${day}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const check = retentionCheckItem.parse(item);
      return { day: check.sk.slice(0, 10), referralId: check.referralId };
    });
  }

  async dropRetentionCheck(day: string, referralId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.retentionCheck(day, referralId) }));
  }

  /**
   * Deletes everything kept about a referral: its evidence artifacts that no other referral
   * cites, its claims on content hashes (so a later copy is not called a mirror of nothing),
   * its partition (referral, reports, audit, deliveries, orders, complaints), its submissions
   * and indicator links; leaves a purge record without content. Each delete is idempotent, and
   * what the purge needs to find (the reports) goes after what it finds through them, so a
   * purge cut short is finished by the next run.
   */
  async purgeReferral(referral: ReferralItem, at: string): Promise<PurgeResult> {
    const items = await this.queryPartition(partitions.referral(referral.referralId), sortPrefixes.all);
    let deleted = 0;
    const remove = async (key: TableKey) => {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      deleted += 1;
    };
    const reports = items.filter((item) => item['entity'] === 'report').map((item) => reportItem.parse(item));
    for (const hash of new Map(reports.flatMap(contentHashesOf).map((h) => [`${h.kind}#${h.sha256}`, h])).values()) {
      await this.releaseContentHash(hash.kind, hash.sha256, referral.referralId);
    }
    let evidenceDeleted = 0;
    const artifacts = new Set(reports.flatMap((report) => report.capture?.artifacts ?? []).map((artifact) => artifact.sha256));
    for (const sha256 of artifacts) {
      await remove(keys.evidenceCitation(sha256, referral.referralId));
      if (this.evidence && !(await this.isCited(sha256))) {
        await this.evidence.delete(sha256);
        evidenceDeleted += 1;
      }
    }
    for (const indicator of referral.indicators) await remove(keys.indicatorLink(indicator.type, indicator.value, referral.referralId));
    for (const submissionId of referral.submissionIds) await remove(keys.submission(submissionId));
    // The referral item goes last: while it exists, the next run finds the purge unfinished.
    for (const item of items) if (item['sk'] !== 'META') await remove({ pk: String(item['pk']), sk: String(item['sk']) });
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.purgeLog(at, referral.referralId), entity: 'retention-purge', referralId: referral.referralId, closedAt: referral.closedAt, purgedAt: at, itemsDeleted: deleted + 1, evidenceDeleted },
      }),
    );
    await remove(keys.referral(referral.referralId));
    return { itemsDeleted: deleted, evidenceDeleted };
  }

  /** Whether any referral still cites the artifact. */
  private async isCited(sha256: string): Promise<boolean> {
    const pk = partitions.evidence(sha256);
    const result = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: 1, ConsistentRead: true }),
    );
    return (result.Items ?? []).length > 0;
  }

  /** Deletes a content-hash claim only if this referral owns it (a mirror's claim is another referral's). */
  private async releaseContentHash(kind: string, sha256: string, referralId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.contentHash(kind, sha256),
          ConditionExpression: 'referralId = :referralId',
          ExpressionAttributeValues: { ':referralId': referralId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * The rule-of-law consequences of a lifecycle change (called by LifecycleStore after every
   * change, and again on its retries): trusted flagger counters, the retention schedule,
   * preservation on removal (Art. 6(2)), and the removal order's receipt and answer (Art. 3).
   */
  async onLifecycleChange(record: LifecycleRecord): Promise<void> {
    const referral = await this.referrals.getReferral(record.referralId);
    if (!referral) return;
    const event = record.lastEvent as { at?: string; actor?: LegalActor } | undefined;
    const snapshot: ReferralSnapshot = {
      referralId: referral.referralId,
      platform: referral.platform,
      category: referral.category,
      units: referral.units,
      status: referral.status,
      ...(referral.outcome ? { outcome: referral.outcome } : {}),
      ...(referral.sentAt ? { sentAt: referral.sentAt } : {}),
      ...(referral.closedAt ? { closedAt: referral.closedAt } : {}),
      ...(event?.at ? { statusAt: event.at } : {}),
    };
    await this.countAll(noticeIncrements(snapshot));
    if (snapshot.closedAt) await this.scheduleRetentionCheck(snapshot.referralId, snapshot.closedAt);
    const actor: LegalActor = event?.actor && typeof event.actor.id === 'string' ? event.actor : { kind: 'system', id: 'lifecycle' };
    const removedAt = removalTime(snapshot);
    if (removedAt) {
      const saved = await this.saveHold(preserveOnRemoval(await this.getHold(snapshot.referralId), snapshot.referralId, removedAt, actor));
      if (!saved.ok && !('raced' in saved)) throw new Error(`preservation of ${snapshot.referralId} refused: ${saved.message}`);
    }
    if (referral.legalRoute !== 'removal_order') return;
    let order = await this.getOrder(snapshot.referralId);
    const followUp = orderFollowUp(snapshot, order);
    const now = new Date(Date.parse(event?.at ?? snapshot.closedAt ?? snapshot.statusAt ?? new Date(0).toISOString()));
    if (order && followUp.receivedAt) {
      const saved = await this.saveOrder(recordReceipt(order, followUp.receivedAt, actor, now));
      order = saved.ok ? saved.doc : order;
    }
    if (order && followUp.answer) await this.saveOrder(recordAnswer(order, followUp.answer, actor, now));
  }

  getReferral(referralId: string): Promise<ReferralItem | undefined> {
    return this.referrals.getReferral(referralId);
  }

  /** Officer ids of the referral's reporters: a reviewer may not approve what they reported. */
  async reporterIds(referralId: string): Promise<string[]> {
    return (await this.referrals.listReports(referralId)).map((report) => report.officerId);
  }
}

