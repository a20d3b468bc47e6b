import { describe, expect, it } from 'vitest';
import { bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  decodeCryptoAddress,
  decodeSegwitAddress,
  isValidBitcoinAddress,
  isValidDogecoinAddress,
  isValidEthereumAddress,
  isValidLitecoinAddress,
  isValidMoneroAddress,
  isValidTronAddress,
  segwitScriptPubKey,
  toChecksumAddress,
} from './crypto-address';
import { bip173InvalidAddresses, bip173SupersededByBip350, bip173ValidAddresses } from './vectors/bip-0173';
import { bip350InvalidAddresses, bip350ValidAddresses } from './vectors/bip-0350';
import { keyIoInvalid, keyIoValidMainnet, keyIoValidMainnetPrivkeys, keyIoValidOtherChains } from './vectors/bitcoin-core-key-io';
import { eip55ChecksummedAddresses } from './vectors/eip-55';
import { dogecoinKeyIoValidMainnet, litecoinKeyIoValidMainnet } from './vectors/litecoin-dogecoin-key-io';
import { moneroInvalidAddresses, moneroValidAddresses } from './vectors/monero';

const base58check = createBase58check(sha256);

/** The scriptPubKey a base58check address pays to: P2PKH or P2SH by version (BIP-13). */
const base58ScriptPubKey = (address: string, p2shVersions: number[]): string => {
  const payload = base58check.decode(address);
  const hash = bytesToHex(payload.subarray(1));
  return p2shVersions.includes(payload[0] ?? -1) ? `a914${hash}87` : `76a914${hash}88ac`;
};

const scriptPubKeyOf = (address: string, p2shVersions: number[]): string => {
  const segwit = decodeSegwitAddress(address);
  return segwit ? bytesToHex(segwitScriptPubKey(segwit)) : base58ScriptPubKey(address, p2shVersions);
};

describe('segwit addresses: BIP-173 test vectors', () => {
  const current = bip173ValidAddresses.filter((v) => !bip173SupersededByBip350.has(v.address));
  const superseded = bip173ValidAddresses.filter((v) => bip173SupersededByBip350.has(v.address));

  it.each(current)('decodes $address to its scriptPubKey', ({ address, scriptPubKey }) => {
    expect(scriptPubKeyOf(address, [])).toBe(scriptPubKey);
    expect(isValidBitcoinAddress(address)).toBe(address.toLowerCase().startsWith('bc1'));
  });

  it.each(superseded)('rejects $address: witness v1+ with a Bech32 checksum (BIP-350)', ({ address }) => {
    expect(decodeSegwitAddress(address)).toBeUndefined();
    expect(isValidBitcoinAddress(address)).toBe(false);
  });

  it.each(bip173InvalidAddresses)('rejects $address ($reason)', ({ address }) => {
    expect(isValidBitcoinAddress(address)).toBe(false);
    expect(decodeCryptoAddress(address)).toBeUndefined();
  });
});

describe('segwit addresses: BIP-350 test vectors', () => {
  it.each(bip350ValidAddresses)('decodes $address to its scriptPubKey', ({ address, scriptPubKey }) => {
    expect(scriptPubKeyOf(address, [])).toBe(scriptPubKey);
    expect(isValidBitcoinAddress(address)).toBe(address.toLowerCase().startsWith('bc1'));
  });

  it.each(bip350InvalidAddresses)('rejects $address ($reason)', ({ address }) => {
    expect(isValidBitcoinAddress(address)).toBe(false);
    expect(decodeCryptoAddress(address)).toBeUndefined();
  });

  it('tells which invalid vectors fail generic decoding, and which only fail on the HRP', () => {
    const decodable = [...bip173InvalidAddresses, ...bip350InvalidAddresses]
      .filter((v) => decodeSegwitAddress(v.address) !== undefined)
      .map((v) => v.reason);
    expect(decodable).toEqual(['Invalid human-readable part', 'Invalid human-readable part']);
  });
});

describe("Bitcoin Core's key_io vectors", () => {
  it.each(keyIoValidMainnet)('accepts mainnet $address and decodes its scriptPubKey', ({ address, scriptPubKey }) => {
    expect(isValidBitcoinAddress(address)).toBe(true);
    expect(scriptPubKeyOf(address, [0x05])).toBe(scriptPubKey);
  });

  it.each(keyIoValidMainnet.filter((v) => v.address.startsWith('bc1')))('accepts $address case-flipped (tryCaseFlip)', ({ address }) => {
    expect(isValidBitcoinAddress(address.toUpperCase())).toBe(true);
  });

  it.each(keyIoValidOtherChains)('reports no mainnet address for %s (testnet4/signet/regtest)', (address) => {
    expect(decodeCryptoAddress(address)).toBeUndefined();
  });

  it.each(keyIoValidMainnetPrivkeys)('does not take WIF private key %s for an address', (key) => {
    expect(decodeCryptoAddress(key)).toBeUndefined();
  });

  it.each(keyIoInvalid)('rejects invalid %j', (address) => {
    expect(decodeCryptoAddress(address)).toBeUndefined();
  });
});

