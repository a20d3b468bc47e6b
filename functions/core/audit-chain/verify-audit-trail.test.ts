import { describe, expect, it } from 'vitest';
import { linkedEventOf, nextLink, type ChainedEvent } from './audit-chain';
import { merkleRootOf } from './merkle';
import { verifyAuditTrail, verifyAuditTrails, type StoredAuditTrail } from './verify-audit-trail';

const trail = (count: number, chain = 'REF#r1'): StoredAuditTrail => {
  const links: (ChainedEvent & { day: string })[] = [];
  const records: { key: string; record: { version: number; action: string } }[] = [];
  for (let version = 1; version <= count; version += 1) {
    const key = `AUDIT#${version}`;
    const record = { version, action: 'claimed' };
    records.push({ key, record });
    links.push({ ...nextLink(links.at(-1), linkedEventOf(key, record)), day: version <= 2 ? '2026-12-05' : '2026-12-06' });
  }
  return { chain, links, head: links.at(-1), records, anchors: new Map(), trustAnchorsPem: [] };
};

describe('verifyAuditTrail', () => {
  it('reports an intact chain ok, its days not yet anchored as pending', async () => {
    const verification = await verifyAuditTrail(trail(4));
    expect(verification).toMatchObject({ ok: true, events: 4, findings: [] });
    expect(verification.anchors).toEqual([{ day: '2026-12-05', status: 'pending' }, { day: '2026-12-06', status: 'pending' }]);
  });

  it('names the first event whose stored record changed', async () => {
    const stored = trail(4);
    const records = stored.records.map((entry) => (entry.key === 'AUDIT#3' ? { ...entry, record: { ...entry.record, action: 'released' } } : entry));
    const verification = await verifyAuditTrail({ ...stored, records });
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({ kind: 'modified', sequence: 3, key: 'AUDIT#3' });
  });

  it('refuses an anchor whose head is not the chain\'s event, and one with no valid token', async () => {
    const stored = trail(4);
    const heads = [{ chain: 'REF#r1', sequence: 2, hash: 'f'.repeat(64) }, { chain: 'REF#r2', sequence: 1, hash: 'a'.repeat(64) }];
    const rewritten = await verifyAuditTrail({ ...stored, anchors: new Map([['2026-12-05', { day: '2026-12-05', root: merkleRootOf(heads), heads }]]) });
    expect(rewritten.anchors[0]).toMatchObject({ status: 'refused', reason: 'head_mismatch' });
    const honest = [{ chain: 'REF#r1', sequence: 2, hash: stored.links[1]!.hash }];
    const forged = await verifyAuditTrail({ ...stored, anchors: new Map([['2026-12-05', { day: '2026-12-05', root: merkleRootOf(honest), token: Buffer.from('not a token').toString('base64'), heads: honest }]]) });
    expect(forged.ok).toBe(false);
    expect(forged.anchors[0]).toMatchObject({ status: 'refused', reason: 'token_refused' });
  });

  // Its speed is the audit-chain benchmark's figure (npm run bench -- --only "audit chain"), not asserted here.
  it('checks a chain of 1,000 audit events whole', async () => {
    expect(await verifyAuditTrail(trail(1_000))).toMatchObject({ ok: true, events: 1_000 });
  });
});

describe('verifyAuditTrails', () => {
  it("fails the referral's check when the chain of a hold covering it was tampered with, naming that chain", async () => {
    const own = trail(3);
    const held = trail(2, 'OPHOLD#telegram:channel:c');
    expect(await verifyAuditTrails(own, [held])).toMatchObject({ ok: true, events: 5, findings: [] });
    const records = held.records.filter((entry) => entry.key !== 'AUDIT#2');
    const verification = await verifyAuditTrails(own, [{ ...held, records }]);
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({ kind: 'deleted', sequence: 2, chain: 'OPHOLD#telegram:channel:c' });
    expect(verification.findings).toEqual([expect.objectContaining({ chain: 'OPHOLD#telegram:channel:c' })]);
    expect(verification.anchors.filter((anchor) => anchor.chain === 'OPHOLD#telegram:channel:c')).toEqual([{ day: '2026-12-05', status: 'pending', chain: 'OPHOLD#telegram:channel:c' }]);
  });

  it("names the referral's own broken event first", async () => {
    const own = trail(3);
    const held = trail(2, 'OPHOLD#telegram:channel:c');
    const tampered = (stored: StoredAuditTrail) => ({ ...stored, records: stored.records.map((entry) => (entry.key === 'AUDIT#2' ? { ...entry, record: { ...entry.record, action: 'released' } } : entry)) });
    const verification = await verifyAuditTrails(tampered(own), [tampered(held)]);
    expect(verification.firstBroken).toMatchObject({ kind: 'modified', key: 'AUDIT#2' });
    expect(verification.firstBroken?.chain).toBeUndefined();
    expect(verification.findings).toHaveLength(2);
  });
});
