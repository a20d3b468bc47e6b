import { describe, expect, it } from 'vitest';
import { cellValueOf, counterShardCount, counterShardOf, fnv1a32, isReferralCountDimension, referralCellAttribute, referralCells } from './counter-cells';

describe('fnv1a32', () => {
  // Published FNV-1a 32-bit vectors (Landon Curt Noll's test suite, fnv/test_fnv.c).
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['b', 0xe70c2de5],
    ['foobar', 0xbf9cf968],
    ['chongo was here!\n', 0xd49930d5],
  ])('hashes %j to the published value', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });
});

describe('counterShardOf', () => {
  it('spreads submission ids evenly over the shards', () => {
    const perShard = new Array<number>(counterShardCount).fill(0);
    for (let i = 0; i < 8_000; i += 1) perShard[counterShardOf(`${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`)] += 1;
    for (const n of perShard) expect(n).toBeGreaterThan(800);
    for (const n of perShard) expect(n).toBeLessThan(1_200);
  });

  it('is the same shard every time, so a repeat meets its first count', () => {
    expect(counterShardOf('ref_1e2427299aefa17d5e9459eb')).toBe(counterShardOf('ref_1e2427299aefa17d5e9459eb'));
    expect(counterShardOf('ref_1e2427299aefa17d5e9459eb')).toBe(fnv1a32('ref_1e2427299aefa17d5e9459eb') % counterShardCount);
  });
});

describe('referral cells', () => {
  it('names one cell per dimension and one per distinct group, language und when unknown', () => {
    const cells = referralCells({ category: 'recruitment', platform: 'telegram', priority: 'P2', groups: ['ISIL', 'ISIL', 'AQAP'] });
    expect(cells.map(referralCellAttribute)).toEqual(['category:recruitment', 'platform:telegram', 'language:und', 'priority:P2', 'group:ISIL', 'group:AQAP']);
  });

  it('reads a cell value back from its attribute and ignores the item attributes', () => {
    expect(cellValueOf('platform', 'platform:x.com:8443')).toBe('x.com:8443');
    expect(cellValueOf('group', 'group:Hizb ut-Tahrir')).toBe('Hizb ut-Tahrir');
    for (const attribute of ['pk', 'sk', 'count', 'members', 'day', 'dimension', 'entity', 'compactedAt', 'platformx:1']) expect(cellValueOf('platform', attribute)).toBeUndefined();
  });

  it('knows which dimensions are referral cells', () => {
    expect(['all', 'category', 'platform', 'group', 'language', 'priority'].every(isReferralCountDimension)).toBe(true);
    expect(['unit', 'outcome', 'indicator', 'tco-order'].some(isReferralCountDimension)).toBe(false);
  });
});
