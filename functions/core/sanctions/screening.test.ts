import { describe, expect, it } from 'vitest';
import { isFinancial, sanctionsLabel, sanctionsMatchKey, type SanctionsMatch } from './screening';

const match: SanctionsMatch = {
  type: 'iban',
  value: 'DE89370400440532013000',
  list: 'eu-fsf',
  publishedOn: '2026-11-30',
  entryId: '990001 (EU.9001.01)',
  entryName: 'Example Support Network',
  programs: ['TERR'],
  listedAs: 'Other identification number',
};

describe('sanctions screening labels', () => {
  it('names the list, its version and the entry, as evidence a reader can check against the list', () => {
    expect(sanctionsLabel(match)).toEqual({
      name: 'sanctions',
      value: 'eu-fsf:990001 (EU.9001.01)',
      rule: 'sanctions-list-eu-fsf',
      evidence: [
        'iban DE89370400440532013000',
        `listed as "Other identification number" by the EU's consolidated financial sanctions list published 2026-11-30`,
        'entry 990001 (EU.9001.01) Example Support Network (TERR)',
      ],
    });
  });

  it('keys a match by list version, so a new version of the list labels again and a repeat does not', () => {
    expect(sanctionsMatchKey(match)).toBe('eu-fsf#2026-11-30#990001 (EU.9001.01)#iban#DE89370400440532013000');
    expect(sanctionsMatchKey({ ...match, publishedOn: '2026-12-01' })).not.toBe(sanctionsMatchKey(match));
  });

  it('screens wallets and accounts, not links or handles', () => {
    expect(['btc', 'eth', 'xmr', 'iban'].every(isFinancial)).toBe(true);
    expect(isFinancial('payment_link') || isFinancial('messenger_handle')).toBe(false);
  });
});
