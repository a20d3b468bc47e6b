import { openRowAssignForm } from '../view';
import { isTyping, moveActive } from './table-keys';

/** c claims the active referral; s sends it (or, for a platform filed by hand, marks it filed); x ticks it for bulk actions; a opens its "Assign to…". */
const actionKeys: Record<string, readonly string[]> = { c: ['claim'], s: ['send', 'mark-filed'], x: ['select'] };

const markActive = (rows: readonly HTMLTableRowElement[], referralId: string | undefined): void => {
  for (const row of rows) {
    const active = row.dataset.referralId === referralId;
    row.classList.toggle('active', active);
    row.setAttribute('aria-selected', String(active));
  }
};

/**
 * j/k move the active referral of the queue (host headings are passed over), Enter opens its detail, c and s act on it, a
 * opens its "Assign to…" with the cursor in the officer id. The
 * queue rows are drawn by view.ts and redrawn after every action and change: the active
 * referral is remembered by id and marked again on each redraw. Returns the key handler and
 * what stops watching the rows.
 */
export const queueKeys = (doc: Document, rowsId: string): { onKeyDown(event: KeyboardEvent): void; stop(): void } => {
  let activeId: string | undefined;
  const rowsNow = () => Array.from(doc.querySelectorAll<HTMLTableRowElement>(`#${rowsId} > tr[data-referral-id]`));
  const body = doc.getElementById(rowsId);
  const redrawn = new MutationObserver(() => markActive(rowsNow(), activeId));
  if (body !== null) redrawn.observe(body, { childList: true });

  const onKeyDown = (event: KeyboardEvent): void => {
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const rows = rowsNow();
    const index = rows.findIndex((row) => row.dataset.referralId === activeId);
    if (event.key === 'Enter') {
      if (index < 0 || (event.target as HTMLElement | null)?.tagName === 'BUTTON') return;
      event.preventDefault();
      rows[index]?.querySelector<HTMLButtonElement>('[data-action="details"]')?.click();
      return;
    }
    if (event.key === 'a') {
      const assign = rows[index]?.querySelector<HTMLDetailsElement>('details.assign-to');
      if (assign == null) return;
      event.preventDefault();
      const field = openRowAssignForm(assign);
      // What was typed before is selected, so the next id typed replaces it.
      field?.focus();
      field?.select();
      return;
    }
    const actions = actionKeys[event.key];
    if (actions !== undefined) {
      const button = actions.map((action) => rows[index]?.querySelector<HTMLElement>(`[data-action="${action}"]`)).find((found) => found != null);
      if (button == null) return;
      event.preventDefault();
      button.click();
      return;
    }
    if (event.key !== 'j' && event.key !== 'k') return;
    const next = moveActive(event.key, index, rows.length);
    if (next === undefined) return;
    event.preventDefault();
    activeId = rows[next]?.dataset.referralId;
    markActive(rows, activeId);
    rows[next]?.scrollIntoView({ block: 'nearest' });
  };
  return { onKeyDown, stop: () => redrawn.disconnect() };
};
