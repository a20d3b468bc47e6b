import { describe, expect, it } from 'vitest';
import { linkedEventOf, nextLink, type ChainedEvent } from './audit-chain';
import { merkleRootOf } from './merkle';
import { verifyAuditTrail, type StoredAuditTrail } from './verify-audit-trail';

const trail = (count: number): StoredAuditTrail => {
  const links: (ChainedEvent & { day: string })[] = [];
  const records: { key: string; record: { version: number; action: string } }[] = [];
  for (let version = 1; version <= count; version += 1) {
    const key = `AUDIT#${version}`;
    const record = { version, action: 'claimed' };
    records.push({ key, record });
    links.push({ ...nextLink(links.at(-1), linkedEventOf(key, record)), day: version <= 2 ? '2026-12-05' : '2026-12-06' });
  }
  return { chain: 'REF#r1', links, head: links.at(-1), records, anchors: new Map(), trustAnchorsPem: [] };
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
});
