import { base58xmr, bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** The cryptocurrencies whose addresses we recognise. */
export type CryptoIndicatorType = 'btc' | 'eth' | 'trx' | 'ltc' | 'doge' | 'xmr';

/** A validated address: its type, its normalized form and the rule that accepted it. */
export interface CryptoAddress {
  type: CryptoIndicatorType;
  value: string;
  rule: string;
}

const base58check = createBase58check(sha256);

/**
 * Mainnet base58check version bytes. BIP-13 (P2SH) and Bitcoin Core chainparams for BTC;
 * Litecoin and Dogecoin chainparams for LTC/DOGE; TRON's address spec for 0x41.
 * 0x05 is shared by Bitcoin P2SH and Litecoin's legacy P2SH: it is classified as btc.
 */
const base58Versions: ReadonlyMap<number, { type: CryptoIndicatorType; rule: string }> = new Map([
  [0x00, { type: 'btc', rule: 'btc-base58check-p2pkh' }],
  [0x05, { type: 'btc', rule: 'btc-base58check-p2sh' }],
  [0x30, { type: 'ltc', rule: 'ltc-base58check-p2pkh' }],
  [0x32, { type: 'ltc', rule: 'ltc-base58check-p2sh' }],
  [0x1e, { type: 'doge', rule: 'doge-base58check-p2pkh' }],
  [0x16, { type: 'doge', rule: 'doge-base58check-p2sh' }],
  [0x41, { type: 'trx', rule: 'trx-base58check' }],
]);

/** Version byte + 20-byte hash; base58 of 25 bytes (with checksum) is 26..35 characters. */
const base58PayloadLength = 21;

/**
 * Decodes a base58check address (version byte + HASH160 / TRON account id) and maps its
 * version to a chain. Returns undefined for a bad checksum, wrong length or unknown version
 * (testnet, WIF private keys, other coins).
 */
export const decodeBase58Address = (candidate: string): CryptoAddress | undefined => {
  if (candidate.length < 26 || candidate.length > 35) return undefined;
  let payload: Uint8Array;
  try {
    payload = base58check.decode(candidate);
  } catch {
    return undefined;
  }
  if (payload.length !== base58PayloadLength) return undefined;
  const version = base58Versions.get(payload[0] ?? -1);
  if (version === undefined) return undefined;
  // TRON addresses are always 34 characters ('T' + 33); a shorter 0x41 string is not one.
  if (version.type === 'trx' && candidate.length !== 34) return undefined;
  return { type: version.type, value: candidate, rule: version.rule };
};

/** A decoded segwit address (BIP-173 / BIP-350). */
export interface SegwitProgram {
  hrp: string;
  version: number;
  program: Uint8Array;
}

/**
 * BIP-173 / BIP-350 segwit address decoding: one case only, at most 90 characters,
 * witness version 0..16, program 2..40 bytes (20 or 32 for v0, BIP-141), Bech32 checksum
 * for v0 and Bech32m for v1+ (BIP-350), and 8-to-5 padding of at most 4 zero bits.
 */
export const decodeSegwitAddress = (candidate: string): SegwitProgram | undefined => {
  if (candidate.length > 90) return undefined;
  if (candidate !== candidate.toLowerCase() && candidate !== candidate.toUpperCase()) return undefined;
  const lower = candidate.toLowerCase();
  // The first data character is the witness version; 'q' is 0. BIP-350: v0 uses Bech32,
  // v1..16 Bech32m, so only one checksum needs trying (no string is valid in both).
  const isBech32m = lower[lower.lastIndexOf('1') + 1] !== 'q';
  const decoded = (isBech32m ? bech32m : bech32).decodeUnsafe(lower, 90);
  if (!decoded) return undefined;
  const [version, ...data] = decoded.words;
  if (version === undefined || version > 16 || (version === 0) === isBech32m) return undefined;
  const program = bech32.fromWordsUnsafe(data);
  if (!program) return undefined;
  if (program.length < 2 || program.length > 40) return undefined;
  if (version === 0 && program.length !== 20 && program.length !== 32) return undefined;
  return { hrp: decoded.prefix, version, program };
};

/** The scriptPubKey a segwit program pays to (BIP-141: OP_n then a push of the program). */
export const segwitScriptPubKey = ({ version, program }: SegwitProgram): Uint8Array => {
  const script = new Uint8Array(program.length + 2);
  script[0] = version === 0 ? 0 : 0x50 + version;
  script[1] = program.length;
  script.set(program, 2);
  return script;
};

const segwitHrps: ReadonlyMap<string, CryptoIndicatorType> = new Map([
  ['bc', 'btc'],
  ['ltc', 'ltc'],
]);

/** Mainnet segwit address ('bc1…' or 'ltc1…'), normalized to lower case. */
export const decodeSegwitIndicator = (candidate: string): CryptoAddress | undefined => {
  const decoded = decodeSegwitAddress(candidate);
  if (!decoded) return undefined;
  const type = segwitHrps.get(decoded.hrp);
  if (type === undefined) return undefined;
  const rule = decoded.version === 0 ? `${type}-bech32-bip173` : `${type}-bech32m-bip350`;
  return { type, value: candidate.toLowerCase(), rule };
};

const hexDigits = /^0x[0-9a-fA-F]{40}$/;
const zeroAddress = '0x0000000000000000000000000000000000000000';
const textEncoder = new TextEncoder();

/** The EIP-55 checksummed form of a 0x-prefixed 40-hex-digit address. */
export const toChecksumAddress = (address: string): string => {
  const lower = address.slice(2).toLowerCase();
  // EIP-55: hash the lowercase hex as ASCII with Keccak-256 (original Keccak, not SHA3-256).
  const hash = keccak_256(textEncoder.encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const c = lower[i] ?? '';
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? c.toUpperCase() : c;
  }
  return out;
};

/**
 * Ethereum address: 0x + 40 hex. All-lower and all-upper carry no checksum (EIP-55) and are
 * accepted; mixed case must match EIP-55. The zero address is rejected: it is the burn / null
 * address of code samples and ABIs, never a donation destination, and it is noise in referrals.
 */
export const decodeEthereumAddress = (candidate: string): CryptoAddress | undefined => {
  if (!hexDigits.test(candidate)) return undefined;
  const body = candidate.slice(2);
  const lower = candidate.toLowerCase();
  if (lower === zeroAddress) return undefined;
  if (body === body.toLowerCase() || body === body.toUpperCase()) {
    return { type: 'eth', value: lower, rule: 'eth-hex-no-checksum' };
  }
  if (toChecksumAddress(candidate) !== candidate) return undefined;
  return { type: 'eth', value: lower, rule: 'eth-eip55-checksum' };
};

/**
 * Monero mainnet network bytes (cryptonote_config.h): 18 standard, 19 integrated, 42 subaddress.
 * Data: network byte, public spend key (32), public view key (32), [payment id (8)], checksum (4).
 */
const moneroKinds: ReadonlyMap<number, { length: number; rule: string }> = new Map([
  [0x12, { length: 69, rule: 'xmr-standard-keccak' }],
  [0x2a, { length: 69, rule: 'xmr-subaddress-keccak' }],
  [0x13, { length: 77, rule: 'xmr-integrated-keccak' }],
]);

/**
 * Monero mainnet address in Monero's block base58 (95 characters, or 106 for integrated
 * addresses). The checksum is the first 4 bytes of Keccak-256 (original Keccak) of the rest.
 */
export const decodeMoneroAddress = (candidate: string): CryptoAddress | undefined => {
  if (candidate.length !== 95 && candidate.length !== 106) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = base58xmr.decode(candidate);
  } catch {
    return undefined;
  }
  const kind = moneroKinds.get(bytes[0] ?? -1);
  if (kind === undefined || bytes.length !== kind.length) return undefined;
  const body = bytes.subarray(0, bytes.length - 4);
  const hash = keccak_256(body);
  for (let i = 0; i < 4; i++) {
    if (hash[i] !== bytes[body.length + i]) return undefined;
  }
  return { type: 'xmr', value: candidate, rule: kind.rule };
};

