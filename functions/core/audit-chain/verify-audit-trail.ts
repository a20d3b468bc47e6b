import { hexToBytes } from '@noble/hashes/utils.js';
import type { JsonValue } from '../canonical-json';
import { verifyTimestampToken } from '../trusted-time/timestamp-token';
import { checkAuditChain, checkLinkedEvents, type ChainedEvent, type ChainFinding } from './audit-chain';
import { inclusionProofOf, merkleRootOf, provesInclusion, type AnchoredHead } from './merkle';

/** A day's anchor as the verifier reads it: the stored root and token, and the heads of that day. */
export interface DayAnchor {
  day: string;
  root: string;
  /** Base64 DER of the RFC 3161 token over the root's 32 bytes; absent when the deployment had no TSA. */
  token?: string | undefined;
  heads: readonly AnchoredHead[];
}

/** What the check of one day's anchor found for this chain. */
export type AnchorCheck =
  | { day: string; status: 'verified'; time: string }
  /** The day is not anchored yet (today, or the scheduler has not run since). */
  | { day: string; status: 'pending' }
  | { day: string; status: 'unstamped'; message: string }
  | { day: string; status: 'refused'; reason: 'root_mismatch' | 'not_included' | 'head_mismatch' | 'token_refused'; message: string };

/** Where a finding or an anchor check belongs when it is not the referral's own chain: the held target's partition. */
type OfChain<T> = T & { chain?: string };

export interface AuditVerification {
  ok: boolean;
  events: number;
  /** The first event the check found broken, in chain order (the referral's own chain first). */
  firstBroken?: OfChain<ChainFinding>;
  findings: OfChain<ChainFinding>[];
  anchors: OfChain<AnchorCheck>[];
}

export interface StoredAuditTrail {
  chain: string;
  links: readonly (ChainedEvent & { day: string })[];
  head?: Pick<ChainedEvent, 'sequence' | 'hash'> | undefined;
  records: readonly { key: string; record: Record<string, JsonValue> }[];
  /** The anchors of the days the links were written on, by day (a day not anchored yet is absent). */
  anchors: ReadonlyMap<string, DayAnchor>;
  /** CA certificates (PEM) of the TSAs the deployment trusts. */
  trustAnchorsPem: string[];
}

const checkAnchor = async (trail: StoredAuditTrail, anchor: DayAnchor): Promise<AnchorCheck> => {
  const { day } = anchor;
  if (merkleRootOf(anchor.heads) !== anchor.root) return { day, status: 'refused', reason: 'root_mismatch', message: `the heads of ${day} no longer make the anchored root` };
  const included = inclusionProofOf(anchor.heads, trail.chain);
  if (!included || !provesInclusion(included.head, included.proof, anchor.root)) return { day, status: 'refused', reason: 'not_included', message: `the chain's head is not under the root anchored for ${day}` };
  const anchoredLink = trail.links.find((link) => link.sequence === included.head.sequence);
  if (anchoredLink?.hash !== included.head.hash)
    return { day, status: 'refused', reason: 'head_mismatch', message: `event ${included.head.sequence}, anchored on ${day}, is not in the chain as it was anchored` };
  if (anchor.token === undefined) return { day, status: 'unstamped', message: `the anchor of ${day} has no timestamp token (no TSA was configured)` };
  const token = await verifyTimestampToken(new Uint8Array(Buffer.from(anchor.token, 'base64')), { data: hexToBytes(anchor.root), trustAnchorsPem: trail.trustAnchorsPem });
  return token.status === 'verified' ? { day, status: 'verified', time: token.time } : { day, status: 'refused', reason: 'token_refused', message: `the token over the root of ${day} was refused: ${token.message}` };
};

/**
 * Checks a chain as stored: the links (modified, deleted, inserted), the audit events they stamp,
 * and every day's anchor covering it (the head's Merkle inclusion proof and the token over the root).
 */
export const verifyAuditTrail = async (trail: StoredAuditTrail): Promise<AuditVerification> => {
  const findings = [...checkAuditChain(trail.links, trail.head), ...checkLinkedEvents(trail.links, trail.records)];
  const days = [...new Set(trail.links.map((link) => link.day))].sort();
  const anchors: AnchorCheck[] = [];
  for (const day of days) {
    const anchor = trail.anchors.get(day);
    anchors.push(anchor ? await checkAnchor(trail, anchor) : { day, status: 'pending' });
  }
  const ordered = [...findings].sort((a, b) => a.sequence - b.sequence);
  return {
    ok: findings.length === 0 && anchors.every((check) => check.status !== 'refused'),
    events: trail.records.length,
    ...(ordered[0] ? { firstBroken: ordered[0] } : {}),
    findings,
    anchors,
  };
};

/**
 * Checks a referral's own chain and the chains of the operational holds covering it (its post,
 * its channel, its indicators), each on its own, as one verdict: a hold's steps concern every
 * referral it covers, and a tampered hold record makes each of their checks fail. Findings and
 * anchors of a hold's chain name that chain.
 */
export const verifyAuditTrails = async (own: StoredAuditTrail, others: readonly StoredAuditTrail[]): Promise<AuditVerification> => {
  const [first, ...rest] = await Promise.all([own, ...others].map(verifyAuditTrail));
  const ofChain = <T>(items: readonly T[], chain: string): OfChain<T>[] => items.map((item) => ({ ...item, chain }));
  const findings = [...first!.findings, ...rest.flatMap((verification, index) => ofChain(verification.findings, others[index]!.chain))];
  const firstBroken = first!.firstBroken ?? rest.map((verification, index) => (verification.firstBroken ? { ...verification.firstBroken, chain: others[index]!.chain } : undefined)).find((finding) => finding !== undefined);
  return {
    ok: first!.ok && rest.every((verification) => verification.ok),
    events: first!.events + rest.reduce((sum, verification) => sum + verification.events, 0),
    ...(firstBroken ? { firstBroken } : {}),
    findings,
    anchors: [...first!.anchors, ...rest.flatMap((verification, index) => ofChain(verification.anchors, others[index]!.chain))],
  };
};
