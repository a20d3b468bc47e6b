import { browser } from 'wxt/browser';
import { designatedGroups } from '../../utils/reporting/groups';
import { sendMessage } from '../../utils/messaging';
import { describeOutcome, fillPopup, readCaptureOptions, readForm, renderGroups, renderOutbox, renderResult } from '../../utils/reporting/popup-view';

const startedAt = performance.now();

/** The tab being tagged: given in the URL when the popup opens as a window, else the active tab. */
const targetTabId = async (): Promise<number | undefined> => {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
};

const main = async (): Promise<void> => {
  renderGroups(document, designatedGroups);
  const tabId = await targetTabId();
  if (tabId === undefined) {
    renderResult(document, 'No tab to tag.', true);
    return;
  }
  fillPopup(document, await sendMessage(browser.runtime, 'getPopupState', { tabId }));
  document.body.dataset.loadMs = String(Math.round(performance.now() - startedAt));
  // performance.now() counts from the navigation start: the popup's own time to interactive.
  document.body.dataset.interactiveMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';

  const form = document.getElementById('report-form') as HTMLFormElement;
  const submit = document.getElementById('submit') as HTMLButtonElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    renderResult(document, 'Sending…', false);
    void sendMessage(browser.runtime, 'submitReport', { tabId, form: readForm(document), capture: readCaptureOptions(document) })
      .then((outcome) => {
        const { message, isError } = describeOutcome(outcome);
        renderResult(document, message, isError);
        document.body.dataset.submissionId = 'submissionId' in outcome ? outcome.submissionId : '';
        document.body.dataset.outcome = outcome.state;
        return sendMessage(browser.runtime, 'getOutbox', {});
      })
      .then((outbox) => renderOutbox(document, outbox))
      .catch((error: unknown) => {
        renderResult(document, error instanceof Error ? error.message : String(error), true);
        document.body.dataset.outcome = 'error';
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  document.getElementById('retry')?.addEventListener('click', () => {
    void sendMessage(browser.runtime, 'retryOutbox', {}).then((outbox) => renderOutbox(document, outbox));
  });
  document.getElementById('open-dashboard')?.addEventListener('click', (event) => {
    event.preventDefault();
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });
  document.getElementById('open-options')?.addEventListener('click', (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage();
  });
};

main().catch((error: unknown) => renderResult(document, error instanceof Error ? error.message : String(error), true));
