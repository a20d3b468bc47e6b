import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LegalActor, LegalEvent } from '../../core/rule-of-law/legal-event';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { legalEventSchema } from '../table/items';
import { isConditionFailure, queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';
import type { AuditChainStore } from './audit-chain-store';

/** The rule-of-law audit trail: one item per (subject, version), written once, never updated. */
export class LegalAuditStore {
  constructor(
    private readonly table: TableHandle,
    /** Every audit event is linked into its partition's hash chain (the referral's, or the unit's). */
    private readonly chain: AuditChainStore,
  ) {}

  async put(event: LegalEvent): Promise<void> {
    const key = keys.legalAudit(event);
    // What is stored is what is hashed: the event as the item schema reads it back.
    const stored = legalEventSchema.parse(event);
    // The event of a version is written once; a retry finds it there.
    const fresh = await whenConditionHolds(() =>
      this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'legal-audit', ...stored }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    // Also on a retry: the first attempt may have stopped between the event and its link.
    await this.chain.append(key, stored, { fresh });
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
    // Each read is its own event (a fresh id): a repeated request is a second read.
    const key = keys.evidenceRead(read.referralId, read.sha256, read.at, randomUUID());
    const stored = legalEventSchema.parse(event);
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'legal-audit', ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await this.chain.append(key, stored, { fresh: true });
  }

  /**
   * Logs, in the referral's own audit, a send, removal order or export refused under another
   * unit's operational hold (the hold's own record has the same event): which unit held it, not why.
   */
  async recordHoldRefusal(refusal: { referralId: string; eventId: string; refused: string; holdingUnit: string; targetKind: string; actor: LegalActor; at: string }): Promise<void> {
    const event: LegalEvent = {
      referralId: refusal.referralId,
      subject: 'operational-hold',
      subjectId: refusal.eventId,
      version: 0,
      action: 'refused_under_hold',
      at: refusal.at,
      actor: refusal.actor,
      details: { refused: refusal.refused, holdingUnit: refusal.holdingUnit, targetKind: refusal.targetKind },
    };
    const key = keys.holdRefusal(refusal.referralId, refusal.at, refusal.eventId);
    const stored = legalEventSchema.parse(event);
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'legal-audit', ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await this.chain.append(key, stored, { fresh: true });
  }

  /**
   * Logs that a referral left in an indicator export to partners: who exported, in which format,
   * for which indicators, and when. Written before the file is sent, once per referral it lists,
   * so each referral's own audit (and its evidence package) shows where its data went.
   */
  async recordIndicatorExport(exported: { referralId: string; exportId: string; format: string; indicators: readonly string[]; actor: LegalActor; at: string }): Promise<void> {
    const event: LegalEvent = {
      referralId: exported.referralId,
      subject: 'evidence',
      subjectId: `export:${exported.exportId}`,
      version: 0,
      action: 'indicator_export',
      at: exported.at,
      actor: exported.actor,
      details: { format: exported.format, indicators: exported.indicators.join(' '), exportId: exported.exportId },
    };
    const key = keys.indicatorExport(exported.referralId, exported.at, exported.exportId);
    const stored = legalEventSchema.parse(event);
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'legal-audit', ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      // A retried write of the same export finds its event there, and links it below if it was not.
      if (!isConditionFailure(error)) throw error;
    }
    await this.chain.append(key, stored);
  }

  async list(referralId: string): Promise<LegalEvent[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.legalAudit);
    return items.map((item) => legalEventSchema.parse(item)).sort((a, b) => a.at.localeCompare(b.at) || a.version - b.version);
  }
}
