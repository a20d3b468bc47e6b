/**
 * Test vectors copied verbatim from BIP-173 ("Test vectors" section), bitcoin/bips
 * bip-0173.mediawiki at commit 01111edbabb3a5871694cde405e6f4e6d5b510fc.
 *
 * BIP-350 later changed the checksum for witness versions 1..16 (Bech32m), so the three
 * v1+ entries of BIP-173's valid list are *invalid* segwit addresses today; BIP-350 lists
 * the same programs re-encoded with Bech32m. `mainnetIndicator` says what an extractor that
 * follows both BIPs must report for a mainnet ('bc') address, or false.
 */
export interface SegwitAddressVector {
  address: string;
  /** scriptPubKey hex as printed in the BIP (valid list only). */
  scriptPubKey?: string;
  /** Reason as printed in the BIP (invalid list only). */
  reason?: string;
}

/** BIP-173 "valid segwit addresses" (all six, in order). */
export const bip173ValidAddresses: SegwitAddressVector[] = [
  { address: 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', scriptPubKey: '0014751e76e8199196d454941c45d1b3a323f1433bd6' },
  { address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', scriptPubKey: '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262' },
  { address: 'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx', scriptPubKey: '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6' },
  { address: 'BC1SW50QA3JX3S', scriptPubKey: '6002751e' },
  { address: 'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj', scriptPubKey: '5210751e76e8199196d454941c45d1b3a323' },
  { address: 'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', scriptPubKey: '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433' },
];

/** The BIP-173 valid entries that BIP-350 supersedes: witness v1+ with a Bech32 (not Bech32m) checksum. */
export const bip173SupersededByBip350 = new Set([
  'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx',
  'BC1SW50QA3JX3S',
  'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj',
]);

/** BIP-173 "invalid segwit addresses" with the reasons the BIP gives (all ten, in order). */
export const bip173InvalidAddresses: SegwitAddressVector[] = [
  { address: 'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', reason: 'Invalid human-readable part' },
  { address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', reason: 'Invalid checksum' },
  { address: 'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', reason: 'Invalid witness version' },
  { address: 'bc1rw5uspcuh', reason: 'Invalid program length' },
  { address: 'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90', reason: 'Invalid program length' },
  { address: 'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', reason: 'Invalid program length for witness version 0 (per BIP141)' },
  { address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7', reason: 'Mixed case' },
  { address: 'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', reason: 'zero padding of more than 4 bits' },
  { address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv', reason: 'Non-zero padding in 8-to-5 conversion' },
  { address: 'bc1gmk9yu', reason: 'Empty data section' },
];
