import 'uplot/dist/uPlot.min.css';
import { browser } from 'wxt/browser';
import { createDashboardPage, pageElement } from '../../utils/dashboard/page';
import { wireQueuePanel } from '../../utils/dashboard/queue-panel';
import { reportsPanel } from '../../utils/dashboard/reports-panel';
import { wireTrendsPanel } from '../../utils/dashboard/trends-panel';
import { wireUploadPanel } from '../../utils/dashboard/upload-panel';
import { renderSession, showError } from '../../utils/dashboard/view';
import { sendMessage } from '../../utils/messaging';

const main = async (): Promise<void> => {
  // Every API call goes through the background, which alone holds the token (messaging.ts).
  const page = createDashboardPage(document, (name, data) => sendMessage(browser.runtime, name, data), navigator.clipboard);
  pageElement(document, 'open-settings').addEventListener('click', (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  const session = await page.ask('dashboard.session', {});
  renderSession(document, session);
  const reports = reportsPanel(page);
  if (session.views.queue) wireQueuePanel(page);
  if (session.views.trends) wireTrendsPanel(page);
  if (session.views.reports) reports.wire();
  if (session.views.upload) wireUploadPanel(page, session, () => void reports.load(false));
  document.body.dataset.ready = 'true';
};

main().catch((error: unknown) => showError(document, 'page-status', error));
