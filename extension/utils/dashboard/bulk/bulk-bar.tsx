import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { filedByHand } from '../queue';
import type { QueuePanel } from '../queue-panel';
import { runBulk, selectedCsv, type BulkAction, type BulkOutcome, type QueueSelection } from './bulk-actions';

const doneKeys = { claim: 'bulkClaimed', send: 'bulkSent' } as const;

/** How many referrals are ticked, following the selection. */
export const useSelectedCount = (selection: QueueSelection): number => {
  const [count, setCount] = useState(() => selection.ids().length);
  useEffect(() => selection.subscribe(() => setCount(selection.ids().length)), [selection]);
  return count;
};

/** The queue's select-all box: ticks or clears every referral of the shown page. */
export const SelectAllBox = ({ selection, panel }: { selection: QueueSelection; panel: () => QueuePanel | undefined }) => {
  const count = useSelectedCount(selection);
  const shown = panel()?.shownItems() ?? [];
  const all = shown.length > 0 && shown.every((item) => selection.has(item.referralId));
  return (
    <input
      id="bulk-select-all"
      type="checkbox"
      aria-label={t('bulkSelectAll')}
      checked={all}
      data-count={count}
      onChange={(event) => {
        const on = event.currentTarget.checked;
        for (const item of panel()?.shownItems() ?? []) selection.set(item.referralId, on);
      }}
    />
  );
};

/**
 * Bulk actions on the ticked referrals of the shown page: claim, send, export. Each referral
 * goes through its own route with the version the officer saw, and the outcome of each is
 * listed: done, or what the API refused and why.
 */
export const BulkBar = ({ page, selection, panel }: { page: DashboardPage; selection: QueueSelection; panel: () => QueuePanel | undefined }) => {
  const count = useSelectedCount(selection);
  const [outcomes, setOutcomes] = useState<{ action: BulkAction; rows: BulkOutcome[] } | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  const selectedItems = () => (panel()?.shownItems() ?? []).filter((item) => selection.has(item.referralId));
  // On a platform without a webhook, sending records that the officer filed it by hand (DSA Art. 16 form).
  const byHand = count > 0 && selectedItems().some((item) => filedByHand(item.platform));

  const run = (action: BulkAction) => {
    const queue = panel();
    const items = selectedItems();
    if (queue === undefined || items.length === 0) return;
    setBusy(true);
    setStatus(t('bulkRunning', items.length));
    void queue
      .bulk(() =>
        runBulk(items, (item) =>
          action === 'claim'
            ? page.ask('dashboard.claim', { referralId: item.referralId, expectedVersion: item.version, release: false })
            : page.ask('dashboard.send', { referralId: item.referralId, expectedVersion: item.version }),
        ),
      )
      .then((rows) => {
        setOutcomes({ action, rows });
        const refused = rows.filter((row) => !row.done).length;
        setStatus(t('bulkFinished', rows.length - refused, refused));
        page.doc.body.dataset.bulkFinished = String(page.now());
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  const exportSelected = () => {
    const items = selectedItems();
    if (items.length === 0) return;
    page.download(`queue-${items[0]?.platform ?? 'selected'}-selected.csv`, 'text/csv', selectedCsv(items));
    setStatus(t('bulkExported', items.length));
  };

  return (
    <div id="bulk-bar" role="group" aria-label={t('bulkHeading')} class="toolbar">
      <p id="bulk-count">{t('bulkSelectedCount', count)}</p>
      <button type="button" id="bulk-claim" disabled={busy || count === 0} onClick={() => run('claim')}>
        {t('bulkClaim')}
      </button>
      <button type="button" id="bulk-send" disabled={busy || count === 0} onClick={() => run('send')} aria-describedby={byHand ? 'bulk-send-by-hand' : undefined}>
        {t('bulkSend')}
      </button>
      <button type="button" id="bulk-export" disabled={count === 0} onClick={exportSelected}>
        {t('bulkExport')}
      </button>
      <button type="button" id="bulk-clear" disabled={count === 0} onClick={() => selection.clear()}>
        {t('bulkClear')}
      </button>
      {byHand ? (
        <p id="bulk-send-by-hand" class="hint">
          {t('bulkSendByHandHint')}
        </p>
      ) : null}
      <p id="bulk-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      {outcomes !== undefined ? (
        <div class="table-wrap" id="bulk-results">
          <table aria-labelledby="bulk-results-caption">
            <caption id="bulk-results-caption">{t('bulkResultsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bulkColReferral')}</th>
                <th scope="col">{t('bulkColTitle')}</th>
                <th scope="col">{t('bulkColOutcome')}</th>
              </tr>
            </thead>
            <tbody id="bulk-result-rows">
              {outcomes.rows.map((row) => (
                <tr key={row.referralId} data-referral-id={row.referralId} data-done={String(row.done)}>
                  <td>
                    <code>{row.referralId}</code>
                  </td>
                  {/* Captured content: a title is text, read in its own direction. */}
                  <td dir="auto">{row.title ?? t('noTitle')}</td>
                  <td class={row.done ? undefined : 'field-error'}>{row.done ? t(doneKeys[outcomes.action]) : t('bulkRefused', row.refusal ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};
