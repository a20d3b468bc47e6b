/**
 * Test vectors copied verbatim from BIP-350 ("Test vectors for v0-v16 native segregated
 * witness addresses"), bitcoin/bips bip-0350.mediawiki at commit
 * 0310d9eeb1eda5e3626a738394f58b4ee3252074.
 */
import type { SegwitAddressVector } from './bip-0173';

/** BIP-350 "valid segwit addresses" (all eight, in order). */
export const bip350ValidAddresses: SegwitAddressVector[] = [
  { address: 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', scriptPubKey: '0014751e76e8199196d454941c45d1b3a323f1433bd6' },
  { address: 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', scriptPubKey: '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262' },
  { address: 'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', scriptPubKey: '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6' },
  { address: 'BC1SW50QGDZ25J', scriptPubKey: '6002751e' },
  { address: 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', scriptPubKey: '5210751e76e8199196d454941c45d1b3a323' },
  { address: 'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', scriptPubKey: '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433' },
  { address: 'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', scriptPubKey: '5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433' },
  { address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', scriptPubKey: '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' },
];

/** BIP-350 "invalid segwit addresses" with the reasons the BIP gives (all fifteen, in order). */
export const bip350InvalidAddresses: SegwitAddressVector[] = [
  { address: 'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', reason: 'Invalid human-readable part' },
  { address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', reason: 'Invalid checksum (Bech32 instead of Bech32m)' },
  { address: 'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', reason: 'Invalid checksum (Bech32 instead of Bech32m)' },
  { address: 'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', reason: 'Invalid checksum (Bech32 instead of Bech32m)' },
  { address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', reason: 'Invalid checksum (Bech32m instead of Bech32)' },
  { address: 'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', reason: 'Invalid checksum (Bech32m instead of Bech32)' },
  { address: 'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', reason: 'Invalid character in checksum' },
  { address: 'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', reason: 'Invalid witness version' },
  { address: 'bc1pw5dgrnzv', reason: 'Invalid program length (1 byte)' },
  { address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', reason: 'Invalid program length (41 bytes)' },
  { address: 'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', reason: 'Invalid program length for witness version 0 (per BIP141)' },
  { address: 'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', reason: 'Mixed case' },
  { address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', reason: 'zero padding of more than 4 bits' },
  { address: 'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', reason: 'Non-zero padding in 8-to-5 conversion' },
  { address: 'bc1gmk9yu', reason: 'Empty data section' },
];
