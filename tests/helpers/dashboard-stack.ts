import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { seriousViolations } from './axe';
import { buildExtension, launchExtensionBrowser, type ExtensionBrowser } from './extension-browser';
import { startLocalStack, type LocalStackHandle } from './local-stack';

/** Where the browser tests leave their screenshots (one per screen, theme and language). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

/**
 * Saves `<name>-<theme>.png` of the page as it is, in each theme (light and dark unless told),
 * each after axe-core finds no serious or critical violation in that theme, and leaves the page
 * in the light theme.
 */
export const shootThemes = async (
  page: Page,
  name: string,
  { themes = ['light', 'dark'], fullPage = true }: { themes?: readonly ('light' | 'dark')[]; fullPage?: boolean } = {},
): Promise<void> => {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifactsDir, `${name}-${theme}.png`), fullPage });
  }
  await page.emulateMedia({ colorScheme: 'light' });
};

export interface DashboardStack {
  stack: LocalStackHandle;
  browser: ExtensionBrowser;
}

/**
 * What every dashboard test file starts from: the extension built for the local stack, the stack,
 * and a browser in a profile of its own, all closed and removed after the file's tests whatever
 * they did. `started` hands them to the file (`(started) => ({ stack, browser } = started)`); a
 * file's own `beforeAll`, registered after this call, seeds the stack as an officer would.
 */
export const useDashboardStack = (name: string, started: (handles: DashboardStack) => void): void => {
  let handles: Partial<DashboardStack> = {};
  let profileDir: string | undefined;
  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1' });
    const stack = await startLocalStack();
    handles = { stack };
    await mkdir(artifactsDir, { recursive: true });
    profileDir = await mkdtemp(join(tmpdir(), `referral-desk-${name}-`));
    const browser = await launchExtensionBrowser(profileDir);
    handles = { stack, browser };
    started({ stack, browser });
  }, 180_000);
  afterAll(async () => {
    await handles.browser?.close();
    await handles.stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });
};
