import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierLink, DossierReferral } from '../../contract/financial';
import type { DossierEntry } from '../../core/dossier/dossier-entry';
import { counterShardOf } from '../../core/trends/counter-cells';
import { keys, partitions, sortPrefixes, type TableKey } from '../table/keys';
import { channelIndicatorItem, dossierCounterItem, dossierLinkItem, dossierReferralItem, dossierSummaryItem } from '../table/dossier-items';
import { whenConditionHolds, type TableHandle } from '../table/operations';
import { notCounted, settleId, type IdMemory } from './settled-ids';

/** The dossier's counts before a page of its referrals: the whole summary, read in a bounded number of items. */
export interface DossierCounts {
  referrals: number;
  units: string[];
  platforms: string[];
  groups: string[];
  categories: string[];
  firstSeen?: string;
  lastSeen?: string;
  links: DossierLink[];
  /** Link shards read; at `maxLinkItems` the list is cut and `linksComplete` is false. */
  linksComplete: boolean;
}

export interface DossierPage {
  referrals: DossierReferral[];
  /** Where the next page starts (the last item's key), absent on the last page. */
  next?: TableKey;
}

/** Link shards one dossier read takes: about 50 neighbours of 8 shards, one DynamoDB page. */
export const maxLinkItems = 400;

/**
 * Indicator dossiers (functions/storage-design.md, "indicator dossier"): written by the financial
 * stage with single-item writes that are each safe to repeat, so a redelivered message (or one
 * after a crash between any two writes) leaves the same dossier; read a page at a time, never by
 * reading every referral of the indicator.
 */
/** Where a counter or link shard remembers the referrals it counted (settled-ids.ts). */
const dossierMemory: IdMemory = { counting: 'counting', settled: 'settled', settledBefore: 'settledBefore', settledSince: 'settledSince' };

