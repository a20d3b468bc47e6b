import { browser } from 'wxt/browser';
import type { PopupState } from '../../utils/reporting/popup-ask';
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

/** Fills the popup's form with the state asked for when the popup opened, and wires its controls. */
export const startPopup = async (state: Promise<PopupState>): Promise<void> => {
  localizePage(document);
  const opened = await state.then(
    (value) => value,
    () => {
      // The tab was closed, or no window has one in front: there is nothing to tag.
      renderResult(document, t('popupNoTab'), true);
      return undefined;
    },
  );
  if (opened === undefined) return;
  const { tabId } = opened;
  fillPopup(document, opened);
  // The Group field works without its suggestions; they follow from the background, or not at all.
  void sendPopupMessage(browser.runtime, 'getGroups', {}).then(
    (groups) => renderGroups(document, groups),
    () => undefined,
  );
  // The form is usable while the API answers; the lookup line says what the desk holds when it does.
  void sendPopupMessage(browser.runtime, 'lookupPage', { tabId, url: opened.prefill.url }).then(
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
    // The background checks the form (zod, the contract, the indicator extractors live there): the
    // popup stays one small script that opens fast.
    void sendPopupMessage(browser.runtime, 'checkForm', { form: reportForm })
      .then((problems) => {
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
  // Filled and every control wired: performance.now() counts from the navigation start, so this is
  // the popup's own time to interactive (the extension benchmark reads it).
  document.body.dataset.interactiveMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
};
