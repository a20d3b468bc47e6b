import type { Page } from 'playwright-core';

/** The legal screen (`#/legal/<referralId>`) as an officer uses it: fields typed, buttons pressed. */
export class LegalScreenPage {
  constructor(readonly page: Page) {}

  /** Waits until the screen read the referral, its hold and (for the roles that read it) its legal audit. */
  async loaded(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.legalLoaded !== undefined, undefined, { timeout: 20_000 });
    await this.page.waitForSelector('#legal-hold');
  }

  /** Runs an action and waits for the API's answer and the legal audit read after it. */
  async afterChange(action: () => Promise<unknown>): Promise<void> {
    const before = Number((await this.page.getAttribute('body', 'data-legal-changed')) ?? '0');
    await action();
    await this.page.waitForFunction((b) => Number(document.body.dataset.legalChanged) > b && document.body.dataset.legalAuditLoaded === document.body.dataset.legalChanged, before, { timeout: 20_000 });
  }

  /** Follows a hash to another referral's legal side and waits until it is read. */
  async afterLoad(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-legal-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.legalLoaded !== undefined && document.body.dataset.legalLoaded !== b, before, { timeout: 20_000 });
    await this.page.waitForSelector('#legal-hold');
  }

  fieldError(form: string, name: string): Promise<string | null> {
    return this.page.textContent(`#${form}-${name}-error`);
  }

  /** Waits for the API's refusal, shown as an alert, and returns it. */
  async refusal(): Promise<string> {
    await this.page.waitForSelector('#legal-status.error');
    return (await this.page.textContent('#legal-status')) ?? '';
  }

  holdActive(): Promise<string | null> {
    return this.page.getAttribute('#legal-hold', 'data-hold-active');
  }

  /** The form of one complaint (its decision or reinstatement), found by the API's complaint id. */
  complaintForm(complaintId: string) {
    return this.page.locator(`section.legal-action[data-complaint-id="${complaintId}"] form`);
  }

  complaintRow(complaintId: string) {
    return this.page.locator(`#legal-complaint-rows tr[data-complaint-id="${complaintId}"]`);
  }

  /** The legal audit's rows as [subject, action], in the order shown. */
  auditRows(): Promise<[string, string][]> {
    return this.page.$$eval('#legal-audit-rows tr', (rows) => rows.map((row) => [(row as HTMLElement).dataset.subject ?? '', (row as HTMLElement).dataset.action ?? ''] as [string, string]));
  }
}
