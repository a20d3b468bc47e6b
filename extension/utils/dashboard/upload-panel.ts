import type { DashboardSession } from './messages';
import { pageElement, type DashboardPage } from './page';
import { dryRunSummary, planUpload, runUpload } from './upload';
import { renderProgress, renderUploadSummary, showError, showStatus } from './view';
import { t } from '../i18n';

/** The referrer's bulk upload of a spreadsheet; `onUploaded` refreshes what shows the unit's reports. */
export const wireUploadPanel = (page: DashboardPage, session: DashboardSession, onUploaded: () => void): void => {
  const { doc, ask } = page;
  const byId = <T extends HTMLElement>(id: string) => pageElement<T>(doc, id);
  let stop: AbortController | undefined;

  const upload = async (): Promise<void> => {
    const file = byId<HTMLInputElement>('upload-file').files?.[0];
    if (!file) return;
    if (session.unit === undefined) throw new Error(t('uploadNoUnit'));
    const planned = planUpload(file.name, await file.text(), session.unit);
    if (!planned.ok) throw new Error(planned.message);
    if (byId<HTMLInputElement>('upload-dry-run').checked) {
      renderUploadSummary(doc, dryRunSummary(planned.plan));
      showStatus(doc, 'upload-status', t('uploadChecked', file.name, planned.format));
      return;
    }
    stop = new AbortController();
    byId<HTMLButtonElement>('upload-stop').disabled = false;
    try {
      const summary = await runUpload(planned.plan, {
        sendBatch: (batch) => ask('dashboard.import', { reports: batch }),
        onProgress: (progress) => renderProgress(doc, progress),
        signal: stop.signal,
      });
      renderUploadSummary(doc, summary);
      onUploaded();
    } finally {
      byId<HTMLButtonElement>('upload-stop').disabled = true;
    }
  };

  byId('upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const start = byId<HTMLButtonElement>('upload-start');
    start.disabled = true;
    showStatus(doc, 'upload-status', t('uploadReading'));
    void upload()
      .catch((error: unknown) => showError(doc, 'upload-status', error))
      .finally(() => {
        start.disabled = false;
        doc.body.dataset.uploadDone = String(page.now());
      });
  });
  byId('upload-stop').addEventListener('click', () => stop?.abort());
};