export class DossierStore {
  constructor(
    private readonly table: TableHandle,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Files one referral in one indicator's dossier: counts it once in its counter shard and in each
   * of its link shards, then writes its dossier-referral item, which records that it was counted
   * (settled-ids.ts: the shards remember ids for minutes only, so they stay small however many
   * referrals the indicator has, and a dossier read is a few small items, not sets of ids).
   * Every write is safe to repeat; a redelivery or a crash between any two of them counts nothing twice.
   */
  async file(entry: DossierEntry): Promise<void> {
    const { type, value } = entry.indicator;
    const { referral } = entry;
    const shard = counterShardOf(referral.referralId);
    const recordKey = keys.dossierReferral(type, value, referral.firstReportedAt, referral.referralId);
    const countedKeys = [keys.dossierCounter(type, value, shard), ...entry.neighbours.map((neighbour) => keys.dossierLink(type, value, neighbour.kind, neighbour.name, shard))];
    const filed = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: recordKey, ProjectionExpression: 'sk', ConsistentRead: true }));
    if (!filed.Item) {
      const sets: Record<string, Set<string>> = {
        units: new Set(referral.units),
        platforms: new Set([referral.platform]),
        groups: new Set(referral.groups),
        categories: new Set([referral.category]),
      };
      // DynamoDB refuses an empty set: only the sets with a value are added.
      const present = Object.entries(sets).filter(([, set]) => set.size > 0);
      await Promise.all([
        this.countOnce(keys.dossierCounter(type, value, shard), referral.referralId, {
          update: present.map(([name]) => `#${name} :${name}`).join(', '),
          names: Object.fromEntries(present.map(([name]) => [`#${name}`, name])),
          values: Object.fromEntries(present.map(([name, set]) => [`:${name}`, set])),
          set: 'entity = :entity',
          setValues: { ':entity': 'dossier-counter' },
        }),
        this.moveSeen(type, value, 'firstSeen', referral.firstReportedAt, '>'),
        this.moveSeen(type, value, 'lastSeen', entry.lastReportedAt, '<'),
        ...entry.neighbours.map((neighbour) =>
          this.countOnce(keys.dossierLink(type, value, neighbour.kind, neighbour.name, shard), referral.referralId, {
            update: '',
            names: {},
            values: {},
            set: 'entity = :entity, #kind = :kind, #name = :name',
            setValues: { ':entity': 'dossier-link', ':kind': neighbour.kind, ':name': neighbour.name },
            setNames: { '#kind': 'kind', '#name': 'name' },
          }),
        ),
        this.table.client.send(
          new PutCommand({ TableName: this.table.name, Item: { ...keys.channelIndicator(referral.channel, type, value), entity: 'channel-indicator', channel: referral.channel, type, value } }),
        ),
      ]);
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...recordKey, entity: 'dossier-referral', ...referral } }));
    }
    // Also when filed before: a redelivery after a crash before the settles finds its ids still counting.
    const now = this.now();
    await Promise.all(countedKeys.map((key) => settleId(this.table, key, referral.referralId, now, dossierMemory)));
  }

  /** Counts a referral once in a shard item (settled-ids.ts, step 2): the id check and the count are one conditional write. */
  private async countOnce(
    key: TableKey,
    referralId: string,
    extra: { update: string; names: Record<string, string>; values: Record<string, unknown>; set: string; setValues: Record<string, unknown>; setNames?: Record<string, string> },
  ): Promise<boolean> {
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: `SET ${extra.set} ADD referrals :one, ${dossierMemory.counting} :member${extra.update ? `, ${extra.update}` : ''}`,
          ConditionExpression: notCounted(dossierMemory, ':referralId'),
          ExpressionAttributeNames: { ...extra.names, ...extra.setNames },
          ExpressionAttributeValues: { ':one': 1, ':member': new Set([referralId]), ':referralId': referralId, ...extra.values, ...extra.setValues },
        }),
      ),
    );
  }

  /** Moves first (last) seen only earlier (later): a repeat or an older referral changes nothing. */
  private async moveSeen(type: string, value: string, field: 'firstSeen' | 'lastSeen', at: string, beyond: '>' | '<'): Promise<boolean> {
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.dossierSummary(type, value),
          UpdateExpression: 'SET entity = :entity, #field = :at',
          ConditionExpression: `attribute_not_exists(#field) OR #field ${beyond} :at`,
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':entity': 'dossier-summary', ':at': at },
        }),
      ),
    );
  }

  /** The dossier's counts: its summary item, 8 counter shards and at most `maxLinkItems` link shards. */
  async counts(type: string, value: string): Promise<DossierCounts | undefined> {
    const pk = partitions.dossier(type, value);
    const [summary, counters, links] = await Promise.all([
      this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.dossierSummary(type, value) })),
      this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': sortPrefixes.dossierCounter },
          // The member ids stay on the server: they only guard the count.
          ProjectionExpression: 'referrals, units, platforms, #groups, categories',
          ExpressionAttributeNames: { '#groups': 'groups' },
        }),
      ),
      this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': sortPrefixes.dossierLink },
          ProjectionExpression: '#kind, #name, referrals',
          ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
          Limit: maxLinkItems,
        }),
      ),
    ]);
    const shards = (counters.Items ?? []).map((item) => dossierCounterItem.parse(item));
    if (shards.length === 0) return undefined;
    const union = (field: 'units' | 'platforms' | 'groups' | 'categories') => [...new Set(shards.flatMap((shard) => shard[field] ?? []))].sort();
    const edges = new Map<string, DossierLink>();
    for (const item of links.Items ?? []) {
      const link = dossierLinkItem.parse(item);
      const id = `${link.kind}#${link.name}`;
      edges.set(id, { kind: link.kind, name: link.name, referrals: (edges.get(id)?.referrals ?? 0) + link.referrals });
    }
    const seen = dossierSummaryItem.parse(summary.Item ?? {});
    return {
      referrals: shards.reduce((sum, shard) => sum + shard.referrals, 0),
      units: union('units'),
      platforms: union('platforms'),
      groups: union('groups'),
      categories: union('categories'),
      ...(seen.firstSeen ? { firstSeen: seen.firstSeen } : {}),
      ...(seen.lastSeen ? { lastSeen: seen.lastSeen } : {}),
      links: [...edges.values()].sort((a, b) => b.referrals - a.referrals || a.name.localeCompare(b.name)),
      linksComplete: links.LastEvaluatedKey === undefined,
    };
  }

  /** One page of the dossier's referrals, newest first. */
  async referrals(type: string, value: string, page: { limit: number; after?: TableKey }): Promise<DossierPage> {
    const answer = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partitions.dossier(type, value), ':prefix': sortPrefixes.dossierReferral },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.after ? { ExclusiveStartKey: page.after } : {}),
      }),
    );
    const referrals = (answer.Items ?? []).map((item) => {
      const { entity: _entity, ...referral } = dossierReferralItem.parse(item);
      return referral;
    });
    const last = answer.LastEvaluatedKey as TableKey | undefined;
    return { referrals, ...(last ? { next: { pk: last.pk, sk: last.sk } } : {}) };
  }

  /** Indicators seen in a channel, at most `limit`. */
  async indicatorsInChannel(channel: string, limit: number): Promise<{ channel: string; type: string; value: string }[]> {
    const answer = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitions.channelIndicators(channel) }, Limit: limit }),
    );
    return (answer.Items ?? []).map((item) => {
      const { channel: at, type, value } = channelIndicatorItem.parse(item);
      return { channel: at, type, value };
    });
  }
}
