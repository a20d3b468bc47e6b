import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSanctionsFileError, readSanctionsList, SanctionsListReader } from './sanctions-list';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('readSanctionsList', () => {
  it('reads the classic OFAC sdn.xml: publication date, entries naming digital currency addresses, normalized', () => {
    const result = readSanctionsList(fixture('sdn.xml'));
    expect(result).toEqual({
      list: 'ofac-sdn',
      format: 'ofac-sdn-xml',
      publishedOn: '2026-11-28',
      entryCount: 3,
      entries: [
        {
          entryId: '90001',
          name: 'EXAMPLE RELIEF FOUNDATION',
          programs: ['SDGT'],
          identifiers: [
            { type: 'btc', value: '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', listedAs: 'Digital Currency Address - XBT' },
            { type: 'eth', value: '0x52908400098527886e0f7030069857d2e4169ee7', listedAs: 'Digital Currency Address - ETH' },
          ],
        },
        {
          entryId: '90003',
          name: 'Jane EXAMPLE-BROKER',
          programs: ['CYBER2', 'SDGT'],
          identifiers: [{ type: 'btc', value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', listedAs: 'Digital Currency Address - XBT' }],
        },
      ],
    });
  });

  it('reads SDN_ADVANCED.xml: feature types by name, the primary alias as the name, the DateOfIssue', () => {
    const result = readSanctionsList(fixture('sdn-advanced.xml'));
    expect(result).toEqual({
      list: 'ofac-sdn',
      format: 'ofac-sdn-advanced-xml',
      publishedOn: '2026-11-28',
      entryCount: 2,
      entries: [
        {
          entryId: '90001',
          name: 'EXAMPLE RELIEF FOUNDATION',
          programs: [],
          identifiers: [{ type: 'eth', value: '0x52908400098527886e0f7030069857d2e4169ee7', listedAs: 'Digital Currency Address - ETH' }],
        },
      ],
    });
  });

  it('reads the EU FSF export: generationDate, IBANs among identification numbers, the EU reference', () => {
    const result = readSanctionsList(fixture('eu-fsf.xml'));
    expect(result).toEqual({
      list: 'eu-fsf',
      format: 'eu-fsf-xml',
      publishedOn: '2026-11-30',
      entryCount: 2,
      entries: [
        {
          entryId: '990001 (EU.9001.01)',
          name: 'Example Support Network',
          programs: ['TERR'],
          identifiers: [{ type: 'iban', value: 'DE89370400440532013000', listedAs: 'Other identification number' }],
        },
      ],
    });
  });

  it.each(['sdn.xml', 'sdn-advanced.xml', 'eu-fsf.xml'])('reads %s fed in 7-character chunks the same (a 100 MB file is streamed)', (name) => {
    const xml = fixture(name);
    const reader = new SanctionsListReader();
    for (let start = 0; start < xml.length; start += 7) reader.write(xml.slice(start, start + 7));
    expect(reader.end()).toEqual(readSanctionsList(xml));
  });

  it('skips a listed address whose checksum fails rather than screening against a typo', () => {
    const xml = fixture('sdn.xml').replace('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3');
    const result = readSanctionsList(xml);
    if (isSanctionsFileError(result)) throw new Error(result.message);
    expect(result.entries[0]?.identifiers.map((identifier) => identifier.type)).toEqual(['eth']);
  });

  it.each([
    ['a truncated file', fixture('sdn.xml').slice(0, 900), 'malformed_xml'],
    ['a missing end tag', fixture('eu-fsf.xml').replace('</sanctionEntity>', ''), 'malformed_xml'],
    ['a close tag of another element', '<sdnList><sdnEntry><uid>1</lastName></sdnEntry></sdnList>', 'malformed_xml'],
    ['another XML document', '<rss><channel/></rss>', 'unknown_list_format'],
    ['no XML at all', 'uid,name\n1,x\n', 'unknown_list_format'],
    ['an SDN list without its date', '<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>', 'missing_publication_date'],
    ['an EU export without generationDate', '<export><sanctionEntity logicalId="1"/></export>', 'missing_publication_date'],
  ])('rejects %s with a coded error', (_case, xml, code) => {
    const result = readSanctionsList(xml);
    expect(isSanctionsFileError(result) && result.code).toBe(code);
    expect(isSanctionsFileError(result) && result.message.length).toBeGreaterThan(10);
  });
});
