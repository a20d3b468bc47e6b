import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { frozenDebriefContent, incidentDebriefItem, incidentDebriefPartItem, type FrozenDebriefContent } from '../table/urgent-items';
import { whenConditionHolds, type TableHandle } from '../table/operations';

/** A DynamoDB item holds at most 400 KB: each part leaves room for its keys. */
const partBytes = 300_000;

/** A debrief as frozen when its incident closed, and how to recognise those bytes again. */
export interface FrozenDebrief extends FrozenDebriefContent {
  generatedAt: string;
  sha256: string;
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The debrief of a closed incident, frozen once so it reads the same later whatever the platforms
 * do afterwards: every tagged referral's row and the figures over them, as UTF-8 JSON in parts
 * (an attack day's thousands of rows outgrow one item), named by a pointer item written last.
 */
export class IncidentDebriefStore {
  constructor(private readonly table: TableHandle) {}

  /** The frozen debrief, or undefined while there is none (open, or closed and not yet frozen). */
  async get(incidentId: string): Promise<FrozenDebrief | undefined> {
    const pointer = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.incidentDebrief(incidentId), ConsistentRead: true }));
    if (!pointer.Item) return undefined;
    const { generatedAt, sha256, parts } = incidentDebriefItem.parse(pointer.Item);
    const chunks: Uint8Array[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)',
          ExpressionAttributeValues: { ':pk': partitions.incident(incidentId), ':parts': `${sortPrefixes.incidentDebriefPart}${sha256}#` },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) chunks.push(incidentDebriefPartItem.parse(item).content);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const bytes = Buffer.concat(chunks);
    // The pointer is written after every part: fewer parts, or other bytes, is a damaged table, not a debrief.
    if (chunks.length !== parts || sha256Of(bytes) !== sha256) throw new Error(`the debrief of incident ${incidentId} does not match its digest ${sha256}`);
    return { generatedAt, sha256, ...frozenDebriefContent.parse(JSON.parse(bytes.toString('utf8'))) };
  }

  /**
   * Freezes the debrief once: its parts (keyed by digest, so a repeat writes the same bytes), the
   * pointer (the first complete debrief stays), then its audit event. Returns the debrief as stored,
   * whether this call froze it; a repeat after a crash between any two writes completes them.
   */
  async freeze(incidentId: string, content: FrozenDebriefContent, generatedAt: string, by: string): Promise<{ frozenNow: boolean; debrief: FrozenDebrief }> {
    const existing = await this.get(incidentId);
    if (existing) {
      await this.#audit(incidentId, existing, by);
      return { frozenNow: false, debrief: existing };
    }
    const bytes = Buffer.from(JSON.stringify(content), 'utf8');
    const sha256 = sha256Of(bytes);
    const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
    for (let part = 0; part < parts; part++) {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentDebriefPart(incidentId, sha256, part + 1), entity: 'incident-debrief-part', content: bytes.subarray(part * partBytes, (part + 1) * partBytes) },
        }),
      );
    }
    const frozenNow = await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.incidentDebrief(incidentId), entity: 'incident-debrief', incidentId, generatedAt, sha256, parts, bytes: bytes.length },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const debrief = frozenNow ? { generatedAt, sha256, ...content } : await this.get(incidentId);
    if (!debrief) throw new Error(`the debrief of incident ${incidentId} vanished after it was written`);
    await this.#removePartsOtherThan(incidentId, debrief.sha256);
    await this.#audit(incidentId, debrief, by);
    return { frozenNow, debrief };
  }

  /**
   * Parts no pointer names: this call's, when a racing close froze other bytes first, or a crashed
   * call's, frozen before a platform acted. They would never be read; they are taken out.
   */
  async #removePartsOtherThan(incidentId: string, sha256: string): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)',
          ExpressionAttributeValues: { ':pk': partitions.incident(incidentId), ':parts': sortPrefixes.incidentDebriefPart },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item['sk']);
        if (!sk.startsWith(`${sortPrefixes.incidentDebriefPart}${sha256}#`)) await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: { pk: item['pk'], sk } }));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The debrief's audit event, keyed by its stored time: written once, whoever's call writes it. */
  async #audit(incidentId: string, debrief: FrozenDebrief, by: string): Promise<void> {
    await whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...keys.incidentEvent(incidentId, debrief.generatedAt, 'debriefed'),
            entity: 'incident-event',
            action: 'debriefed',
            incidentId,
            at: debrief.generatedAt,
            by,
            sha256: debrief.sha256,
            referrals: debrief.rows.length,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }
}
