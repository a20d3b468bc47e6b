/** Keyboard moves in a table or queue: j/k (and the arrow keys) move, Home/End jump. */
export const moveActive = (key: string, index: number, count: number): number | undefined => {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return index < 0 ? 0 : Math.min(index + 1, last);
    case 'k':
    case 'ArrowUp':
      return index < 0 ? 0 : Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
};

export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number | undefined;

/** A stable sort by one column; missing values sort last whichever the direction. */
export const sortRows = <Row>(rows: readonly Row[], value: (row: Row) => SortValue, direction: SortDirection): Row[] => {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, position) => ({ row, position, key: value(row) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.position - b.position : a.key === undefined ? 1 : -1;
      const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key));
      return order === 0 ? a.position - b.position : sign * order;
    })
    .map(({ row }) => row);
};

/** Keys typed into a field belong to the field, never to a shortcut. */
export const isTyping = (target: EventTarget | null): boolean => {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = element?.tagName?.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || element?.isContentEditable === true;
};
