import type { Download, Page } from 'playwright-core';

export interface PagerInput {
  name: string;
  webhook?: { url: string; routingKey: string; signingSecret: string };
}

/** The administration screen as an admin or analyst uses it: keys, typing and clicks only. */
export class AdminScreenPage {
  constructor(readonly page: Page) {}

  /** Opens the screen from the navigation by keyboard and waits for what the role shows. */
  async open(): Promise<void> {
    await this.page.focus('nav a[data-screen="admin"]');
    await this.page.keyboard.press('Enter');
    await this.page.waitForSelector('#admin-view');
  }

  /** Waits for the unit's settings to have loaded into the form. */
  async settingsLoaded(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.adminSettingsLoaded !== undefined);
    await this.page.waitForSelector('#admin-settings-form');
  }

  async fillIdentity(fields: { displayName: string; contactName: string; contactEmail: string }): Promise<void> {
    await this.page.fill('#admin-displayName', fields.displayName);
    await this.page.fill('#admin-contact-name', fields.contactName);
    await this.page.fill('#admin-contact-email', fields.contactEmail);
  }

  /** Adds one TCO procedure row (provider, UTC minute yyyy-mm-ddThh:mm) with the keyboard. */
  async addTcoProcedure(provider: string, sentAtUtc: string): Promise<void> {
    const index = await this.page.locator('#admin-tco-rows > li').count();
    await this.press('#admin-tco-add', 'Enter');
    await this.page.fill(`#admin-tcoProcedures-${index}-provider`, provider);
    await this.page.fill(`#admin-tcoProcedures-${index}-sentAt`, sentAtUtc);
  }

  /** Fills the rota contact at `path` (`contacts-<n>` or `unitHead`). */
  async fillPager(path: string, contact: PagerInput): Promise<void> {
    const id = `#admin-onCall-${path}`;
    await this.page.fill(`${id}-name`, contact.name);
    await this.page.selectOption(`${id}-channel-kind`, contact.webhook ? 'webhook' : 'sns');
    if (contact.webhook) {
      await this.page.fill(`${id}-channel-url`, contact.webhook.url);
      await this.page.fill(`${id}-channel-routingKey`, contact.webhook.routingKey);
      await this.page.fill(`${id}-channel-signingSecret`, contact.webhook.signingSecret);
    }
  }

  /** Focuses an element and presses a key on it: how a keyboard user reaches every control. */
  async press(selector: string, key: string): Promise<void> {
    await this.page.focus(selector);
    await this.page.keyboard.press(key);
  }

  /** Saves by pressing Enter in the display name; resolves once the API answered with this version. */
  async saveExpecting(version: number): Promise<void> {
    await this.press('#admin-displayName', 'Enter');
    await this.page.waitForFunction((v) => document.body.dataset.adminSettingsSaved === String(v), version, { timeout: 20_000 });
  }

  /** Saves as saveExpecting does; resolves once the API refused it as stale and the form shows this version instead. */
  async saveRefusedAsStale(version: number): Promise<void> {
    await this.press('#admin-displayName', 'Enter');
    await this.page.waitForFunction((v) => document.body.dataset.adminSettingsStale === String(v), version, { timeout: 20_000 });
  }

  /** Generates the report for a year and kind, by keyboard; resolves once both files came back. */
  async generateReport(year: number, kind: 'authority' | 'trusted-flagger'): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-admin-report-loaded');
    await this.page.fill('#admin-report-year', String(year));
    await this.page.selectOption('#admin-report-kind', kind);
    await this.press('#admin-report-year', 'Enter');
    await this.page.waitForFunction((b) => document.body.dataset.adminReportLoaded !== undefined && document.body.dataset.adminReportLoaded !== b, before, { timeout: 20_000 });
  }

  /** Saves the report in one format with the keyboard; resolves to the browser's download. */
  async download(format: 'md' | 'csv'): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.press(`#admin-report-download-${format}`, 'Enter')]);
    return download;
  }
}
