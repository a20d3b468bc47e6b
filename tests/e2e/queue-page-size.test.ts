import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { configureExtension, type ExtensionBrowser } from '../helpers/extension-browser';
import type { LocalStackHandle } from '../helpers/local-stack';
import { seedTelegramQueue } from '../helpers/queue-seed';
import { useDashboardStack } from '../helpers/dashboard-stack';

describe('queue page size', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('page-size', (started) => ({ stack, browser } = started));
  let seeded: string[] = [];

  beforeAll(async () => {
    seeded = await seedTelegramQueue(stack, { count: 60, channel: 'page_size_chan' });
  }, 180_000);

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
