import { describe, expect, it } from 'vitest';
import { cellValuesByDimension, counterShardCount, counterShardOf, fnv1a32, isReferralCountDimension, referralCells } from './counter-cells';

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
    for (let i = 0; i < 8_000; i += 1) {
      const shard = counterShardOf(`${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
      perShard[shard] = (perShard[shard] ?? 0) + 1;
    }
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
    expect(cells.map((cell) => `${cell.dimension}:${cell.value}`)).toEqual(['category:recruitment', 'platform:telegram', 'language:und', 'priority:P2', 'group:ISIL', 'group:AQAP']);
  });

  it('counts an officer group tag that resolves to no designated group under group "unresolved", not nowhere', () => {
    const unresolvedTag = { name: 'group', value: 'unresolved', rule: 'officer-tag-unmatched' };
    const alone = referralCells({ category: 'propaganda', platform: 'x', priority: 'P3', groups: [], labels: [unresolvedTag] });
    expect(alone.filter((cell) => cell.dimension === 'group').map((cell) => cell.value)).toEqual(['unresolved']);
    const withText = referralCells({ category: 'propaganda', platform: 'x', priority: 'P3', groups: ['isil'], labels: [unresolvedTag] });
    expect(withText.filter((cell) => cell.dimension === 'group').map((cell) => cell.value)).toEqual(['isil', 'unresolved']);
  });

  it('groups cells per dimension with every dimension present, so a new item gets every map', () => {
    const values = cellValuesByDimension(referralCells({ category: 'fundraising', platform: 'x', language: 'ar', priority: 'P1' }));
    expect(Object.fromEntries([...values].map(([dimension, set]) => [dimension, [...set]]))).toEqual({
      category: ['fundraising'],
      platform: ['x'],
      language: ['ar'],
      priority: ['P1'],
      group: [],
    });
  });

  it('knows which dimensions are referral cells', () => {
    expect(['all', 'category', 'platform', 'group', 'language', 'priority'].every(isReferralCountDimension)).toBe(true);
    expect(['unit', 'outcome', 'indicator', 'tco-order'].some(isReferralCountDimension)).toBe(false);
  });
});
