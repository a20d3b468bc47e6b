import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LegalActor, LegalEvent } from '../../core/rule-of-law/legal-event';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { legalEventSchema } from '../table/items';
import { isConditionFailure, queryPrefix, type TableHandle } from '../table/operations';

/** The rule-of-law audit trail: one item per (subject, version), written once, never updated. */
export class LegalAuditStore {
  constructor(private readonly table: TableHandle) {}

  async put(event: LegalEvent): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({ TableName: this.table.name, Item: { ...keys.legalAudit(event), entity: 'legal-audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      // The event of a version is written once; a retry finds it there.
      if (!isConditionFailure(error)) throw error;
    }
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
    await this.table.client.send(
      new PutCommand({ TableName: this.table.name, Item: { ...keys.evidenceRead(read.referralId, read.sha256, read.at, randomUUID()), entity: 'legal-audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async list(referralId: string): Promise<LegalEvent[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.legalAudit);
    return items.map((item) => legalEventSchema.parse(item)).sort((a, b) => a.at.localeCompare(b.at) || a.version - b.version);
  }
}
