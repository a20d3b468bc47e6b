import { useEffect, useRef, useState } from 'preact/hooks';
import { createQueueSelection } from '../bulk/bulk-actions';
import { BulkBar, SelectAllBox } from '../bulk/bulk-bar';
import { queuePageSizes, type DashboardSession } from '../messages';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { wireQueuePanel, type QueuePanel } from '../queue-panel';
import { queueKeys } from '../ui/queue-keys';
import { legalHref, orderHref } from '../ui/router';
import { ReviewPanel } from './review-panel';

const statuses = ['new', 'sent', 'acknowledged', 'actioned', 'declined', 'already_gone'] as const;

/** The liaison queue: the rows and the detail are drawn by view.ts (captured content reaches the DOM as text only). */
export const QueueScreen = ({ page, session }: { page: DashboardPage; session: DashboardSession }) => {
  const [reviewFor, setReviewFor] = useState<string | undefined>();
  const [blocked, setBlocked] = useState<{ referralId: string; message: string } | undefined>();
  const panel = useRef<QueuePanel | undefined>(undefined);
  const [selection] = useState(createQueueSelection);
  useEffect(() => {
    const queue = wireQueuePanel(page, {
      detailShown: (referralId) => setReviewFor(referralId),
      sendRefused: (item, message) => setBlocked({ referralId: item.referralId, message }),
      selection,
    });
    panel.current = queue;
    const keys = queueKeys(page.doc, 'queue-rows');
    page.doc.addEventListener('keydown', keys.onKeyDown);
    return () => {
      queue.stop();
      page.doc.removeEventListener('keydown', keys.onKeyDown);
      keys.stop();
    };
  }, [page, selection]);
  return (
    <section id="queue-view" aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('queueHeading')}</h2>
      <form id="queue-form" class="toolbar">
        <label>
          {t('platform')}
          <select id="queue-platform">
            {session.platforms.map((platform) => (
              <option key={platform} value={platform}>
                {platform}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('status')}
          <select id="queue-status-filter">
            {statuses.map((value) => (
              <option key={value} value={value}>
                {t(`status_${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('rowsPerPage')}
          <select id="queue-page-size">
            {queuePageSizes.map((size) => (
              <option key={size} value={String(size)}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <label class="inline">
          <input id="queue-mine" type="checkbox" />
          {t('mineOnly')}
        </label>
        <button id="queue-first" type="button">
          {t('firstPage')}
        </button>
        <button id="queue-next" type="button" disabled>
          {t('nextPage')}
        </button>
        <button id="queue-export-csv" type="button">
          {t('exportCsv')}
        </button>
        <button id="queue-export-ndjson" type="button">
          {t('exportNdjson')}
        </button>
      </form>
      <p id="queue-status" class="status" role="status" aria-live="polite"></p>
      {blocked !== undefined ? (
        <p id="send-blocked" class="status error" role="alert" data-referral-id={blocked.referralId}>
          {t('sendBlocked', blocked.message)}{' '}
          <button
            type="button"
            data-action="open-review"
            onClick={() => {
              panel.current?.open(blocked.referralId);
              setBlocked(undefined);
            }}
          >
            {t('openReview')}
          </button>
        </p>
      ) : null}
      <BulkBar page={page} selection={selection} panel={() => panel.current} />
      <div class="table-wrap">
        <table class="queue" aria-labelledby="queue-heading">
          <thead>
            <tr>
              <th scope="col" class="select">
                <SelectAllBox selection={selection} panel={() => panel.current} />
              </th>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colContent')}</th>
              <th scope="col">{t('colCategoryRoute')}</th>
              <th scope="col">{t('colReportsUnits')}</th>
              <th scope="col">{t('colFirstReported')}</th>
              <th scope="col">{t('colDeadline')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody id="queue-rows"></tbody>
        </table>
      </div>
      <p id="queue-empty" hidden>
        {t('queueEmpty')}
      </p>
      <aside id="detail" class="detail" aria-label={t('referralDetail')} hidden></aside>
      {reviewFor !== undefined ? (
        <p id="detail-order">
          {/* A button, not a link: the queue's main area holds no anchors (captured content stays inert there). */}
          <button type="button" data-action="open-order" data-referral-id={reviewFor} onClick={() => (page.doc.location.hash = orderHref(reviewFor))}>
            {t('openRemovalOrder')}
          </button>{' '}
          <button type="button" data-action="open-legal" data-referral-id={reviewFor} onClick={() => (page.doc.location.hash = legalHref(reviewFor))}>
            {t('legalOpenFromDetail')}
          </button>
        </p>
      ) : null}
      {reviewFor !== undefined ? <ReviewPanel key={reviewFor} page={page} referralId={reviewFor} onDecided={() => panel.current?.open(reviewFor)} /> : null}
    </section>
  );
};
