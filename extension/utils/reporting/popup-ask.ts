import type { MessageRuntime } from '../message-transport';
import { sendPopupMessage, type PopupResponse } from './popup-sender';

export type PopupState = PopupResponse<'getPopupState'>;

/** Where the popup's first script leaves its question for the page script (both are its own files). */
const askedKey = '__referralDeskPopupState';
type PopupGlobals = typeof globalThis & { [askedKey]?: Promise<PopupState> };

/**
 * Asks the background for the popup form's state. The tab is named in the URL when the popup opens
 * as a window (the context menu's fallback); otherwise the background takes the tab in front,
 * which the toolbar popup opens over.
 */
export const askForPopupState = (runtime: MessageRuntime, search: string): Promise<PopupState> => {
  const named = new URLSearchParams(search).get('tabId');
  const asked = sendPopupMessage(runtime, 'getPopupState', named !== null && /^\d+$/.test(named) ? { tabId: Number(named) } : {});
  // Handled by the page script, which says there is no tab to tag; not an unhandled rejection meanwhile.
  asked.catch(() => undefined);
  return asked;
};

export const leaveAskedState = (asked: Promise<PopupState>): void => {
  (globalThis as PopupGlobals)[askedKey] = asked;
};

/** The question the first script asked, or, if it did not run, a new one. */
export const takeAskedState = (ask: () => Promise<PopupState>): Promise<PopupState> => (globalThis as PopupGlobals)[askedKey] ?? ask();
