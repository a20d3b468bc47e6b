import { describe, expect, it } from 'vitest';
import type { HashBankStore, StoredBankEntry } from '../adapters/stores/hash-bank-store';
import type { HashBankItem } from '../adapters/table/items';
import type { ExplainedLabel } from '../contract/responses';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName } from '../core/media/pdq';
import { MediaBanks, referralMediaBank } from './media-banks';

const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

/** An image whose every dihedral hash is the horse's (enough to match plain entries). */
const image = (quality = 100): ImageHashResult => ({
  ok: true,
  pdq: horse,
  quality,
  dihedral: Object.fromEntries(dihedralNames.map((name) => [name, horse])) as Record<DihedralName, string>,
});

/** The table as a few maps: the store's contract without DynamoDB. */
class TableStandIn implements Pick<HashBankStore, 'listBanks' | 'listEntries' | 'labelReferral' | 'putEntries'> {
  banks = new Map<string, HashBankItem>();
  entries = new Map<string, StoredBankEntry[]>();
  labels = new Map<string, ExplainedLabel[]>();
  reads = 0;
  async listBanks() {
    return [...this.banks.values()];
  }
  async listEntries(bank: string) {
    this.reads++;
    return this.entries.get(bank) ?? [];
  }
  async labelReferral(referralId: string, _sha256: string, labels: readonly ExplainedLabel[]) {
    this.labels.set(referralId, [...(this.labels.get(referralId) ?? []), ...labels]);
    return labels.length > 0;
  }
  async putEntries(bank: string, entries: readonly StoredBankEntry[]) {
    this.entries.set(bank, [...(this.entries.get(bank) ?? []), ...entries]);
  }
  importList(bank: string, updatedAt: string, entries: StoredBankEntry[]) {
    this.banks.set(bank, { pk: 'HASHBANKS', sk: bank, entity: 'hash-bank', bank, maxDistance: 31, updatedAt });
    this.entries.set(bank, entries);
  }
}

describe('MediaBanks', () => {
  it('sees an imported list from the next report on, and its own banked images at once', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => 0);
    await banks.matchAndRemember('ref_a', new Map([['a'.repeat(64), image()]]), 't1');
    expect(table.labels.get('ref_a')).toBeUndefined();
    table.importList('list', 't2', [{ entryId: 'PDQ#x', pdq: horse, label: 'poster' }]);
    await banks.matchAndRemember('ref_b', new Map([['b'.repeat(64), image()]]), 't3');
    expect(table.labels.get('ref_b')?.map((label) => [label.name, label.value]).sort()).toEqual([
      ['hash-bank-match', 'list/PDQ#x'],
      ['same-media', 'ref_a'],
    ]);
  });

  it("reloads the referrals' bank only after its refresh time, to see other instances' images", async () => {
    let now = 0;
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => now, 60_000);
    await banks.banks();
    // Another instance banked an image.
    table.entries.set(referralMediaBank, [{ entryId: 'PDQ#y', pdq: horse, referralId: 'ref_other' }]);
    now = 30_000;
    await banks.matchAndRemember('ref_c', new Map([['c'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_c')).toBeUndefined();
    now = 61_000;
    await banks.matchAndRemember('ref_d', new Map([['d'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_d')?.map((label) => label.value)).toEqual(['ref_c', 'ref_other']);
  });

  it('neither matches nor banks an image of quality under 50', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => 0);
    await banks.matchAndRemember('ref_e', new Map([['e'.repeat(64), image(49)]]), 't');
    expect(table.entries.get(referralMediaBank)).toBeUndefined();
  });
});
