import {
  decodeBase58Address,
  decodeEthereumAddress,
  decodeMoneroAddress,
  decodeSegwitIndicator,
  isValidBitcoinAddress,
  type CryptoAddress,
} from './crypto-address';
import { isValidIBAN } from 'ibantools';
import { readIbanAt } from './iban';
import { linkHostPattern, parseLinkIndicator } from './link-indicator';

export {
  isValidBitcoinAddress,
  isValidDogecoinAddress,
  isValidEthereumAddress,
  isValidLitecoinAddress,
  isValidMoneroAddress,
  isValidTronAddress,
} from './crypto-address';
export { isValidIban } from './iban';
export { isValidMessengerLink, isValidPaymentLink } from './link-indicator';

export const indicatorTypes = [
  'btc',
  'eth',
  'trx',
  'ltc',
  'doge',
  'xmr',
  'iban',
  'payment_link',
  'messenger_handle',
] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

/** One terrorist-financing indicator found in captured text. */
export interface Indicator {
  type: IndicatorType;
  /**
   * Normalized: bech32 lower case, ETH lower case 0x…, IBAN electronic format, links
   * canonical without scheme ('paypal.me/name'), Telegram handles as 't.me/name'.
   * Base58 and Monero addresses are case-sensitive and kept as written.
   */
  value: string;
  /** The text as it appears in the input. */
  raw: string;
  /** Index of `raw` in the input, in UTF-16 code units (JavaScript string index). */
  offset: number;
  /** Which rule accepted it, e.g. 'btc-bech32-bip173', 'eth-eip55-checksum', 'iban-mod97'. */
  rule: string;
  /** The match with some context, at most 80 characters, whitespace collapsed. */
  evidence: string;
}

export interface ExtractOptions {
  /** Stop after this many distinct indicators (default 1,000, at most 10,000). */
  maxIndicators?: number;
}

export const defaultMaxIndicators = 1_000;
const maxMaxIndicators = 10_000;
const evidenceLength = 80;
/** How far (in characters) a keyword may be before / after an '@handle' or '$cashtag' it qualifies. */
const keywordBefore = 40;
const keywordAfter = 20;
const clauseBreak = /[\n.;!?,@$]/;

/*
 * Candidate patterns. Each is a literal or one-class prefix followed by one bounded
 * character-class run and a lookaround, so a failed match costs at most the run length:
 * no nested quantifiers, no alternation inside repetition, hence no catastrophic backtracking.
 * The lookbehind / lookahead keep a candidate from being a slice of a longer token.
 */
