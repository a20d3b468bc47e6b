import type { Download } from 'playwright-core';
import { QueueScreenPage } from './dashboard-page';

/** The queue screen's bulk actions as an officer uses them: keys and clicks only. */
export class BulkQueuePage extends QueueScreenPage {
  /** Keyboard only: j until the referral is the active row, then x ticks (or unticks) it. */
  async toggleByKeyboard(referralId: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const rows = await this.page.locator('#queue-rows tr[data-referral-id]').count();
    for (let moves = 0; moves <= 2 * rows && !(await this.row(referralId).evaluate((row) => row.classList.contains('active'))); moves += 1) {
      await this.page.keyboard.press('j');
    }
    await this.page.keyboard.press('x');
  }

  isTicked(referralId: string): Promise<boolean> {
    return this.row(referralId).locator('input[data-action="select"]').isChecked();
  }

  selectedCount(): Promise<string | null> {
    return this.page.textContent('#bulk-count');
  }

  /** Runs a bulk action from its button by keyboard; resolves once every row has its outcome and the queue was drawn again. */
  async run(action: 'claim' | 'send'): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-bulk-finished');
    await this.page.focus(`#bulk-${action}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction((b) => document.body.dataset.bulkFinished !== undefined && document.body.dataset.bulkFinished !== b, before, { timeout: 30_000 });
  }

  /** Each referral's outcome as the results table shows it. */
  outcomes(): Promise<Record<string, string>> {
    return this.page.$$eval('#bulk-result-rows tr', (rows) =>
      Object.fromEntries(rows.map((row) => [(row as HTMLElement).dataset.referralId ?? '', (row as HTMLTableRowElement).cells[2]?.textContent ?? ''])),
    );
  }

  async exportSelected(): Promise<Download> {
    await this.page.focus('#bulk-export');
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.keyboard.press('Enter')]);
    return download;
  }
}