describe('base58check checksum', () => {
  it.each(keyIoValidMainnet.filter((v) => !v.address.startsWith('bc1')))('rejects $address with one character changed', ({ address }) => {
    const i = Math.floor(address.length / 2);
    const changed = address.slice(0, i) + (address[i] === 'z' ? 'y' : 'z') + address.slice(i + 1);
    expect(isValidBitcoinAddress(changed)).toBe(false);
  });
});

describe('Litecoin and Dogecoin key_io vectors', () => {
  it.each(litecoinKeyIoValidMainnet)('accepts Litecoin $address', ({ address, scriptPubKey }) => {
    expect(isValidLitecoinAddress(address)).toBe(true);
    expect(isValidBitcoinAddress(address)).toBe(false);
    expect(base58ScriptPubKey(address, [0x32, 0x05])).toBe(scriptPubKey);
  });

  it.each(dogecoinKeyIoValidMainnet)('accepts Dogecoin $address', ({ address, scriptPubKey }) => {
    expect(isValidDogecoinAddress(address)).toBe(true);
    expect(base58ScriptPubKey(address, [0x16])).toBe(scriptPubKey);
  });

  it('classifies the shared P2SH version 0x05 as Bitcoin', () => {
    expect(decodeCryptoAddress('36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm')?.type).toBe('btc');
    expect(isValidLitecoinAddress('36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm')).toBe(false);
  });

  it('accepts ltc1 segwit addresses built with the ltc HRP (no ltc1 spec vectors were found)', () => {
    // Same program as BIP-173's first vector, encoded for Litecoin's 'ltc' HRP by the test.
    const program = decodeSegwitAddress('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4');
    expect(program).toBeDefined();
    const address = bech32.encode('ltc', [0, ...bech32.toWords(program?.program ?? new Uint8Array())]);
    expect(decodeCryptoAddress(address)).toEqual({ type: 'ltc', value: address, rule: 'ltc-bech32-bip173' });
  });
});

describe('TRON addresses', () => {
  // No spec vector list exists for TRON; these are built with base58check over version 0x41.
  it('accepts a base58check payload with version 0x41, 34 characters', () => {
    const payload = new Uint8Array(21);
    payload[0] = 0x41;
    payload.set(sha256(new TextEncoder().encode('tron test account')).subarray(0, 20), 1);
    const address = base58check.encode(payload);
    expect(address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
    expect(isValidTronAddress(address)).toBe(true);
    expect(isValidTronAddress(address.slice(0, -1) + (address.endsWith('a') ? 'b' : 'a'))).toBe(false);
  });

  it("accepts Tether's well-known TRC-20 contract address (a public address, not a spec vector)", () => {
    expect(isValidTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toBe(true);
    expect(isValidTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T')).toBe(false);
  });
});

describe('Ethereum addresses: EIP-55 vectors', () => {
  it.each(eip55ChecksummedAddresses)('accepts %s and recomputes its checksum', (address) => {
    expect(toChecksumAddress(address.toLowerCase())).toBe(address);
    expect(decodeCryptoAddress(address)).toEqual({ type: 'eth', value: address.toLowerCase(), rule: 'eth-eip55-checksum' });
  });

  it.each(eip55ChecksummedAddresses)('accepts %s in all-lower and all-upper case (no checksum)', (address) => {
    expect(isValidEthereumAddress(address.toLowerCase())).toBe(true);
    expect(isValidEthereumAddress(`0x${address.slice(2).toUpperCase()}`)).toBe(true);
  });

  it.each(eip55ChecksummedAddresses)('rejects %s with the case of one letter flipped', (address) => {
    const i = [...address].findIndex((c, index) => index > 1 && /[a-fA-F]/.test(c));
    const c = address[i] ?? '';
    const flipped = address.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + address.slice(i + 1);
    expect(isValidEthereumAddress(flipped)).toBe(false);
  });

  it('rejects the zero address, wrong lengths and a missing 0x', () => {
    expect(isValidEthereumAddress(`0x${'0'.repeat(40)}`)).toBe(false);
    expect(isValidEthereumAddress(`0x${'a'.repeat(39)}`)).toBe(false);
    expect(isValidEthereumAddress(`0x${'a'.repeat(41)}`)).toBe(false);
    expect(isValidEthereumAddress('5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(false);
  });
});

describe("Monero addresses: the Monero project's test vectors", () => {
  it.each(moneroValidAddresses)('$net $kind $address', ({ net, kind, address }) => {
    const decoded = decodeCryptoAddress(address);
    if (net === 'mainnet') {
      expect(decoded).toEqual({ type: 'xmr', value: address, rule: `xmr-${kind}-keccak` });
    } else {
      expect(decoded).toBeUndefined();
    }
  });

  it.each(moneroInvalidAddresses)('rejects %s (checksum)', (address) => {
    expect(isValidMoneroAddress(address)).toBe(false);
  });
});

describe('validators never throw', () => {
  it.each([undefined, null, 42, {}, '', '0x', 'bc1', '1'.repeat(1000), '\u0000'.repeat(95)])('on %j', (input) => {
    expect(decodeCryptoAddress(input as string)).toBeUndefined();
    expect(isValidBitcoinAddress(input as string)).toBe(false);
  });
});
