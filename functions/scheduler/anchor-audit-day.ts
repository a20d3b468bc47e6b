import { hexToBytes } from '@noble/hashes/utils.js';
import type { AuditChainStore } from '../adapters/stores/audit-chain-store';
import type { TimestampAuthority } from '../adapters/timestamp-authority';
import { merkleRootOf } from '../core/audit-chain/merkle';
import { utcDay } from '../core/referral-id';

/** What the anchoring needs: the chains' heads and anchors, and the deployment's TSA. */
export interface AuditAnchoring {
  chains: Pick<AuditChainStore, 'headsOfDay' | 'anchorOf' | 'putAnchor'>;
  stamp: TimestampAuthority;
}

/** A write in flight at midnight still lands on its day: the day is anchored only this long after it ended. */
export const anchorGraceMs = 5 * 60_000;

export type AnchorOutcome = { day: string; status: 'anchored' | 'already_anchored' | 'not_yet' | 'tsa_unavailable'; heads?: number };

/**
 * Once per UTC day: the Merkle root over the heads of the chains that moved the day before, with
 * an RFC 3161 token over the root (its 32 bytes), stored as that day's anchor. The scheduler runs
 * every minute; every run after the first that stored it finds the anchor and stops there.
 */
export const anchorAuditDay = async (anchoring: AuditAnchoring, now: Date): Promise<AnchorOutcome> => {
  const day = utcDay(new Date(now.getTime() - anchorGraceMs - 24 * 3_600_000).toISOString());
  if (await anchoring.chains.anchorOf(day)) return { day, status: 'already_anchored' };
  const heads = await anchoring.chains.headsOfDay(day);
  const root = merkleRootOf(heads);
  const timestamp = await anchoring.stamp(hexToBytes(root), () => now);
  // An anchor is written once and never stamped later: a TSA that did not answer is asked again
  // at the next run (a day's heads no longer move, so the root is the same), not recorded unstamped.
  if (timestamp.status === 'unavailable') return { day, status: 'tsa_unavailable', heads: heads.length };
  const written = await anchoring.chains.putAnchor({ day, root, heads: heads.length, anchoredAt: now.toISOString(), timestamp });
  return { day, status: written ? 'anchored' : 'already_anchored', heads: heads.length };
};
