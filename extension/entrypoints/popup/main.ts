import { browser } from 'wxt/browser';
import { designatedGroups } from '../../utils/reporting/groups';
import { sendPopupMessage } from '../../utils/reporting/popup-sender';
import {
  clearProblem,
  describeFiling,
  describeOutcome,
  describeProblems,
  fillPopup,
  lockAfterFiling,
  readCaptureOptions,
  readForm,
  renderGroups,
  renderOutbox,
  renderLookup,
  renderProblems,
  renderResult,
  unlockForAnotherFiling,
} from '../../utils/reporting/popup-view';
import { localizePage, t } from '../../utils/i18n';

const startedAt = performance.now();

/** The tab being tagged: given in the URL when the popup opens as a window, else the active tab. */
const targetTabId = async (): Promise<number | undefined> => {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
};

const main = async (): Promise<void> => {
  localizePage(document);
  renderGroups(document, designatedGroups);
  const tabId = await targetTabId();
  if (tabId === undefined) {
    renderResult(document, t('popupNoTab'), true);
    return;
  }
  const state = await sendPopupMessage(browser.runtime, 'getPopupState', { tabId });
  fillPopup(document, state);
  document.body.dataset.loadMs = String(Math.round(performance.now() - startedAt));
  // performance.now() counts from the navigation start: the popup's own time to interactive.
  document.body.dataset.interactiveMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  // The form's check (zod, the contract, the indicator extractors) loads once the form is usable:
  // it is only needed when the officer submits, and would otherwise delay every popup open.
  const formCheck = import('../../utils/reporting/popup-form-check');
  // The form is usable while the API answers; the lookup line says what the desk holds when it does.
  void sendPopupMessage(browser.runtime, 'lookupPage', { tabId, url: state.prefill.url }).then(
    (lookup) => renderLookup(document, lookup),
    (error: unknown) => renderLookup(document, { state: 'unavailable', message: error instanceof Error ? error.message : String(error) }),
  );

  const form = document.getElementById('report-form') as HTMLFormElement;
  const submit = document.getElementById('submit') as HTMLButtonElement;
  const reportAgain = document.getElementById('report-again') as HTMLButtonElement;
  form.addEventListener('input', (event) => {
    if (event.target instanceof Element) clearProblem(document, event.target);
  });
  form.addEventListener('change', (event) => {
    if (event.target instanceof Element) clearProblem(document, event.target);
  });
  reportAgain.addEventListener('click', () => unlockForAnotherFiling(document));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const reportForm = readForm(document);
    const capture = readCaptureOptions(document);
    // Disabled while the check runs too, so a second click cannot file the same form twice.
    submit.disabled = true;
    let filed = false;
    void formCheck
      .then(({ checkForm }) => {
        const problems = checkForm(reportForm);
        renderProblems(document, problems);
        if (problems.length > 0) return undefined;
        renderResult(document, t('popupSending'), false);
        return sendPopupMessage(browser.runtime, 'submitReport', { tabId, form: reportForm, capture });
      })
      .then(async (outcome) => {
        if (outcome === undefined) return undefined;
        if (outcome.state === 'invalid') {
          renderProblems(document, describeProblems(outcome.issues));
        } else if (outcome.state === 'sent') {
          // A fresh lookup says what the desk now holds for this page: the referral and its status.
          // The API builds the referral just after it accepts the report, so it may take a moment.
          const lookupFiled = () => sendPopupMessage(browser.runtime, 'lookupPage', { tabId, url: reportForm.url });
          let lookup = await lookupFiled();
          for (let attempt = 0; attempt < 4 && lookup.state === 'not_referred'; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            lookup = await lookupFiled();
          }
          renderLookup(document, lookup);
          renderResult(document, describeFiling(outcome, lookup), false);
          filed = true;
        } else {
          const { message, isError } = describeOutcome(outcome);
          renderResult(document, message, isError);
          filed = outcome.state === 'queued';
        }
        document.body.dataset.submissionId = 'submissionId' in outcome ? outcome.submissionId : '';
        document.body.dataset.outcome = outcome.state;
        return sendPopupMessage(browser.runtime, 'getOutbox', {});
      })
      .then((outbox) => {
        if (outbox !== undefined) renderOutbox(document, outbox);
      })
      .catch((error: unknown) => {
        renderResult(document, error instanceof Error ? error.message : String(error), true);
        document.body.dataset.outcome = 'error';
      })
      .finally(() => {
        if (filed) lockAfterFiling(document);
        else submit.disabled = false;
      });
  });
  document.getElementById('retry')?.addEventListener('click', () => {
    void sendPopupMessage(browser.runtime, 'retryOutbox', {}).then((outbox) => renderOutbox(document, outbox));
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
