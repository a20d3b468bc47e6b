import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { friendlyFormatIBAN } from 'ibantools';
import {
  extractIndicators,
  indicatorTypes,
  isValidBitcoinAddress,
  isValidDogecoinAddress,
  isValidEthereumAddress,
  isValidIban,
  isValidLitecoinAddress,
  isValidMoneroAddress,
  isValidTronAddress,
  type Indicator,
  type IndicatorType,
} from './extract-indicators';
import { bip173InvalidAddresses, bip173SupersededByBip350 } from './vectors/bip-0173';
import { bip350InvalidAddresses, bip350ValidAddresses } from './vectors/bip-0350';
import { keyIoInvalid, keyIoValidMainnet, keyIoValidOtherChains } from './vectors/bitcoin-core-key-io';
import { eip55ChecksummedAddresses } from './vectors/eip-55';
import { ibantoolsSuiteOutdated, ibantoolsValidIbans } from './vectors/ibantools-suite';
import { moneroValidAddresses } from './vectors/monero';

const revalidate: Partial<Record<IndicatorType, (value: string) => boolean>> = {
  btc: isValidBitcoinAddress,
  eth: isValidEthereumAddress,
  trx: isValidTronAddress,
  ltc: isValidLitecoinAddress,
  doge: isValidDogecoinAddress,
  xmr: isValidMoneroAddress,
  iban: isValidIban,
};

const values = (found: Indicator[]): string[] => found.map((i) => `${i.type}:${i.value}`);

const expectWellFormed = (text: string, found: Indicator[]): void => {
  for (const indicator of found) {
    expect(indicatorTypes).toContain(indicator.type);
    expect(text.slice(indicator.offset, indicator.offset + indicator.raw.length)).toBe(indicator.raw);
    expect(indicator.evidence.length).toBeLessThanOrEqual(80);
    expect(revalidate[indicator.type]?.(indicator.value) ?? true).toBe(true);
  }
};

describe('extractIndicators on spec vectors in prose', () => {
  it('finds every valid mainnet spec Bitcoin address, normalized', () => {
    const addresses = [
      ...keyIoValidMainnet.map((v) => v.address),
      ...bip350ValidAddresses.map((v) => v.address).filter((a) => /^bc1/i.test(a)),
    ];
    const text = addresses.map((a, i) => `Donation route ${i}: ${a}.`).join('\n');
    const found = extractIndicators(text);
    expectWellFormed(text, found);
    const expected = [...new Set(addresses.map((a) => (/^bc1/i.test(a) ? a.toLowerCase() : a)))];
    expect(found.map((i) => i.value)).toEqual(expected);
    expect(found.every((i) => i.type === 'btc')).toBe(true);
  });

  it('reports nothing for the invalid, superseded and non-mainnet spec vectors', () => {
    const strings = [
      ...keyIoInvalid,
      ...keyIoValidOtherChains,
      ...bip173InvalidAddresses.map((v) => v.address),
      ...bip350InvalidAddresses.map((v) => v.address),
      ...bip173SupersededByBip350,
    ];
    const text = strings.map((s) => `send to ${s} now`).join('\n');
    expect(extractIndicators(text)).toEqual([]);
  });

  it('names the rule for each Bitcoin address form', () => {
    const text = '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo 36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu';
    expect(extractIndicators(text).map((i) => i.rule)).toEqual([
      'btc-base58check-p2pkh',
      'btc-base58check-p2sh',
      'btc-bech32-bip173',
      'btc-bech32m-bip350',
    ]);
  });

  it('rejects mixed-case bech32 in text', () => {
    expect(extractIndicators('pay bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuaC2lhv')).toEqual([]);
  });

  it('finds EIP-55 addresses and rejects a broken checksum', () => {
    const good = eip55ChecksummedAddresses[0] ?? '';
    const bad = good.replace('aAeb', 'aaeb');
    const found = extractIndicators(`eth ${good} and ${bad} and 0x${'0'.repeat(40)}`);
    expect(values(found)).toEqual([`eth:${good.toLowerCase()}`]);
  });

  it('does not take a slice of a longer hex string or token for an address', () => {
    const good = eip55ChecksummedAddresses[0] ?? '';
    const btc = keyIoValidMainnet[0]?.address ?? '';
    expect(extractIndicators(`tx ${good}ff and x${btc} and ${btc}9`)).toEqual([]);
  });

  it('finds Monero mainnet addresses only', () => {
    const text = moneroValidAddresses.map((v) => `xmr: ${v.address}`).join('\n');
    const found = extractIndicators(text);
    expect(found.map((i) => i.value)).toEqual(moneroValidAddresses.filter((v) => v.net === 'mainnet').map((v) => v.address));
    expectWellFormed(text, found);
  });

  it('finds printed IBANs from the ibantools suite', () => {
    const text = ibantoolsValidIbans.map((iban) => `IBAN: ${friendlyFormatIBAN(iban)}, thank you.`).join('\n');
    const found = extractIndicators(text);
    expect(found.map((i) => i.value)).toEqual(ibantoolsValidIbans.filter((iban) => !ibantoolsSuiteOutdated.has(iban)));
    expect(found.every((i) => i.rule === 'iban-mod97')).toBe(true);
  });
});

