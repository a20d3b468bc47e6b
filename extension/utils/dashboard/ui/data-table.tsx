import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isTyping, moveActive, sortRows, type SortDirection, type SortValue } from './table-keys';

export interface Column<Row> {
  id: string;
  header: string;
  cell(row: Row): ComponentChildren;
  /** Given: the header is a button that sorts by this value. */
  sortValue?(row: Row): SortValue;
  className?: string;
}

interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** Enter on the active row (or a double click) opens it. */
  onOpen?(row: Row): void;
  /** data-* attributes of a row, for tests and styles. */
  rowData?(row: Row): Record<string, string>;
  /** The accessible name of the table. */
  label: string;
  bodyId?: string;
  className?: string;
  empty?: ComponentChildren;
}

/**
 * The dashboard's one table: sortable by the columns that say how, and keyboard navigable.
 * Focus the table, then j/k or the arrows move the active row, Home/End jump, Enter opens.
 */
export const DataTable = <Row,>({ columns, rows, rowKey, onOpen, rowData, label, bodyId, className, empty }: DataTableProps<Row>) => {
  const [sort, setSort] = useState<{ column: string; direction: SortDirection } | undefined>();
  const [active, setActive] = useState(-1);
  const body = useRef<HTMLTableSectionElement>(null);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.id === sort?.column);
    return column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.direction) : [...rows];
  }, [rows, columns, sort]);

  useEffect(() => {
    if (active >= sorted.length) setActive(sorted.length - 1);
  }, [sorted.length, active]);
  useEffect(() => {
    (body.current?.rows[active] as HTMLElement | undefined)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') {
      const row = sorted[active];
      if (row !== undefined && onOpen && (event.target as HTMLElement).tagName !== 'BUTTON') {
        event.preventDefault();
        onOpen(row);
      }
      return;
    }
    const next = moveActive(event.key, active, sorted.length);
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
  };

  const toggle = (column: string) =>
    setSort((current) => ({ column, direction: current?.column === column && current.direction === 'ascending' ? 'descending' : 'ascending' }));

  return (
    <div class="table-wrap" tabIndex={0} onKeyDown={onKeyDown} role="group" aria-label={label}>
      <table class={className}>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = sort?.column === column.id ? sort.direction : undefined;
              return (
                <th scope="col" key={column.id} aria-sort={direction ?? (column.sortValue ? 'none' : undefined)}>
                  {column.sortValue ? (
                    <button type="button" class="sort" data-sort={column.id} onClick={() => toggle(column.id)}>
                      {column.header}
                      <span aria-hidden="true">{direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody id={bodyId} ref={body}>
          {sorted.map((row, index) => (
            <tr
              key={rowKey(row)}
              class={index === active ? 'active' : undefined}
              aria-selected={index === active}
              onClick={() => setActive(index)}
              onDblClick={() => onOpen?.(row)}
              {...Object.fromEntries(Object.entries(rowData?.(row) ?? {}).map(([k, v]) => [`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v]))}
            >
              {columns.map((column) => (
                <td key={column.id} class={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length === 0 && empty !== undefined ? <p class="empty">{empty}</p> : null}
    </div>
  );
};
