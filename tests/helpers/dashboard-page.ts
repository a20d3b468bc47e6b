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

  /** Waits until the panel's next poll of the API (every 5 s while visible) has come back. */
  async nextPoll(): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-queue-followed');
    await this.page.waitForFunction((b) => document.body.dataset.queueFollowed !== undefined && document.body.dataset.queueFollowed !== b, before, { timeout: 20_000 });
  }

  /** Opens the row's "Assign to…" (a click on its summary would close it if it is open already). */
  async openAssignForm(referralId: string): Promise<void> {
    const details = this.row(referralId).locator('details.assign-to');
    if (!(await details.evaluate((node) => (node as HTMLDetailsElement).open))) await details.locator('summary').click();
  }

  /** "Assign to…" on the row: types the colleague's officer id and waits for the queue drawn after it. */
  async assignTo(referralId: string, officerId: string): Promise<void> {
    const row = this.row(referralId);
    await this.openAssignForm(referralId);
    await row.locator('form.assign-form input[name="officerId"]').fill(officerId);
    await this.afterReload(() => row.locator('form.assign-form [data-action="assign"]').click());
  }

  /** Keyboard only: j until the referral is the active row, a, the officer id, Enter. */
  async assignByKeyboard(referralId: string, officerId: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const rows = await this.page.locator('#queue-rows tr[data-referral-id]').count();
    for (let moves = 0; moves <= rows && !(await this.row(referralId).evaluate((row) => row.classList.contains('active'))); moves += 1) {
      await this.page.keyboard.press('j');
    }
    await this.page.keyboard.press('a');
    await this.page.keyboard.type(officerId);
    await this.afterReload(() => this.page.keyboard.press('Enter'));
  }

  /** The "Mine only" toggle: the referrals colleagues gave the signed-in officer. */
  async showMine(mine = true): Promise<void> {
    await this.afterReload(() => this.page.setChecked('#queue-mine', mine));
  }

  shownReferralIds(): Promise<string[]> {
    return this.page.$$eval('#queue-rows tr[data-referral-id]', (rows) => rows.map((row) => (row as HTMLElement).dataset.referralId ?? ''));
  }

  async choosePlatform(platform: string): Promise<void> {
    await this.afterReload(() => this.page.selectOption('#queue-platform', platform));
  }

  /** Waits until the open referral's detail was drawn again after the action. */
  async afterDetail(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-detail-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.detailLoaded !== undefined && document.body.dataset.detailLoaded !== b, before, { timeout: 20_000 });
  }

  /** The referral's detail panel ("Details" on its row). */
  get detail() {
    return this.page.locator('#detail');
  }

  /**
   * Keyboard only, in the open detail: Tab until "Assign to…" has the focus, Enter opens it, Tab
   * to the field, the officer id, Enter; waits for the detail drawn after the assignment.
   */
  async assignFromDetailByKeyboard(officerId: string): Promise<void> {
    const summary = this.detail.locator('details.assign-to > summary');
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let presses = 0; presses < 200 && !(await summary.evaluate((node) => node === document.activeElement)); presses += 1) await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(officerId);
    await this.afterDetail(() => this.page.keyboard.press('Enter'));
  }

  /** The open detail's audit trail, one line per event with its action. */
  auditTrail(): Promise<{ action: string; text: string }[]> {
    return this.page.$$eval('#detail ol.audit li', (items) => items.map((item) => ({ action: (item as HTMLElement).dataset.action ?? '', text: item.textContent ?? '' })));
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

/** The removal-order screen (`#/orders/<referralId>`) as an officer uses it: fields typed, buttons pressed. */
export class OrderScreenPage {
  constructor(readonly page: Page) {}

  /** Waits until the screen read the referral and its order. */
  async loaded(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.orderLoaded !== undefined, undefined, { timeout: 20_000 });
  }

  /** Fills the Annex I form's fields by their schema path. */
  async fillIssueForm(fields: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(fields)) await this.page.fill(`#order-issue [name="${name}"]`, value);
  }

  /** Follows a link or hash to another referral's order and waits until it is read. */
  async afterLoad(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-order-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.orderLoaded !== undefined && document.body.dataset.orderLoaded !== b, before, { timeout: 20_000 });
  }

  fieldError(form: string, name: string): Promise<string | null> {
    return this.page.textContent(`#${form}-${name.replace(/\./g, '-')}-error`);
  }

  /** Runs an action and waits for the order the API answered with (its version moves on). */
  async afterSave(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-order-version');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.orderVersion !== undefined && document.body.dataset.orderVersion !== b, before, { timeout: 20_000 });
  }

  /** Waits for the API's refusal, shown as an alert, and returns it. */
  async refusal(): Promise<string> {
    await this.page.waitForSelector('#order-status.error');
    return (await this.page.textContent('#order-status')) ?? '';
  }

  status(): Promise<string | null> {
    return this.page.getAttribute('#order-summary', 'data-order-status');
  }

  clock(kind: string) {
    return this.page.locator(`#order-clocks li[data-clock-kind="${kind}"]`);
  }
}
