import { isTyping, moveActive } from './table-keys';

/**
 * j/k move the active referral of the queue (host headings are passed over), Enter opens its detail. The queue rows are drawn
 * by view.ts; the active one carries `.active` and aria-selected, and is scrolled into view.
 */
export const queueKeys = (doc: Document, rowsId: string) => (event: KeyboardEvent): void => {
  if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const rows = Array.from(doc.querySelectorAll<HTMLTableRowElement>(`#${rowsId} > tr[data-referral-id]`));
  const index = rows.findIndex((row) => row.classList.contains('active'));
  if (event.key === 'Enter') {
    if (index < 0 || (event.target as HTMLElement | null)?.tagName === 'BUTTON') return;
    event.preventDefault();
    rows[index]?.querySelector<HTMLButtonElement>('[data-action="details"]')?.click();
    return;
  }
  const next = moveActive(event.key, index, rows.length);
  if (next === undefined || (event.key !== 'j' && event.key !== 'k')) return;
  event.preventDefault();
  rows.forEach((row, i) => {
    row.classList.toggle('active', i === next);
    row.setAttribute('aria-selected', String(i === next));
  });
  rows[next]?.scrollIntoView({ block: 'nearest' });
};
