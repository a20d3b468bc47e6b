import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { buildExtension, launchExtensionBrowser, type ExtensionBrowser } from './extension-browser';
import { startLocalStack, type LocalStackHandle } from './local-stack';

/** Where the browser tests leave their screenshots (one per screen, theme and language). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

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
