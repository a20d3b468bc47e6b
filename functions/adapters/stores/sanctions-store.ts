import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExplainedLabel } from '../../contract/responses';
import type { SanctionsListFile } from '../../core/sanctions/sanctions-list';
import { listedIdentifier, type SanctionsMatch } from '../../core/sanctions/screening';
import { sanctionedIdentifierItem, sanctionsListVersionItem, type SanctionsListVersionItem } from '../table/sanctions-items';
import { keys, partitions } from '../table/keys';
import { queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';

/** DynamoDB's BatchWriteItem takes at most 25 items. */
const batchSize = 25;

/**
 * Sanctions lists in the table: each imported version, and each entry naming a wallet or IBAN in
 * that identifier's own partition, so screening an indicator is one query of its partition and
 * never a scan of the lists.
 */
export class SanctionsStore {
  constructor(private readonly table: TableHandle) {}

  /**
   * Writes the identifiers first and the version item last: a version listed as imported has all
   * its entries. Plain Puts keyed by list, version and entry, so an interrupted import re-runs.
   */
  async putList(file: SanctionsListFile, importedAt: string): Promise<SanctionsListVersionItem> {
    const identifiers = file.entries.flatMap((entry) =>
      entry.identifiers.map((identifier) =>
        sanctionedIdentifierItem.parse({
          ...keys.sanctionedIdentifier(identifier.type, identifier.value, file.list, file.publishedOn, entry.entryId),
          entity: 'sanctioned-identifier',
          ...listedIdentifier(file, entry, identifier),
        }),
      ),
    );
    // One entry may list an address twice (under XBT and under USDT): one item per key.
    const unique = [...new Map(identifiers.map((item) => [`${item.pk}\u0000${item.sk}`, item])).values()];
    for (let start = 0; start < unique.length; start += batchSize) {
      let requests = unique.slice(start, start + batchSize).map((Item) => ({ PutRequest: { Item } }));
      // Unprocessed items (throttling) are retried with a growing pause.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
        const answer = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: requests } }));
        requests = (answer.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
        if (attempt > 10 && requests.length > 0) throw new Error(`sanctions list ${file.list}: ${requests.length} identifiers still unprocessed`);
      }
    }
    const version = sanctionsListVersionItem.parse({
      ...keys.sanctionsListVersion(file.list, file.publishedOn),
      entity: 'sanctions-list-version',
      list: file.list,
      format: file.format,
      publishedOn: file.publishedOn,
      entryCount: file.entryCount,
      financialEntryCount: file.entries.length,
      identifierCount: unique.length,
      importedAt,
    });
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: version }));
    return version;
  }

  async versions(list: string): Promise<SanctionsListVersionItem[]> {
    return (await queryPrefix(this.table, partitions.sanctionsList(list), 'VERSION#')).map((item) => sanctionsListVersionItem.parse(item));
  }

  /**
   * Every listing of each indicator, by the newest version of each list that names it: an entry
   * delisted in a later version still matches its earlier version (and says which one).
   */
  async screen(indicators: readonly { type: string; value: string }[]): Promise<SanctionsMatch[]> {
    const listings = await Promise.all(
      indicators.map(async ({ type, value }) => (await queryPrefix(this.table, partitions.sanctionedIdentifier(type, value), '')).map((item) => sanctionedIdentifierItem.parse(item))),
    );
    const newest = new Map<string, SanctionsMatch>();
    for (const item of listings.flat()) {
      const key = `${item.type}\u0000${item.value}\u0000${item.list}\u0000${item.entryId}`;
      const known = newest.get(key);
      if (known && known.publishedOn >= item.publishedOn) continue;
      newest.set(key, {
        type: item.type,
        value: item.value,
        list: item.list,
        publishedOn: item.publishedOn,
        entryId: item.entryId,
        entryName: item.entryName,
        programs: item.programs,
        listedAs: item.listedAs,
      });
    }
    return [...newest.values()];
  }

  /**
   * Adds a match's label to a referral once: its key joins `sanctionsMatchKeys` in the same
   * conditional update, so a re-import or a redelivered report adds nothing.
   */
  async labelReferral(referralId: string, matchKey: string, label: ExplainedLabel): Promise<boolean> {
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET labels = list_append(if_not_exists(labels, :none), :labels) ADD sanctionsMatchKeys :key',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(sanctionsMatchKeys, :match)',
          ExpressionAttributeValues: { ':none': [], ':labels': [label], ':key': new Set([matchKey]), ':match': matchKey },
        }),
      ),
    );
  }
}
