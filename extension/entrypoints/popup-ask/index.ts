import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askForPopupState, leaveAskedState } from '../../utils/reporting/popup-ask';
import type { MessageRuntime } from '../../utils/message-transport';

declare const chrome: { runtime: MessageRuntime };

/**
 * The popup's first script, in its head: it asks the background for the form's state before the
 * page is parsed, so the background's work runs while the page and its script load (the popup's
 * time to interactive is mostly waiting, and this takes the wait off the path). It carries no
 * polyfill: `runtime.sendMessage` answers with a promise in Chrome's and Firefox's MV3 alike.
 */
export default defineUnlistedScript(() => {
  const runtime = (globalThis as { browser?: { runtime: MessageRuntime } }).browser?.runtime ?? chrome.runtime;
  leaveAskedState(askForPopupState(runtime, location.search));
});
