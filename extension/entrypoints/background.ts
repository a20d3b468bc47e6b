import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { cognitoConfigFromEnv } from '../utils/auth/auth';
import { createReferralDesk } from '../utils/referral-desk';
import { decodeWithImageBitmap } from '../utils/reporting/media-capture';
import { videoCaptureFor } from '../utils/reporting/offscreen-video';
import { captureFlaggedVideo } from '../utils/reporting/video-capture';

export default defineBackground({
  type: 'module',
  main() {
    const desk = createReferralDesk(browser, {
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      random: () => Math.random(),
      randomUUID: () => crypto.randomUUID(),
      cognito: cognitoConfigFromEnv({
        WXT_COGNITO_DOMAIN: import.meta.env.WXT_COGNITO_DOMAIN,
        WXT_COGNITO_CLIENT_ID: import.meta.env.WXT_COGNITO_CLIENT_ID,
      }),
      browserName: `${import.meta.env.BROWSER}; ${navigator.userAgent}`,
      decodeImage: decodeWithImageBitmap,
      // Chrome: an offscreen document plays the video (a service worker has no <video>). Firefox has
      // no offscreen API, and needs none: its background page has a DOM of its own.
      captureVideo: videoCaptureFor(browser, (url) =>
        captureFlaggedVideo({ fetch: (input, init) => fetch(input, init), document, createObjectURL: (blob) => URL.createObjectURL(blob), revokeObjectURL: (blobUrl) => URL.revokeObjectURL(blobUrl) }, url),
      ),
    });

    // Listeners are registered synchronously so a service worker woken by an event gets it.
    browser.runtime.onMessage.addListener(desk.messageListener);
    browser.contextMenus.onClicked.addListener((info, tab) => void desk.onContextMenuClicked(info, tab));
    browser.alarms.onAlarm.addListener((alarm) => void desk.onAlarm(alarm));
    browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => void desk.onTabUpdated(tabId, changeInfo, tab));
    browser.runtime.onInstalled.addListener(() => {
      void desk.registerContextMenu();
      void desk.outbox.drain({ force: true });
    });
    browser.runtime.onStartup.addListener(() => void desk.outbox.drain({ force: true }));

    void desk.restrictStorage();
    // Any wake-up (alarm, message, restart) is a chance to send what is due.
    void desk.outbox.drain();

    // Native context menus cannot be clicked from automation; end-to-end builds (only) expose
    // the same handler to the tests. Release builds carry no such hook.
    if (import.meta.env.WXT_E2E_HOOKS === 'true') {
      Object.assign(globalThis, { referralDesk: { onContextMenuClicked: desk.onContextMenuClicked } });
    }
  },
});