describe('extractIndicators on mixed text', () => {
  const text = [
    'Support the brothers: BTC 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo, again 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo.',
    'bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.01&label=x',
    'Bank: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
    'https://www.paypal.com/paypalme/SomeName, patreon.com/posts/123, https://t.me/s/newsChannel.',
    'Contact us on Telegram: @abu_example or e-mail abu@example.com; twitter @not_a_messenger_handle_here',
    'cash app $BrotherTag, price $TSLA elsewhere in a long sentence that has nothing to do with payments.',
  ].join('\n');
  const found = extractIndicators(text);

  it('finds each indicator once, in text order, with the source rule', () => {
    expect(found.map((i) => [i.type, i.value, i.rule])).toEqual([
      ['btc', '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo', 'btc-base58check-p2pkh'],
      ['btc', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'btc-bip21-uri'],
      ['iban', 'DE89370400440532013000', 'iban-mod97'],
      ['payment_link', 'paypal.me/somename', 'paypal-me-link'],
      ['messenger_handle', 't.me/newschannel', 'telegram-link'],
      ['messenger_handle', 't.me/abu_example', 'telegram-handle-near-keyword'],
      ['payment_link', 'cash.app/$brothertag', 'cashtag-near-cash-app'],
    ]);
    expectWellFormed(text, found);
  });

  it('keeps raw text and evidence', () => {
    const uri = found[1];
    expect(uri?.raw).toBe('bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.01&label=x');
    const link = found[3];
    expect(link?.raw).toBe('https://www.paypal.com/paypalme/SomeName');
    expect(found[2]?.evidence).toContain('DE89 3704 0044 0532 0130 00');
  });

  it('reports no handle for e-mail addresses or @mentions far from a messenger word', () => {
    expect(extractIndicators('Telegram is banned here. Mail abu@example.com')).toEqual([]);
    expect(extractIndicators('Telegram is banned here. Ping @someone')).toEqual([]);
    expect(extractIndicators('write to @abu_example.com on telegram')).toEqual([]);
    expect(extractIndicators(`@far_away_handle ${'x '.repeat(60)} telegram`)).toEqual([]);
  });

  it('reads Signal usernames with their numeric suffix', () => {
    expect(values(extractIndicators('my signal is @brother.42 ok'))).toEqual(['messenger_handle:signal:@brother.42']);
  });

  it('ignores a $cashtag with no Cash App mention', () => {
    expect(extractIndicators('the price is $TSLA and $AAPL')).toEqual([]);
  });
});

describe('extractIndicators bounds', () => {
  it('stops at maxIndicators, keeping the first in text order', () => {
    const text = keyIoValidMainnet.map((v) => v.address).join(' ');
    const found = extractIndicators(text, { maxIndicators: 3 });
    expect(found.map((i) => i.value)).toEqual(keyIoValidMainnet.slice(0, 3).map((v) => v.address));
    expect(extractIndicators(text, { maxIndicators: 0 })).toEqual([]);
    expect(extractIndicators(text, { maxIndicators: Number.NaN })).toHaveLength(keyIoValidMainnet.length);
  });

  it('returns [] for non-strings and empty text', () => {
    expect(extractIndicators(undefined as unknown as string)).toEqual([]);
    expect(extractIndicators(42 as unknown as string)).toEqual([]);
    expect(extractIndicators('')).toEqual([]);
  });

  it('scans megabytes of almost-valid addresses in bounded time', () => {
    const almost = [
      '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp',
      'bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhw',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
      'DE89 3704 0044 0532 0130 01',
      '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWD9',
    ].join(' ');
    const text = `${almost} `.repeat(Math.ceil(2_000_000 / (almost.length + 1)));
    const started = performance.now();
    expect(extractIndicators(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('handles long runs that look like the start of an address without backtracking blow-up', () => {
    const text = `${'1'.repeat(500_000)} ${'bc1'.repeat(100_000)} ${'0x'.repeat(100_000)} ${'DE89 '.repeat(100_000)} ${'t.me/'.repeat(100_000)}`;
    const started = performance.now();
    expect(extractIndicators(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('extractIndicators properties (fast-check)', () => {
  const fragments = fc.constantFrom(
    ...keyIoValidMainnet.map((v) => v.address),
    ...keyIoInvalid,
    ...eip55ChecksummedAddresses,
    ...moneroValidAddresses.map((v) => v.address),
    'DE89 3704 0044 0532 0130 00',
    'GB29 NWBK 6016 1331 9268 19',
    'paypal.me/someone',
    't.me/someone',
    'telegram',
    'cash app',
    '@handle',
    '$cashtag',
    'bitcoin:',
    '?amount=1',
    ' ',
    '\n',
    '.',
  );
  const noisyText = fc.array(fc.oneof(fragments, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 })), {
    maxLength: 40,
  }).map((parts) => parts.join(''));

  it('never throws and every crypto / IBAN indicator re-validates', () => {
    fc.assert(
      fc.property(noisyText, fc.integer({ min: 0, max: 50 }), (text, maxIndicators) => {
        const found = extractIndicators(text, { maxIndicators });
        expect(found.length).toBeLessThanOrEqual(maxIndicators);
        expectWellFormed(text, found);
        const keys = found.map((i) => `${i.type}:${i.value}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expectWellFormed(text, extractIndicators(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a valid address wherever it is put between separators', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.constantFrom(...keyIoValidMainnet.map((v) => v.address)), fc.string({ maxLength: 50 }), (before, address, after) => {
        const text = `${before} ${address} ${after}`;
        const value = /^bc1/.test(address) ? address.toLowerCase() : address;
        expect(extractIndicators(text).some((i) => i.value === value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