/** Any supported mainnet address, or undefined. Never throws. */
export const decodeCryptoAddress = (candidate: string): CryptoAddress | undefined => {
  if (typeof candidate !== 'string') return undefined;
  if (candidate.startsWith('0x')) return decodeEthereumAddress(candidate);
  if (candidate.length === 95 || candidate.length === 106) return decodeMoneroAddress(candidate);
  if (/^(?:bc|ltc)1/i.test(candidate)) return decodeSegwitIndicator(candidate);
  return decodeBase58Address(candidate);
};

const isType =
  (type: CryptoIndicatorType) =>
  (candidate: string): boolean =>
    decodeCryptoAddress(candidate)?.type === type;

/** Bitcoin mainnet: base58check P2PKH / P2SH (BIP-13), segwit v0 (BIP-173), v1+ (BIP-350). */
export const isValidBitcoinAddress = isType('btc');
/** Ethereum: 0x + 40 hex, EIP-55 checksum when mixed case; the zero address is rejected. */
export const isValidEthereumAddress = isType('eth');
/** TRON: base58check, version 0x41, 34 characters. */
export const isValidTronAddress = isType('trx');
/** Litecoin mainnet: base58check 0x30 ('L') / 0x32 ('M'), or 'ltc1' segwit. Legacy '3…' P2SH counts as btc. */
export const isValidLitecoinAddress = isType('ltc');
/** Dogecoin mainnet: base58check 0x1e ('D') / 0x16 ('9', 'A'). */
export const isValidDogecoinAddress = isType('doge');
/** Monero mainnet standard, subaddress or integrated address. */
export const isValidMoneroAddress = isType('xmr');
