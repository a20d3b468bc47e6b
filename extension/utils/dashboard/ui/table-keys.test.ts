import { describe, expect, it } from 'vitest';
import { isTyping, moveActive, sortRows } from './table-keys';

describe('keyboard moves in a table', () => {
  it('j/k move one row, stop at the ends, and start at the first row', () => {
    expect(moveActive('j', -1, 3)).toBe(0);
    expect(moveActive('j', 0, 3)).toBe(1);
    expect(moveActive('j', 2, 3)).toBe(2);
    expect(moveActive('k', 2, 3)).toBe(1);
    expect(moveActive('k', 0, 3)).toBe(0);
    expect(moveActive('End', 0, 3)).toBe(2);
    expect(moveActive('Home', 2, 3)).toBe(0);
  });

  it('ignores other keys and empty tables', () => {
    expect(moveActive('x', 1, 3)).toBeUndefined();
    expect(moveActive('j', -1, 0)).toBeUndefined();
  });

  it('leaves keys typed into a field to the field', () => {
    expect(isTyping({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'TR' } as unknown as EventTarget)).toBe(false);
  });
});

describe('sorting a table by a column', () => {
  const rows = [
    { id: 'a', count: 3, name: 'Zeta' },
    { id: 'b', count: 1, name: undefined },
    { id: 'c', count: 3, name: 'alpha' },
    { id: 'd', count: 2, name: 'Beta' },
  ];

  it('sorts numbers both ways, keeping equal rows in their order', () => {
    expect(sortRows(rows, (r) => r.count, 'ascending').map((r) => r.id)).toEqual(['b', 'd', 'a', 'c']);
    expect(sortRows(rows, (r) => r.count, 'descending').map((r) => r.id)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('sorts text by locale and puts missing values last in both directions', () => {
    expect(sortRows(rows, (r) => r.name, 'ascending').map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(sortRows(rows, (r) => r.name, 'descending').map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });
});
