import { useEffect } from 'preact/hooks';
import type { DashboardSession } from '../messages';
import type { DashboardPage } from '../page';
import { wireQueuePanel } from '../queue-panel';
import { queueKeys } from '../ui/queue-keys';

const statuses = [
  ['new', 'new'],
  ['sent', 'sent'],
  ['acknowledged', 'acknowledged'],
  ['actioned', 'actioned'],
  ['declined', 'declined'],
  ['already_gone', 'already gone'],
] as const;

/** The liaison queue: the rows and the detail are drawn by view.ts (captured content reaches the DOM as text only). */
export const QueueScreen = ({ page, session }: { page: DashboardPage; session: DashboardSession }) => {
  useEffect(() => {
    const stop = wireQueuePanel(page);
    const keys = queueKeys(page.doc, 'queue-rows');
    page.doc.addEventListener('keydown', keys);
    return () => {
      stop();
      page.doc.removeEventListener('keydown', keys);
    };
  }, [page]);
  return (
    <section id="queue-view" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Liaison queue</h2>
      <form id="queue-form" class="toolbar">
        <label>
          Platform
          <select id="queue-platform">
            {session.platforms.map((platform) => (
              <option key={platform} value={platform}>
                {platform}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select id="queue-status-filter">
            {statuses.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <button id="queue-first" type="button">
          First page
        </button>
        <button id="queue-next" type="button" disabled>
          Next page
        </button>
        <button id="queue-export-csv" type="button">
          Export CSV
        </button>
        <button id="queue-export-ndjson" type="button">
          Export NDJSON
        </button>
      </form>
      <p id="queue-status" class="status" role="status" aria-live="polite"></p>
      <div class="table-wrap">
        <table class="queue" aria-labelledby="queue-heading">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">Content (never opened from here)</th>
              <th scope="col">Category · route</th>
              <th scope="col">Reports / units</th>
              <th scope="col">First reported (UTC)</th>
              <th scope="col">Deadline</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody id="queue-rows"></tbody>
        </table>
      </div>
      <p id="queue-empty" hidden>
        Nothing in this queue.
      </p>
      <aside id="detail" class="detail" aria-label="Referral detail" hidden></aside>
    </section>
  );
};
