import { ensureChromium } from './chromium';

/**
 * Vitest global setup of the integration project (its e2e files drive a real Chromium): finds
 * or installs one before any test starts, or stops the run at once with the command to run.
 * The path reaches the test workers through CHROMIUM_PATH (extension-browser.ts reads it).
 */
export const setup = (): void => {
  const chromium = ensureChromium();
  if (!chromium.ok) throw new Error(chromium.message);
  process.env['CHROMIUM_PATH'] = chromium.path;
};
