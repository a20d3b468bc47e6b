import { Bench } from 'tinybench';
import { extractIOC } from 'ioc-extractor';
import { extractIndicators } from '../../functions/core/indicators/extract-indicators';
import { bip173InvalidAddresses, bip173SupersededByBip350, bip173ValidAddresses } from '../../functions/core/indicators/vectors/bip-0173';
import { bip350InvalidAddresses, bip350ValidAddresses } from '../../functions/core/indicators/vectors/bip-0350';
import { keyIoInvalid, keyIoValidMainnet } from '../../functions/core/indicators/vectors/bitcoin-core-key-io';
import { eip55ChecksummedAddresses } from '../../functions/core/indicators/vectors/eip-55';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * Throughput of extractIndicators against ioc-extractor's extractIOC on the same ~2.5 KB
 * texts (prose with valid addresses, IBANs and links, and near-miss noise), one core,
 * side by side in one tinybench run; then accuracy on the spec Bitcoin vectors.
 */

/** Deterministic PRNG (mulberry32) so every run benchmarks the same texts. */
const prng = (seed: number): (() => number) => {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const prose = [
  'The statement was posted in several channels shortly after midnight and shared widely.',
  'Supporters were asked to contribute to the families of the detained brothers before the holiday.',
  'Moderators removed the first copy, but mirrors appeared on smaller file hosts within the hour.',
  'The accompanying video repeats the group’s demands and names three cities as future targets.',
  'Readers are told that every contribution, however small, strengthens the cause.',
  'Comments below the post include links to older releases and a list of translated pamphlets.',
  'An archived version of the page is dated 14 March and carries the same logo in the corner.',
];
const indicators = [
  'Send BTC to 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo only.',
  'New wallet: bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv (segwit).',
  'Taproot: bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu',
  'ETH/USDT (ERC-20): 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  'Bank transfer: IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.',
  'Donate via https://www.paypal.me/SomeName or patreon.com/SomeCreator.',
  'Updates on https://t.me/s/example_channel and contact on telegram @example_admin.',
  'bitcoin:36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm?amount=0.005',
];
const noise = [
  'Old (wrong) address 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp, do not use.',
  'tx 9f2c4a1b7e3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
  'hash 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD is not an address.',
  'Ref. DE89 3704 0044 0532 0130 01 was rejected by the bank.',
  'Contact press@example.org or visit https://example.org/news/2024/03/14/statement.html',
];

const makeText = (random: () => number): string => {
  const parts: string[] = [];
  let length = 0;
  while (length < 2_500) {
    const roll = random();
    const pool = roll < 0.7 ? prose : roll < 0.85 ? indicators : noise;
    const part = pool[Math.floor(random() * pool.length)] ?? '';
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(' ');
};

export const benchmarkTexts = (count = 200, seed = 1): string[] => {
  const random = prng(seed);
  return Array.from({ length: count }, () => makeText(random));
};

const ourBtcFinds = (text: string): number => extractIndicators(text).filter((i) => i.type === 'btc').length;
const ourCryptoFinds = (text: string): number =>
  extractIndicators(text).filter((i) => ['btc', 'eth', 'trx', 'ltc', 'doge', 'xmr'].includes(i.type)).length;
const peerBtcFinds = (text: string): number => extractIOC(text).btcs.length;
const peerCryptoFinds = (text: string): number => {
  const found = extractIOC(text);
  return found.btcs.length + found.eths.length + found.xmrs.length;
};

const lower = (address: string): string => (/^bc1/i.test(address) ? address.toLowerCase() : address);

const runBenchmark = async (): Promise<BenchFigure[]> => {
  const texts = benchmarkTexts();
  const bench = new Bench({ time: 2_000, warmup: true, warmupTime: 500 });
  let sink = 0;
  bench
    .add('extractIndicators', () => {
      for (const text of texts) sink += extractIndicators(text).length;
    })
    .add('ioc-extractor extractIOC', () => {
      for (const text of texts) sink += extractIOC(text).btcs.length;
    });
  await bench.run();
  if (sink < 0) throw new Error('unreachable');

  const textsPerSecond = (name: string): number => {
    const task = bench.getTask(name);
    const result = task?.result;
    const mean = result && 'latency' in result ? result.latency.mean : Number.NaN;
    return (texts.length * 1_000) / mean;
  };
  const ours = textsPerSecond('extractIndicators');
  const peer = textsPerSecond('ioc-extractor extractIOC');

  const validSpec = [
    ...new Set(
      [
        ...keyIoValidMainnet.map((v) => v.address),
        ...bip173ValidAddresses.map((v) => v.address).filter((a) => /^bc1/i.test(a) && !bip173SupersededByBip350.has(a)),
        ...bip350ValidAddresses.map((v) => v.address).filter((a) => /^bc1/i.test(a)),
      ].map(lower),
    ),
  ];
  const invalidSpec = [
    ...keyIoInvalid,
    ...bip173InvalidAddresses.map((v) => v.address),
    ...bip350InvalidAddresses.map((v) => v.address),
    ...bip173SupersededByBip350,
  ].filter((s) => s !== '');
  const ethSpec = eip55ChecksummedAddresses;
  // Each vector alone in a sentence, as it would appear in a post.
  const inProse = (s: string): string => `Please send your support to ${s} today.`;
  const sum = (list: string[], count: (text: string) => number): number => list.reduce((n, s) => n + count(inProse(s)), 0);

  const ourValid = sum(validSpec, ourBtcFinds);
  const peerValid = sum(validSpec, peerBtcFinds);
  const ourFalse = sum(invalidSpec, ourCryptoFinds);
  const peerFalse = sum(invalidSpec, peerCryptoFinds);
  const ourEth = ethSpec.reduce((n, s) => n + extractIndicators(inProse(s)).filter((i) => i.type === 'eth').length, 0);
  const peerEth = ethSpec.reduce((n, s) => n + extractIOC(inProse(s)).eths.length, 0);

  const benchmark = 'indicators';
  return [
    {
      benchmark,
      metric: 'throughput (1 core, ~2.5 KB texts)',
      value: Math.round(ours),
      unit: 'texts/s',
      peer: 'ioc-extractor extractIOC',
      peerValue: Math.round(peer),
      ratio: ours / peer,
      note: `${texts.length} generated texts, mean ${Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length)} chars; target ratio >= 2`,
    },
    {
      benchmark,
      metric: `valid mainnet spec BTC addresses found (of ${validSpec.length})`,
      value: ourValid,
      unit: 'addresses',
      peer: 'ioc-extractor extractIOC',
      peerValue: peerValid,
      ratio: peerValid === 0 ? undefined : ourValid / peerValid,
      note: 'BIP-173 (current), BIP-350 and Bitcoin Core key_io_valid mainnet addresses, each in a sentence',
    },
    {
      benchmark,
      metric: `false crypto indicators on invalid spec vectors (${invalidSpec.length} strings)`,
      value: ourFalse,
      unit: 'false indicators',
      peer: 'ioc-extractor extractIOC',
      peerValue: peerFalse,
      note: 'key_io_invalid, BIP-173/350 invalid lists and BIP-173 v1+ vectors superseded by BIP-350; lower is better',
    },
    {
      benchmark,
      metric: `EIP-55 checksummed addresses found (of ${ethSpec.length})`,
      value: ourEth,
      unit: 'addresses',
      peer: 'ioc-extractor extractIOC',
      peerValue: peerEth,
    },
  ];
};

export const benchmark: BenchmarkModule = { name: 'indicators', run: runBenchmark };
