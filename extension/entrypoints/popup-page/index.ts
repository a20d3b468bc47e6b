import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askForPopupState, takeAskedState } from '../../utils/reporting/popup-ask';
import { startPopup } from './popup-form';

/**
 * The popup's page script (popup/index.html loads it at the end of its body), one self-contained
 * file rather than modules: each module file is one more request before the form is usable. The
 * form's state was asked for by the popup's first script (entrypoints/popup-ask).
 */
export default defineUnlistedScript(() => {
  startPopup(takeAskedState(() => askForPopupState(browser.runtime, location.search))).catch((error: unknown) => {
    const result = document.getElementById('result');
    if (result) result.textContent = error instanceof Error ? error.message : String(error);
  });
});
