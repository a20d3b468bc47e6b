import { describe, expect, it } from 'vitest';
import { chainGenesis, chainHashOf, checkAuditChain, nextLink, type ChainedEvent } from './audit-chain';

const chainOf = (count: number): ChainedEvent[] => {
  const links: ChainedEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const link = nextLink(links.at(-1), { action: i === 0 ? 'created' : 'status-changed', at: `2026-12-06T04:${String(i).padStart(2, '0')}:00.000Z`, actor: { kind: 'officer', id: `officer-${i}` } });
    links.push({ ...link, key: `AUDIT#${String(link.sequence).padStart(6, '0')}` });
  }
  return links;
};
const headOf = (links: ChainedEvent[]) => links.at(-1)!;

describe('checkAuditChain', () => {
  it('finds nothing wrong with an intact chain, from the genesis hash to its head', () => {
    const links = chainOf(5);
    expect(links[0]?.previousHash).toBe(chainGenesis);
    expect(links[3]?.previousHash).toBe(links[2]?.hash);
    expect(checkAuditChain(links, headOf(links))).toEqual([]);
  });

  it('names an event whose fields were altered in place', () => {
    const links = chainOf(5);
    const altered = links.map((link) => (link.sequence === 3 ? { ...link, event: { ...link.event, actor: { kind: 'officer', id: 'someone-else' } } } : link));
    expect(checkAuditChain(altered, headOf(links))).toEqual([expect.objectContaining({ kind: 'modified', sequence: 3, key: 'AUDIT#000003' })]);
  });

  it('names an event rewritten together with its own hash, by the link the next event holds', () => {
    const links = chainOf(5);
    const rewritten = links.map((link) => {
      if (link.sequence !== 2) return link;
      const event = { ...link.event, at: '2026-12-05T00:00:00.000Z' };
      return { ...link, event, hash: chainHashOf({ sequence: 2, previousHash: link.previousHash, event }) };
    });
    expect(checkAuditChain(rewritten, headOf(links))).toEqual([expect.objectContaining({ kind: 'modified', sequence: 2 })]);
  });

  it('names a deleted event, in the middle and at the end (the end found by the recorded head)', () => {
    const links = chainOf(5);
    expect(checkAuditChain(links.filter((link) => link.sequence !== 3), headOf(links))).toEqual([expect.objectContaining({ kind: 'deleted', sequence: 3 })]);
    expect(checkAuditChain(links.slice(0, 4), headOf(links))).toEqual([expect.objectContaining({ kind: 'deleted', sequence: 5 })]);
  });

  it('names an inserted event, with a number of its own or one already taken', () => {
    const links = chainOf(5);
    const forged = { ...nextLink(links[1], { action: 'status-changed', at: '2026-12-06T04:01:30.000Z' }), key: 'AUDIT#000002a' };
    const between = [...links.slice(0, 2), forged, ...links.slice(2)];
    expect(checkAuditChain(between, headOf(links))).toEqual([expect.objectContaining({ kind: 'inserted', sequence: 3, key: 'AUDIT#000002a' })]);
    const duplicate = { ...nextLink(links[2], { action: 'status-changed', at: '2026-12-06T04:03:30.000Z' }), sequence: 4, key: 'AUDIT#000004b' };
    const twice = [...links.slice(0, 4), duplicate, links[4]!];
    expect(checkAuditChain(twice, headOf(links))).toEqual([expect.objectContaining({ kind: 'inserted', key: 'AUDIT#000004b' })]);
  });

  it('checks a chain of 1,000 events well within 100 ms', () => {
    const links = chainOf(1_000);
    const started = performance.now();
    expect(checkAuditChain(links, headOf(links))).toEqual([]);
    // Generous on a shared machine; the benchmark holds the number itself.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
