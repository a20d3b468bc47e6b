import { PutCommand, QueryCommand, UpdateCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { StoredAuditTrail } from '../../core/audit-chain/verify-audit-trail';
import { linkedEventOf, nextLink, type ChainedEvent } from '../../core/audit-chain/audit-chain';
import type { JsonValue } from '../../core/canonical-json';
import { holdKeysOfReferral } from '../../core/holds/operational-hold';
import { trustedTimestamp } from '../timestamp-authority';
import { keys, partitions, sortPrefixes, type TableKey } from '../table/keys';
import { queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';

/** `<partition>` / `CHAIN#<sequence padded>`: one link of a partition's audit chain, written once. */
export const auditLinkItem = z.object({
  pk: z.string(),
  sk: z.string().startsWith(sortPrefixes.auditLink),
  entity: z.literal('audit-link'),
  sequence: z.number().int().positive(),
  previousHash: z.string(),
  hash: z.string(),
  event: z.object({ key: z.string(), sha256: z.string() }),
  /** The UTC day it was written: the day's anchor covers the chain's head at the end of that day. */
  day: z.string(),
});

/** A chain's head: in its own partition (`CHAINHEAD`), and per UTC day (`CHAINDAY#<day>` / `<partition>`). */
export const chainHeadItem = z.object({ pk: z.string(), sk: z.string(), chain: z.string(), sequence: z.number().int().positive(), hash: z.string() });
export type ChainHead = z.infer<typeof chainHeadItem>;

/** `ANCHOR#<day>` / `ROOT`: the Merkle root over the day's chain heads and the RFC 3161 token over it, written once. */
export const auditAnchorItem = z.object({
  day: z.string(),
  root: z.string(),
  heads: z.number().int().nonnegative(),
  anchoredAt: z.string(),
  timestamp: trustedTimestamp,
});
export type AuditAnchor = z.infer<typeof auditAnchorItem>;

/**
 * Audit event items, by the sort-key prefixes of the writers that chain them: lifecycle and
 * operational-hold events (`AUDIT#`, in a referral's or a held target's partition), rule-of-law
 * events and evidence reads (`LEGAL#AUDIT#`), escalation pages and acknowledgements.
 */
const auditedPrefixes = [sortPrefixes.audit, sortPrefixes.legalAudit, sortPrefixes.escalationEvent];

/** Links read back to find a redelivered event already chained: a redelivery comes within minutes, long before 32 more events. */
const recentLinks = 32;

/** How the caller's write of the audit event went: `fresh` when this call created the item, so no earlier attempt can have linked it. */
export interface AppendOptions {
  fresh: boolean;
}
/**
 * Writers racing for the same sequence retry from the new head. Each round one of them wins, so
 * this many writers at once all get through; beyond it the caller's own retry takes over.
 */
const maxAppendAttempts = 8;

const toChained = (item: z.infer<typeof auditLinkItem>): ChainedEvent => ({ sequence: item.sequence, previousHash: item.previousHash, hash: item.hash, key: item.sk, event: item.event });

/**
 * The per-partition audit hash chain (a referral's; a unit's for its settings). Every audit
 * writer stores its event as before, then appends a link stamping it here: sequence, previous
 * hash and hash, put only if its sequence is free (attribute_not_exists), so two writers cannot
 * fork a chain. Single-item conditional writes only: dynalite has no transactions.
 */
export class AuditChainStore {
  constructor(
    private readonly table: TableHandle,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Links the audit event stored at `stored` into its partition's chain, once: a redelivered
   * event finds its link among the latest and is not chained twice. An event the caller found
   * already stored (`fresh: false`, a retry or a repeated request, possibly days later) and not
   * among the latest links is looked for in the whole chain, since more may have come after it.
   */
  async append<Event extends { [K in keyof Event]: JsonValue }>(stored: TableKey, record: Event, options: AppendOptions = { fresh: false }): Promise<{ sequence: number }> {
    const event = linkedEventOf(stored.sk, record);
    let searchedWholeChain = options.fresh;
    for (let attempt = 0; attempt < maxAppendAttempts; attempt += 1) {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': stored.pk, ':prefix': sortPrefixes.auditLink },
          ScanIndexForward: false,
          Limit: recentLinks,
          ConsistentRead: true,
        }),
      );
      const latest = (page.Items ?? []).map((item) => auditLinkItem.parse(item));
      let already = latest.find((link) => link.event.key === event.key);
      // Not among the latest of a longer chain: a repeat may come long after, so look at every link once.
      if (!already && !searchedWholeChain && latest.length === recentLinks) {
        already = (await queryPrefix(this.table, stored.pk, sortPrefixes.auditLink)).map((item) => auditLinkItem.parse(item)).find((link) => link.event.key === event.key);
      }
      searchedWholeChain = true;
      if (already) {
        await this.moveHeads(stored.pk, already);
        return { sequence: already.sequence };
      }
      const link = nextLink(latest[0], event);
      const item = { ...keys.auditLink(stored.pk, link.sequence), entity: 'audit-link' as const, ...link, event, day: this.now().toISOString().slice(0, 10) };
      const written = await whenConditionHolds(() =>
        this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
      );
      if (written) {
        await this.moveHeads(stored.pk, item);
        return { sequence: link.sequence };
      }
    }
    throw new Error(`the audit chain of ${stored.pk} moved under ${maxAppendAttempts} attempts in a row`);
  }

  /** Heads only move forward: a late writer of an older link leaves them where they are. */
  private async moveHeads(chain: string, link: Pick<ChainedEvent, 'sequence' | 'hash'> & { day: string }): Promise<void> {
    for (const key of [keys.auditChainHead(chain), keys.chainHeadOfDay(link.day, chain)]) {
      await whenConditionHolds(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: key,
            UpdateExpression: 'SET #chain = :chain, #sequence = :sequence, #hash = :hash',
            ConditionExpression: 'attribute_not_exists(#sequence) OR #sequence < :sequence',
            ExpressionAttributeNames: { '#chain': 'chain', '#sequence': 'sequence', '#hash': 'hash' },
            ExpressionAttributeValues: { ':chain': chain, ':sequence': link.sequence, ':hash': link.hash },
          }),
        ),
      );
    }
  }

  /** A partition's chain as stored: its links in order, with the day each was written, its head, and the audit events the links stamp. */
  async chainOf(chain: string): Promise<{ links: (ChainedEvent & { day: string })[]; head?: ChainHead; records: { key: string; record: Record<string, JsonValue> }[] }> {
    const [linkItems, headItem, ...audited] = await Promise.all([
      queryPrefix(this.table, chain, sortPrefixes.auditLink),
      this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.auditChainHead(chain), ConsistentRead: true })),
      ...auditedPrefixes.map((prefix) => queryPrefix(this.table, chain, prefix)),
    ]);
    const links = linkItems.map((item) => {
      const link = auditLinkItem.parse(item);
      return { ...toChained(link), day: link.day };
    });
    const records = audited.flat().map((item) => {
      const { pk: _pk, sk, entity: _entity, ...record } = item as Record<string, JsonValue> & { sk: string };
      return { key: sk, record };
    });
    return { links, ...(headItem.Item ? { head: chainHeadItem.parse(headItem.Item) } : {}), records };
  }

  /** The heads of every chain that moved on `day`, one small partition per day: the anchor reads it whole, never scans the table. */
  async headsOfDay(day: string): Promise<ChainHead[]> {
    const items = await queryPrefix(this.table, partitions.chainHeadsOfDay(day), sortPrefixes.all);
    return items.map((item) => chainHeadItem.parse(item));
  }

  async anchorOf(day: string): Promise<AuditAnchor | undefined> {
    const found = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.auditAnchor(day), ConsistentRead: true }));
    return found.Item ? auditAnchorItem.parse(found.Item) : undefined;
  }

  /** One anchor per day: false when another run anchored the day first (its anchor stands). */
  putAnchor(anchor: AuditAnchor): Promise<boolean> {
    return whenConditionHolds(() =>
      this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.auditAnchor(anchor.day), entity: 'audit-anchor', ...auditAnchorItem.parse(anchor) }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  }

  /** A chain as the verifier reads it: links, head, the events they stamp, and the anchors of the days its links were written on. */
  async storedTrailOf(chain: string): Promise<Omit<StoredAuditTrail, 'trustAnchorsPem'>> {
    const stored = await this.chainOf(chain);
    const anchors = new Map<string, { day: string; root: string; token?: string; heads: ChainHead[] }>();
    for (const day of new Set(stored.links.map((link) => link.day))) {
      const anchor = await this.anchorOf(day);
      if (!anchor) continue;
      const token = anchor.timestamp.status === 'verified' || anchor.timestamp.status === 'refused' ? anchor.timestamp.token : undefined;
      anchors.set(day, { day, root: anchor.root, ...(token ? { token } : {}), heads: await this.headsOfDay(day) });
    }
    return { chain, links: stored.links, head: stored.head, records: stored.records, anchors };
  }

  /** A referral's chain as the verifier reads it. */
  referralTrail(referralId: string): Promise<Omit<StoredAuditTrail, 'trustAnchorsPem'>> {
    return this.storedTrailOf(partitions.referral(referralId));
  }

  /**
   * The chains of the operational holds that cover a referral (on its post, its channel, its
   * indicators), those that have any event: the steps of a hold are audited under the held target.
   */
  async heldTargetTrails(referral: { contentKey: string; indicators: readonly { type: string; value: string }[] }): Promise<Omit<StoredAuditTrail, 'trustAnchorsPem'>[]> {
    const trails = await Promise.all([...new Set(holdKeysOfReferral(referral))].map((targetKey) => this.storedTrailOf(partitions.heldTarget(targetKey))));
    return trails.filter((trail) => trail.links.length > 0 || trail.records.length > 0 || trail.head !== undefined);
  }
}
