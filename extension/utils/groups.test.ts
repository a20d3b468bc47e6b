import { describe, expect, it } from 'vitest';
import { designatedGroups, searchGroups } from './groups';

describe('searchGroups', () => {
  it('finds by alias, ignoring case and punctuation', () => {
    expect(searchGroups('islamic state').map((g) => g.name)).toEqual(['ISIL/Daesh', 'ISWAP']);
    expect(searchGroups('alqaida').map((g) => g.name)).toEqual(['al-Qaeda']);
    expect(searchGroups('motstands').map((g) => g.name)).toEqual(['Nordic Resistance Movement']);
  });

  it('returns the whole list for an empty query and nothing for an unknown name', () => {
    expect(searchGroups('  ')).toHaveLength(designatedGroups.length);
    expect(searchGroups('zzzz')).toEqual([]);
  });
});
