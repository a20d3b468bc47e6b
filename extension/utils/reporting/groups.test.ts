import { describe, expect, it } from 'vitest';
import { attributeGroups, designatedGroups as parsedGroups } from '../shared-rules';
import { designatedGroups, searchGroups } from './groups';

describe('searchGroups', () => {
  it('finds by alias, ignoring case and punctuation', () => {
    expect(searchGroups('islamic state').map((g) => g.id)).toEqual(['isil', 'iskp', 'iswap']);
    expect(searchGroups('alqaida').map((g) => g.id)).toEqual(['al-qaida', 'aqap', 'aqim']);
    expect(searchGroups('motstands').map((g) => g.id)).toEqual(['nordic-resistance-movement']);
  });

  it('returns the whole list for an empty query and nothing for an unknown name', () => {
    expect(searchGroups('  ')).toHaveLength(designatedGroups.length);
    expect(searchGroups('zzzz')).toEqual([]);
  });
});

describe('the popup group suggestions', () => {
  it('are read from the same file the classifier parses, every group in its order', () => {
    expect(designatedGroups.map((group) => [group.id, group.name])).toEqual(parsedGroups.map((group) => [group.id, group.name]));
  });

  it('are spellings the server resolves, each to the group it is offered for', () => {
    expect(designatedGroups.length).toBeGreaterThan(0);
    for (const suggestion of designatedGroups) {
      const { groups, labels } = attributeGroups(suggestion.name, []);
      expect(labels.map((label) => `${label.value}/${label.rule}`), suggestion.name).toEqual([`${suggestion.id}/officer-tag`]);
      expect(groups).toEqual([suggestion.id]);
    }
  });
});
