import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { buildExtension, configureExtension, launchExtensionBrowser, type ExtensionBrowser } from '../helpers/extension-browser';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { seedTelegramQueue } from '../helpers/queue-seed';

describe('queue page size', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  let profileDir: string;
  let seeded: string[] = [];

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1' });
    stack = await startLocalStack();
    seeded = await seedTelegramQueue(stack, { count: 60, channel: 'page_size_chan' });
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-page-size-'));
    browser = await launchExtensionBrowser(profileDir);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('shows the API default of 50 rows, then the whole queue of 60 on one page when the officer chooses 100 rows per page', async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-page-size', platforms: ['telegram'] });
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: liaison });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html#/queue`);
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    const queue = new QueueScreenPage(page);

    expect(await queue.shownReferralIds()).toHaveLength(50);
    expect(await page.isEnabled('#queue-next')).toBe(true);

    await queue.afterReload(async () => {
      await page.focus('#queue-page-size');
      await page.keyboard.press('ArrowDown');
    });
    expect(await page.inputValue('#queue-page-size')).toBe('100');
    expect([...(await queue.shownReferralIds())].sort()).toEqual([...seeded].sort());
    expect(await page.isDisabled('#queue-next')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
