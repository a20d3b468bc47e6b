import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A referral's id is derived from its content key, so every report of the same
 * content, from any unit and on any redelivery, names the same referral without a
 * lookup or a lock. 96 bits keep collisions out of reach for any realistic volume.
 */
export const referralIdFor = (contentKey: string): string =>
  `ref_${bytesToHex(sha256(utf8ToBytes(contentKey))).slice(0, 24)}`;

export const isReferralId = (value: string): boolean => /^ref_[0-9a-f]{24}$/.test(value);

/** UTC calendar day of an ISO timestamp, the grain of trend counters. */
export const utcDay = (iso: string): string => iso.slice(0, 10);
