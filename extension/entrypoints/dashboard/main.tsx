import 'uplot/dist/uPlot.min.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '../../utils/dashboard/app';
import { createDashboardPage } from '../../utils/dashboard/page';
import { uiLanguage } from '../../utils/i18n';
import { sendMessage } from '../../utils/messaging';
import { setZodLanguage } from '../../utils/zod-messages';

const root = document.getElementById('app') as HTMLElement;

const main = async (): Promise<void> => {
  document.documentElement.lang = uiLanguage();
  // The forms check with the contract's schemas: zod's own messages in the page's language too.
  setZodLanguage(uiLanguage());
  // Every API call goes through the background, which alone holds the token (messaging.ts).
  const page = createDashboardPage(document, (name, data) => sendMessage(browser.runtime, name, data), navigator.clipboard);
  const session = await page.ask('dashboard.session', {});
  render(<App page={page} session={session} location={window.location} events={window} openSettings={() => void browser.runtime.openOptionsPage()} />, root);
  document.body.dataset.ready = 'true';
};

main().catch((error: unknown) =>
  render(
    <p id="page-status" class="status error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>,
    root,
  ),
);
