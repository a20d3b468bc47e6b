import type { Page } from 'playwright-core';

/** The dashboard's queue screen as an officer uses it: every step is a click or a key, never an API call. */
export class QueueScreenPage {
  constructor(readonly page: Page) {}

  row(referralId: string) {
    return this.page.locator(`#queue-rows tr[data-referral-id="${referralId}"]`);
  }

  /** Waits until the queue was drawn again after the action. */
  async afterReload(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-queue-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.queueLoaded !== b, before);
  }

  async choosePlatform(platform: string): Promise<void> {
    await this.afterReload(() => this.page.selectOption('#queue-platform', platform));
  }

  async openDetail(referralId: string): Promise<void> {
    await this.row(referralId).locator('[data-action="details"]').click();
    await this.page.waitForSelector(`#review-panel[data-referral-id="${referralId}"]`);
    await this.reviewLoaded();
  }

  async reviewLoaded(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.reviewLoaded !== undefined);
  }

  /** Runs a review action and waits for the review to be read again. */
  async afterReview(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-review-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.reviewLoaded !== b, before);
  }

  requestReview(): Promise<void> {
    return this.afterReview(() => this.page.click('#review-panel [data-action="request-review"]'));
  }

  async decide(decision: 'approved' | 'refused', reason?: string): Promise<void> {
    await this.page.check(`#review-decision input[name="decision"][value="${decision}"]`);
    await this.page.fill('#review-reason', reason ?? '');
    await this.page.click('#review-decision [data-action="decide-review"]');
  }

  reviewStatus(): Promise<string | null> {
    return this.page.getAttribute('#review-panel li[data-review-status]', 'data-review-status');
  }
}