/** Base58 tokens starting with a mainnet prefix: BTC 1/3, LTC L/M, DOGE D/9/A, TRX T, XMR 4/8. */
const base58Candidate = /(?<![0-9A-Za-z])[13489ADLMT][1-9A-HJ-NP-Za-km-z]{25,105}(?![0-9A-Za-z])/g;
/** BIP-173: hrp '1' data, data from the bech32 charset (either case; mixed case is rejected later). */
const bech32Candidate = /(?<![0-9A-Za-z])(?:bc|ltc)1[02-9ac-hj-np-z]{11,87}(?![0-9A-Za-z])/gi;
const ethCandidate = /(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g;
/** Country code and check digits; readIbanAt reads the rest at the country's length. */
const ibanCandidate = /(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?=[ \u00a0]?[0-9A-Za-z])/g;
/** BIP-21: bitcoin:<address>[?query]. */
const bip21Candidate = /(?<![0-9A-Za-z])bitcoin:(?:\/\/)?([0-9A-Za-z]{14,90})(?:\?[^\s<>"'`]{0,500})?/gi;
/**
 * Links are anchored on the '/' after the host, with the host and optional scheme in a
 * lookbehind: irregexp then only tries the (long) host alternation where there is a '/',
 * which is about four times faster on prose than trying it at every position.
 */
const linkCandidate = new RegExp(
  `(?<=(?<![0-9A-Za-z_.@/-])((?:https?:\\/\\/)?(?:www\\.)?)(${linkHostPattern}))\\/([^\\s<>"'\`()\\[\\]{}]{1,200})`,
  'gi',
);
/** Words that make a bare '@handle' a messenger contact or a bare '$tag' a Cash App tag. */
const keywordCandidate = /(?<![0-9A-Za-z])(telegram|tg|signal|threema|session|cash ?app|cash\.app)(?![0-9A-Za-z])/gi;
/** '@name' not preceded by an e-mail local part or URL path, not followed by a domain. Signal usernames end in '.NN'. */
const handleCandidate = /(?<![0-9A-Za-z._%+@/-])@([A-Za-z][A-Za-z0-9_]{2,31}(?:\.[0-9]{2,9})?)(?![0-9A-Za-z_@]|[.-][0-9A-Za-z])/g;
/** Cash App $cashtag: 1-20 characters with at least one letter; we require it to start with one. */
const cashtagCandidate = /(?<![0-9A-Za-z$])\$([A-Za-z][A-Za-z0-9_-]{0,19})(?![0-9A-Za-z_$-])/g;

const whitespace = /\s+/g;
/** Sentence punctuation after a link is not part of it. */
const trailingPunctuation = /[.,;:!?'"”’]+$/;

const evidenceAround = (text: string, offset: number, length: number): string => {
  const slack = Math.max(0, evidenceLength - length);
  let start = Math.max(0, offset - Math.floor(slack / 2));
  const end = Math.min(text.length, start + evidenceLength);
  start = Math.max(0, Math.min(start, end - evidenceLength));
  return text.slice(start, end).replace(whitespace, ' ');
};

interface Keyword {
  offset: number;
  end: number;
  word: string;
}

/**
 * The keyword nearest to the candidate [start, end): at most keywordBefore characters before
 * it or keywordAfter after it, with nothing in between that ends a clause (newline . ; ! ? ,)
 * or starts another '@' / '$' token, so "cash app $a, price $TSLA" qualifies only $a.
 */
const nearestKeyword = (
  text: string,
  keywords: Keyword[],
  start: number,
  end: number,
  accept: (word: string) => boolean,
): string | undefined => {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const keyword of keywords) {
    if (keyword.offset > end + keywordAfter) break;
    if (keyword.end < start - keywordBefore || !accept(keyword.word)) continue;
    const gap = keyword.end <= start ? text.slice(keyword.end, start) : keyword.offset >= end ? text.slice(end, keyword.offset) : '';
    if (clauseBreak.test(gap)) continue;
    if (gap.length < bestDistance) {
      best = keyword.word;
      bestDistance = gap.length;
    }
  }
  return best;
};

const isCashAppWord = (word: string): boolean => word.startsWith('cash');
const isMessengerWord = (word: string): boolean => !isCashAppWord(word);

const handleValue = (word: string, handle: string): { value: string; rule: string } | undefined => {
  const name = handle.toLowerCase();
  switch (word) {
    case 'telegram':
    case 'tg':
      // Telegram usernames: 5-32 of [a-z0-9_] (4 for some collectible names), no dots.
      return /^[a-z][a-z0-9_]{3,31}$/.test(name) ? { value: `t.me/${name}`, rule: 'telegram-handle-near-keyword' } : undefined;
    case 'signal':
    case 'threema':
    case 'session':
      return { value: `${word}:@${name}`, rule: `${word}-handle-near-keyword` };
    default:
      return undefined;
  }
};

class Collector {
  readonly found = new Map<string, Indicator>();
  /** Validation results by candidate text: posts repeat the same address many times. */
  readonly validated = new Map<string, CryptoAddress | undefined>();
  readonly validIbans = new Map<string, boolean>();
  constructor(
    private readonly text: string,
    readonly max: number,
  ) {}

  /** Adds an indicator; keeps the earliest occurrence of each (type, value). */
  add(type: IndicatorType, value: string, raw: string, offset: number, rule: string): void {
    const key = `${type}\u0000${value}`;
    const existing = this.found.get(key);
    if (existing !== undefined && existing.offset <= offset) return;
    this.found.set(key, { type, value, raw, offset, rule, evidence: evidenceAround(this.text, offset, raw.length) });
  }

  addCrypto(address: CryptoAddress, raw: string, offset: number): void {
    this.add(address.type, address.value, raw, offset, address.rule);
  }

  /**
   * Each pass scans in text order, so a pass that has found `max` distinct indicators
   * cannot contribute anything earlier than what it has; the final sort and cut keep
   * the first `max` by offset.
   */
  passIsFull(foundInPass: number): boolean {
    return foundInPass >= this.max;
  }
}

type Pass = (text: string, out: Collector) => void;

const validateOnce = (out: Collector, candidate: string, decode: (candidate: string) => CryptoAddress | undefined): CryptoAddress | undefined => {
  if (out.validated.has(candidate)) return out.validated.get(candidate);
  const address = decode(candidate);
  if (out.validated.size < 100_000) out.validated.set(candidate, address);
  return address;
};

const decodeBase58OrMonero = (candidate: string): CryptoAddress | undefined =>
  candidate.length <= 35 ? decodeBase58Address(candidate) : decodeMoneroAddress(candidate);

const scan = (pattern: RegExp, text: string, out: Collector, onMatch: (match: RegExpExecArray) => boolean): void => {
  pattern.lastIndex = 0;
  let found = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (onMatch(match)) found++;
    if (out.passIsFull(found)) break;
  }
  pattern.lastIndex = 0;
};

const base58Pass: Pass = (text, out) =>
  scan(base58Candidate, text, out, (match) => {
    const candidate = match[0];
    const address = validateOnce(out, candidate, decodeBase58OrMonero);
    if (!address) return false;
    out.addCrypto(address, candidate, match.index);
    return true;
  });

const bech32Pass: Pass = (text, out) =>
  scan(bech32Candidate, text, out, (match) => {
    const address = validateOnce(out, match[0], decodeSegwitIndicator);
    if (!address) return false;
    out.addCrypto(address, match[0], match.index);
    return true;
  });

const ethPass: Pass = (text, out) =>
  scan(ethCandidate, text, out, (match) => {
    const address = validateOnce(out, match[0], decodeEthereumAddress);
    if (!address) return false;
    out.addCrypto(address, match[0], match.index);
    return true;
  });

const ibanPass: Pass = (text, out) =>
  scan(ibanCandidate, text, out, (match) => {
    const iban = readIbanAt(text, match.index, (electronic) => {
      const known = out.validIbans.get(electronic);
      if (known !== undefined) return known;
      const valid = isValidIBAN(electronic);
      if (out.validIbans.size < 100_000) out.validIbans.set(electronic, valid);
      return valid;
    });
    if (!iban) return false;
    out.add('iban', iban.electronic, iban.raw, match.index, 'iban-mod97');
    ibanCandidate.lastIndex = match.index + iban.raw.length;
    return true;
  });

const bip21Pass: Pass = (text, out) =>
  scan(bip21Candidate, text, out, (match) => {
    const address = match[1] ?? '';
    if (!isValidBitcoinAddress(address)) return false;
    const value = /^bc1/i.test(address) ? address.toLowerCase() : address;
    out.add('btc', value, match[0], match.index, 'btc-bip21-uri');
    return true;
  });

const linkPass: Pass = (text, out) => {
  if (!text.includes('/')) return;
  scan(linkCandidate, text, out, (match) => {
    const prefix = match[1] ?? '';
    const host = match[2] ?? '';
    const link = parseLinkIndicator(host, match[3] ?? '');
    if (!link) return false;
    const start = match.index - prefix.length - host.length;
    const raw = text.slice(start, match.index + match[0].length).replace(trailingPunctuation, '');
    out.add(link.type, link.value, raw, start, link.rule);
    return true;
  });
};

/** Bare '@handle' and '$cashtag' count only next to a word naming the service. */
const keywordPass: Pass = (text, out) => {
  if (!text.includes('@') && !text.includes('$')) return;
  const keywords: Keyword[] = [];
  keywordCandidate.lastIndex = 0;
  for (let match = keywordCandidate.exec(text); match !== null; match = keywordCandidate.exec(text)) {
    const word = (match[1] ?? '').toLowerCase().replace(/[ .]/, '');
    keywords.push({ offset: match.index, end: match.index + match[0].length, word });
    if (keywords.length >= 100_000) break;
  }
  keywordCandidate.lastIndex = 0;
  if (keywords.length === 0) return;
  if (keywords.some((k) => isMessengerWord(k.word))) {
    scan(handleCandidate, text, out, (match) => {
      const end = match.index + match[0].length;
      const word = nearestKeyword(text, keywords, match.index, end, isMessengerWord);
      const handle = word === undefined ? undefined : handleValue(word, match[1] ?? '');
      if (!handle) return false;
      out.add('messenger_handle', handle.value, match[0], match.index, handle.rule);
      return true;
    });
  }
  if (keywords.some((k) => isCashAppWord(k.word))) {
    scan(cashtagCandidate, text, out, (match) => {
      const end = match.index + match[0].length;
      if (nearestKeyword(text, keywords, match.index, end, isCashAppWord) === undefined) return false;
      out.add('payment_link', `cash.app/$${(match[1] ?? '').toLowerCase()}`, match[0], match.index, 'cashtag-near-cash-app');
      return true;
    });
  }
};

/** BIP-21 first so that an address inside a bitcoin: URI is reported as the URI. */
const passes: Pass[] = [bip21Pass, base58Pass, bech32Pass, ethPass, ibanPass, linkPass, keywordPass];

/**
 * Finds terrorist-financing indicators in captured text: cryptocurrency addresses whose
 * checksums pass, IBANs whose mod-97 and country length pass, payment / crowdfunding links
 * and messenger contacts. One (type, value) is reported once, at its first occurrence;
 * results are in text order, at most `maxIndicators` of them. Linear in the text length;
 * never throws (on an internal error it returns what it has found so far).
 */
export const extractIndicators = (text: string, options: ExtractOptions = {}): Indicator[] => {
  if (typeof text !== 'string' || text.length === 0) return [];
  const requested = options?.maxIndicators ?? defaultMaxIndicators;
  const max = Number.isFinite(requested) ? Math.max(0, Math.min(maxMaxIndicators, Math.floor(requested))) : defaultMaxIndicators;
  if (max === 0) return [];
  const out = new Collector(text, max);
  try {
    for (const pass of passes) pass(text, out);
  } catch {
    // Never throw on hostile input: what was found before the failure is still evidence.
  }
  return [...out.found.values()].sort((a, b) => a.offset - b.offset).slice(0, max);
};
