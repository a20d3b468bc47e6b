import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** The few `chrome.*` calls the tests make inside the service worker (the root tsconfig has no chrome types). */
interface ChromeInWorker {
  tabs: {
    query(filter: object): Promise<Array<{ id?: number; url?: string }>>;
    get(tabId: number): Promise<{ id?: number; url?: string }>;
  };
  windows: { create(options: { url: string; type: 'popup'; width: number; height: number }): Promise<unknown> };
  action: { getBadgeText(details: { tabId?: number }): Promise<string> };
  storage: { local: { get(keys: string | null): Promise<Record<string, unknown>> } };
}
declare const chrome: ChromeInWorker;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const extensionDir = fileURLToPath(new URL('../../extension/.output/chrome-mv3', import.meta.url));

/** Builds the Chrome MV3 extension the way `npm run build:extension` does. */
export const buildExtension = async (env: Record<string, string> = {}): Promise<void> => {
  const wxt = fileURLToPath(new URL('../../node_modules/wxt/bin/wxt.mjs', import.meta.url));
  await promisify(execFile)(process.execPath, [wxt, 'build', 'extension'], { cwd: repoRoot, env: { ...process.env, ...env } });
};

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** Chromium (Debian's) with the built extension, in a profile that survives relaunches. */
/**
 * Chromium arguments that fetch every http page from the test pages server, so a test can open a
 * platform's own URL (http://t.me/<channel>/<post>) and the extension sees that URL. Loopback
 * (the local API) bypasses a proxy in Chromium.
 */
export const proxyThroughTestPages = (pages: TestPages): string[] => [`--proxy-server=http://127.0.0.1:${new URL(pages.baseUrl).port}`];

/**
 * `language` is the browser's own language (what chrome.i18n picks the extension's messages by):
 * on Linux Chromium reads it from the LANGUAGE environment variable.
 */
export const launchExtensionBrowser = async (userDataDir: string, options: { extraArgs?: string[]; language?: string } = {}): Promise<ExtensionBrowser> => {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ...(options.language !== undefined ? { locale: options.language, env: { ...process.env, LANGUAGE: options.language } } : {}),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-sandbox',
      // Test pages get a public-looking name: the API refuses loopback URLs as content.
      `--host-resolver-rules=MAP ${testPagesHost} 127.0.0.1`,
      ...(options.language !== undefined ? [`--lang=${options.language}`] : []),
      ...(options.extraArgs ?? []),
    ],
  });
  const worker = context.serviceWorkers().find((w) => w.url().endsWith('/background.js')) ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, worker, extensionId, close: () => context.close() };
};

/**
 * Runs `use` in a browser whose interface speaks `language` (the extension picks its messages
 * from it), in a fresh profile that is closed and removed afterwards, whatever `use` does.
 */
export const withBrowserIn = async <T>(language: string, use: (browser: ExtensionBrowser) => Promise<T>): Promise<T> => {
  const profile = await mkdtemp(join(tmpdir(), `referral-desk-${language}-`));
  const browser = await launchExtensionBrowser(profile, { language });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
};

/** The options page, filled in as an officer would. */
export const configureExtension = async (browser: ExtensionBrowser, settings: { apiUrl: string; devToken: string }): Promise<void> => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#api-url', settings.apiUrl);
  await page.click('#save-settings');
  await page.waitForSelector('#options-result[data-state="saved"]');
  await page.fill('#dev-token', settings.devToken);
  await page.click('#save-dev-token');
  await page.waitForSelector('#auth-status[data-method="dev"]');
  await page.close();
};

export const tabIdOf = (browser: ExtensionBrowser, url: string): Promise<number> =>
  browser.worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === u);
    if (tab?.id === undefined) throw new Error(`no tab at ${u}`);
    return tab.id;
  }, url);

export interface ContextClick {
  pageUrl: string;
  linkUrl?: string;
  srcUrl?: string;
  mediaType?: string;
  selectionText?: string;
}

/**
 * Native context menus cannot be clicked from automation, so the test calls the background's
 * own onClicked handler with what Chrome would pass.
 */
export const clickFlagForReferral = (browser: ExtensionBrowser, tabId: number, click: ContextClick): Promise<void> =>
  browser.worker.evaluate(
    async ({ tabId: id, click: info }) => {
      const tab = await chrome.tabs.get(id);
      const desk = (globalThis as unknown as { referralDesk: { onContextMenuClicked(info: unknown, tab: unknown): Promise<void> } }).referralDesk;
      await desk.onContextMenuClicked({ menuItemId: 'flag-for-referral', editable: false, frameId: 0, ...info }, tab);
    },
    { tabId, click },
  );

/**
 * Opens the popup for a tab in its own window, as the background's fallback does, so the
 * tagged tab stays in front of its window (captureVisibleTab captures what is in front).
 */
export const openPopup = async (browser: ExtensionBrowser, tabId: number): Promise<{ page: Page }> => {
  const url = `chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}&e2e=${Date.now()}`;
  const [page] = await Promise.all([
    browser.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 20_000 }),
    browser.worker.evaluate((u) => chrome.windows.create({ url: u, type: 'popup', width: 440, height: 900 }).then(() => undefined), url),
  ]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  // The deconfliction answer comes after the form is usable; the tests read it, so wait for it too.
  await page.waitForSelector('body[data-lookup]', { timeout: 20_000 });
  return { page };
};

export const badgeText = (browser: ExtensionBrowser, tabId?: number): Promise<string> =>
  browser.worker.evaluate((id) => chrome.action.getBadgeText(id === undefined ? {} : { tabId: id }), tabId);

export interface TestPages {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Host name of the test pages. The server listens on 127.0.0.1 only; Chromium resolves this
 * name there (--host-resolver-rules). A `.test` name (RFC 2606) because the API refuses
 * loopback and private addresses as referred content.
 */
export const testPagesHost = 'pages.referral-desk.test';

/** A file the test made (a recorded video), served as it is at request time. */
export interface TestFile {
  contentType: string;
  body: Uint8Array;
}

/**
 * Serves fixed HTML pages on 127.0.0.1; the extension's host permission covers it, as activeTab would.
 * `files` may be filled after the server starts (a video recorded in the browser by the test).
 */
export const serveTestPages = async (pages: Record<string, string>, files: ReadonlyMap<string, TestFile> = new Map()): Promise<TestPages> => {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files.get(path);
    if (file) {
      response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.byteLength) });
      response.end(Buffer.from(file.body));
      return;
    }
    if (path === '/pixel.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
      return;
    }
    // The PDQ fixtures, for flagging real photos (/images/horse/original.png).
    const image = /^\/images\/([a-z0-9_]+)\/([a-z0-9_]+)\.(png|jpg)$/.exec(path);
    if (image) {
      readFile(new URL(`../fixtures/pdq/images/${image[1]}/${image[2]}.${image[3]}`, import.meta.url)).then(
        (bytes) => {
          response.writeHead(200, { 'content-type': image[3] === 'png' ? 'image/png' : 'image/jpeg' });
          response.end(bytes);
        },
        () => {
          response.writeHead(404);
          response.end();
        },
      );
      return;
    }
    const body = pages[path];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? '<!doctype html><title>not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${testPagesHost}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
