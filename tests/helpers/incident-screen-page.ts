import type { Download, Page } from 'playwright-core';

/** The incidents screen as an officer uses it: clicks, keys and typing only. */
export class IncidentScreenPage {
  constructor(readonly page: Page) {}

  /** Opens the list from the navigation and waits for the API's answer. */
  async openList(): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-incidents-loaded');
    await this.page.click('nav a[data-screen="incidents"]');
    await this.page.waitForFunction((b) => document.body.dataset.incidentsLoaded !== undefined && document.body.dataset.incidentsLoaded !== b, before);
  }

  /** Fills the declaration form: the start in the browser's own clock, each seed list one a line. */
  async fillDeclaration(fields: { name: string; startedAt?: Date; seeds?: Partial<Record<'urls' | 'handles' | 'terms' | 'contentHashes' | 'pdqHashes', string[]>> }): Promise<void> {
    await this.page.fill('#incident-name', fields.name);
    if (fields.startedAt) {
      const local = await this.page.evaluate((ms) => {
        const at = new Date(ms);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
      }, fields.startedAt.getTime());
      await this.page.fill('#incident-started', local);
    }
    for (const [field, lines] of Object.entries(fields.seeds ?? {})) await this.page.fill(`#incident-seed-${field}`, lines.join('\n'));
  }

  /** Submits the declaration; resolves once the incident's own view has loaded. */
  async declare(): Promise<string> {
    await this.page.click('[data-action="declare-incident"]');
    await this.page.waitForSelector('#incident-view', { timeout: 20_000 });
    return (await this.page.getAttribute('#incident-view', 'data-incident-id')) ?? '';
  }

  /** Waits until the view was drawn again after the action. */
  async afterReload(action: () => Promise<unknown>): Promise<void> {
    const before = await this.page.getAttribute('body', 'data-incident-loaded');
    await action();
    await this.page.waitForFunction((b) => document.body.dataset.incidentLoaded !== b, before, { timeout: 20_000 });
  }

  /** The view's totals by name (referrals, reports, notified, removed, still-online, p50, p90). */
  async totals(): Promise<Record<string, string>> {
    return this.page.$$eval('#incident-totals dd[data-figure]', (cells) => Object.fromEntries(cells.map((cell) => [(cell as HTMLElement).dataset.figure ?? '', cell.textContent ?? ''])));
  }

  /** A table's rows as their cells' text. */
  async rows(bodyId: 'incident-platform-rows' | 'incident-hour-rows' | 'incident-online-rows' | 'incident-rows'): Promise<string[][]> {
    return this.page.$$eval(`#${bodyId} tr`, (rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent ?? '')));
  }

  /** Adds a referral by hand with the keyboard alone: focus the field, type, Enter. */
  async addByKeyboard(referralId: string): Promise<void> {
    await this.page.focus('#incident-add-referral');
    await this.page.keyboard.type(referralId);
    await this.afterReload(() => this.page.keyboard.press('Enter'));
  }

  async close(): Promise<void> {
    await this.afterReload(() => this.page.click('#incident-close'));
  }

  /** Saves the debrief in one format; resolves to the browser's download. */
  async debrief(format: 'md' | 'pdf'): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.click(`#incident-debrief-${format}`)]);
    return download;
  }

  /** Waits until the list shows `pages` pages of closed incidents. */
  async closedLoaded(pages = 1): Promise<void> {
    await this.page.waitForFunction((n) => Number(document.body.dataset.closedIncidentsLoaded ?? '0') >= n, pages, { timeout: 20_000 });
  }

  /** The closed incidents' ids, in the order the list shows them. */
  async closedIds(): Promise<string[]> {
    return this.page.$$eval('#closed-incident-rows tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.incidentId ?? ''));
  }

  /** Shows the next page of closed incidents with the keyboard. */
  async moreClosed(): Promise<void> {
    const shown = Number((await this.page.getAttribute('body', 'data-closed-incidents-loaded')) ?? '0');
    await this.page.focus('#incidents-closed-more');
    await this.page.keyboard.press('Enter');
    await this.closedLoaded(shown + 1);
  }

  /** Saves a closed incident's debrief from its row of the list, with the keyboard; resolves to the download. */
  async debriefFromList(incidentId: string, format: 'md' | 'pdf'): Promise<Download> {
    await this.page.focus(`#closed-incident-rows tr[data-incident-id="${incidentId}"] [data-action="debrief-${format}"]`);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.keyboard.press('Enter')]);
    return download;
  }
}
