import { describe, expect, it } from 'vitest';
import type { AuditAnchor, ChainHead } from '../adapters/stores/audit-chain-store';
import type { TimestampAuthority, TrustedTimestamp } from '../adapters/timestamp-authority';
import { merkleRootOf } from '../core/audit-chain/merkle';
import { anchorAuditDay } from './anchor-audit-day';

const now = new Date('2026-12-07T00:10:00.000Z');
const heads: ChainHead[] = [
  { pk: 'CHAINDAY#2026-12-06', sk: 'REF#ref_a', chain: 'REF#ref_a', sequence: 3, hash: 'a'.repeat(64) },
  { pk: 'CHAINDAY#2026-12-06', sk: 'REF#ref_b', chain: 'REF#ref_b', sequence: 9, hash: 'b'.repeat(64) },
];

/** The chains' anchors in memory: the anchoring's port, not the table. */
const anchorsInMemory = () => {
  const anchors = new Map<string, AuditAnchor>();
  return {
    anchors,
    chains: {
      headsOfDay: async (day: string) => heads.filter((head) => head.pk === `CHAINDAY#${day}`),
      anchorOf: async (day: string) => anchors.get(day),
      putAnchor: async (anchor: AuditAnchor) => (anchors.has(anchor.day) ? false : (anchors.set(anchor.day, anchor), true)),
    },
  };
};
const answering = (stamp: TrustedTimestamp): TimestampAuthority => async () => stamp;
const verified: TrustedTimestamp = { status: 'verified', tsaUrl: 'http://tsa', sha256: 'c'.repeat(64), token: 'dG9rZW4=', time: now.toISOString(), serialNumber: '1', policy: '1.2.3', requestedAt: now.toISOString() };

describe('anchorAuditDay', () => {
  it("stamps the Merkle root over the day's heads once, then finds its anchor", async () => {
    const { anchors, chains } = anchorsInMemory();
    expect(await anchorAuditDay({ chains, stamp: answering(verified) }, now)).toEqual({ day: '2026-12-06', status: 'anchored', heads: 2 });
    expect(anchors.get('2026-12-06')).toMatchObject({ root: merkleRootOf(heads), heads: 2, timestamp: { status: 'verified' } });
    expect(await anchorAuditDay({ chains, stamp: answering(verified) }, now)).toEqual({ day: '2026-12-06', status: 'already_anchored' });
  });

  it('writes no anchor while the TSA does not answer, so a later run stamps the day', async () => {
    const { anchors, chains } = anchorsInMemory();
    const down: TrustedTimestamp = { status: 'unavailable', tsaUrl: 'http://tsa', sha256: 'c'.repeat(64), message: 'the TSA did not answer', requestedAt: now.toISOString() };
    expect(await anchorAuditDay({ chains, stamp: answering(down) }, now)).toMatchObject({ status: 'tsa_unavailable' });
    expect(anchors.size).toBe(0);
    expect(await anchorAuditDay({ chains, stamp: answering(verified) }, new Date(now.getTime() + 60_000))).toMatchObject({ status: 'anchored' });
    expect(anchors.get('2026-12-06')?.timestamp.status).toBe('verified');
  });

  it('records a refused token as refused: the anchor stands, and the check reports it', async () => {
    const { anchors, chains } = anchorsInMemory();
    const refused: TrustedTimestamp = { status: 'refused', tsaUrl: 'http://tsa', sha256: 'c'.repeat(64), token: 'dG9rZW4=', reason: 'untrusted_chain', message: 'no chain to the trust anchor', requestedAt: now.toISOString() };
    expect(await anchorAuditDay({ chains, stamp: answering(refused) }, now)).toMatchObject({ status: 'anchored' });
    expect(anchors.get('2026-12-06')?.timestamp).toMatchObject({ status: 'refused', reason: 'untrusted_chain' });
  });
});
