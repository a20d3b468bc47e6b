import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AdminScreenPage } from '../helpers/admin-screen-page';
import { seriousViolations } from '../helpers/axe';
import { configureExtension, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import type { LocalStackHandle } from '../helpers/local-stack';
import { artifactsDir, shootThemes, useDashboardStack } from '../helpers/dashboard-stack';

/**
 * The administration screen, driven by keyboard: an admin sets the unit's settings from nothing
 * (each zod error beside its field first), orders the on-call rota, and the API holds exactly
 * that; an analyst generates the yearly transparency report and saves it as Markdown and CSV,
 * the files the API makes; a liaison officer is not offered the screen.
 */
describe('dashboard: the administration screen', () => {
  const unit = 'eu-iru';
  // Captured content is not the only hostile text: a unit's name is shown as text too.
  const displayName = 'EU Referral Unit <img src=x onerror=alert(1)>';
  const secret = 's'.repeat(40);
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('admin', (started) => ({ stack, browser } = started));
  const pageErrors: string[] = [];

  const api = (token: string, path: string): Promise<Response> => fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  const openDashboard = async (target: ExtensionBrowser, token: string): Promise<Page> => {
    await configureExtension(target, { apiUrl: stack.apiUrl, devToken: token });
    const page = await target.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      pageErrors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`chrome-extension://${target.extensionId}/dashboard.html#/queue`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };

  it("sets a new unit's settings and its ordered on-call rota, refusing each bad field beside it first", async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit, sub: 'admin.kai' });
    const page = await openDashboard(browser, admin);
    const screen = new AdminScreenPage(page);
    await screen.open();
    await screen.settingsLoaded();
    expect(await page.textContent('#admin-settings-status')).toBe('This unit has no settings yet: fill in the form and save.');

    // Nothing given: zod names the display name and the contact point where they are typed.
    await screen.press('#admin-settings-save', 'Enter');
    await page.waitForSelector('#admin-displayName-error');
    expect(await page.getAttribute('#admin-displayName', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#admin-contact-email-error')).toBe(true);
    await screen.fillIdentity({ displayName, contactName: 'EU IRU desk', contactEmail: 'not an address' });
    await screen.press('#admin-fourEyes', 'Space');
    await screen.addTcoProcedure('telegram', '2025-11-02T09:30');
    await screen.press('#admin-rota-enabled', 'Space');
    await screen.fillPager('contacts-0', { name: 'Duty officer' });
    await screen.press('#admin-rota-add', 'Enter');
    await screen.fillPager('contacts-1', { name: 'Pager desk', webhook: { url: 'https://pager.example.eu/v2/enqueue', routingKey: 'eu-iru-p1', signingSecret: 'too short' } });
    await screen.fillPager('unitHead', { name: 'Head of unit' });
    await screen.press('#admin-displayName', 'Enter');
    await page.waitForSelector('#admin-contact-email-error');
    expect(await page.locator('#admin-displayName-error').count()).toBe(0);
    expect(await page.textContent('#admin-onCall-contacts-1-channel-signingSecret-error')).toBe('the signing secret needs at least 32 characters');
    await shootThemes(page, 'dashboard-admin-settings-errors');
    expect((await api(admin, `/v1/units/${unit}/settings`)).status).toBe(404);

    await page.fill('#admin-contact-email', 'iru@europol.example.eu');
    await page.fill('#admin-onCall-contacts-1-channel-signingSecret', secret);
    // The webhook pages first: moved up by keyboard.
    await screen.press('li[data-contact="1"] [data-action="rota-up"]', 'Enter');
    expect(await page.inputValue('#admin-onCall-contacts-0-name')).toBe('Pager desk');
    await page.fill('#admin-onCall-ackMinutes', '7');
    await screen.saveExpecting(1);
    expect(await page.textContent('#admin-settings-status')).toBe('Settings saved (version 1).');

    const saved = (await (await api(admin, `/v1/units/${unit}/settings`)).json()) as Record<string, unknown>;
    expect(saved).toMatchObject({
      unit,
      version: 1,
      fourEyes: true,
      displayName,
      contact: { name: 'EU IRU desk', email: 'iru@europol.example.eu' },
      tcoProcedures: [{ provider: 'telegram', sentAt: '2025-11-02T09:30:00Z' }],
      onCall: {
        contacts: [
          { name: 'Pager desk', channel: { kind: 'webhook', url: 'https://pager.example.eu/v2/enqueue', routingKey: 'eu-iru-p1' } },
          { name: 'Duty officer', channel: { kind: 'sns' } },
        ],
        unitHead: { name: 'Head of unit', channel: { kind: 'sns' } },
        ackMinutes: 7,
      },
    });
    expect(JSON.stringify(saved)).not.toContain(secret);

    // The secret is write-only: the reloaded form asks for it again, and saving without it changes nothing.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await screen.settingsLoaded();
    expect(await page.inputValue('#admin-onCall-contacts-0-channel-signingSecret')).toBe('');
    expect(await page.isChecked('#admin-fourEyes')).toBe(true);
    await screen.press('#admin-fourEyes', 'Space');
    await screen.press('#admin-displayName', 'Enter');
    await page.waitForSelector('#admin-onCall-contacts-0-channel-signingSecret-error');
    expect(((await (await api(admin, `/v1/units/${unit}/settings`)).json()) as { version: number; fourEyes: boolean }).version).toBe(1);
    await page.fill('#admin-onCall-contacts-0-channel-signingSecret', secret);
    await screen.saveExpecting(2);
    expect(((await (await api(admin, `/v1/units/${unit}/settings`)).json()) as { fourEyes: boolean }).fourEyes).toBe(false);
    await shootThemes(page, 'dashboard-admin-settings');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 180_000);

  it('lets an analyst generate the yearly transparency report and save the Markdown and CSV the API makes, shown as text', async () => {
    const analyst = await stack.tokenFor({ role: 'analyst', unit, sub: 'analyst.ines' });
    const page = await openDashboard(browser, analyst);
    const screen = new AdminScreenPage(page);
    await screen.open();
    // Analysts report; only admins change the unit's settings (PUT /v1/units/{unit}/settings).
    expect(await page.locator('#admin-settings').count()).toBe(0);
    const year = new Date().getUTCFullYear();

    await page.fill('#admin-report-year', '1999');
    await screen.press('#admin-report-year', 'Enter');
    expect(await page.textContent('#admin-report-year-error')).toBe('A year from 2022 to 2100.');

    await screen.generateReport(year, 'authority');
    expect(await page.textContent('#admin-report-status')).toBe(`Competent authority (Regulation (EU) 2021/784 Art. 8) report for ${year} ready.`);
    expect(await page.textContent('#admin-report-preview')).toContain(displayName);
    expect(await page.locator('#admin-report-view img, #admin-report img').count()).toBe(0);
    const expected = {
      md: await (await api(analyst, `/v1/transparency-reports/${year}?kind=authority&format=md`)).text(),
      csv: await (await api(analyst, `/v1/transparency-reports/${year}?kind=authority&format=csv`)).text(),
    };
    for (const format of ['md', 'csv'] as const) {
      const download = await screen.download(format);
      expect(download.suggestedFilename()).toBe(`authority-report-${unit}-${year}.${format}`);
      expect(await readFile((await download.path()) ?? '', 'utf8')).toBe(expected[format]);
    }
    await screen.generateReport(year, 'trusted-flagger');
    const flagger = await (await api(analyst, `/v1/transparency-reports/${year}?kind=trusted-flagger&format=md`)).text();
    expect(await page.textContent('#admin-report-preview')).toBe(flagger);
    await shootThemes(page, 'dashboard-admin-report');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('offers the screen by the union of roles: not to a liaison officer, with both parts to an admin who is also analyst', async () => {
    const liaison = await openDashboard(browser, await stack.tokenFor({ role: 'liaison', unit, platforms: ['telegram'] }));
    expect(await liaison.locator('nav a[data-screen="admin"]').count()).toBe(0);
    await liaison.close();
    const page = await openDashboard(browser, await stack.tokenFor({ role: ['analyst', 'admin'], unit }));
    const screen = new AdminScreenPage(page);
    await screen.open();
    await screen.settingsLoaded();
    expect(await page.inputValue('#admin-displayName')).toBe(displayName);
    expect(await page.locator('#admin-report-form').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("lets a deployment admin set a webhook platform's channel, refusing a bad URL on the page and a private host at the API", async () => {
    const deploymentAdmin = await stack.tokenFor({ role: 'deployment-admin', unit: 'ops', sub: 'ops.dana' });
    const tiktok = async () => ((await (await api(deploymentAdmin, '/v1/platforms')).json()) as { platforms: { platform: string; configured: boolean; webhookUrl?: string }[] }).platforms.find((p) => p.platform === 'tiktok');
    const initial = await tiktok();
    const page = await openDashboard(browser, deploymentAdmin);
    const screen = new AdminScreenPage(page);
    await screen.open();
    await page.waitForFunction(() => document.body.dataset.adminChannelsLoaded !== undefined);
    // A deployment admin sets channels; a unit's settings and reports are its admins' and analysts'.
    expect(await page.locator('#admin-settings, #admin-report').count()).toBe(0);
    expect(await page.getAttribute('#admin-channel-rows li[data-platform="telegram"]', 'data-configured')).toBe('true');
    expect(await page.locator('#admin-channel-rows li[data-platform="telegram"] form').count()).toBe(0);
    const id = '#admin-channel-tiktok';
    await page.fill(`${id}-webhookUrl`, 'http://hooks.example.com/referrals');
    await page.fill(`${id}-signingSecret`, 'short');
    await screen.press(`${id}-webhookUrl`, 'Enter');
    expect(await page.textContent(`${id}-webhookUrl-error`)).toBe('webhookUrl must be an https:// URL');
    expect(await page.isVisible(`${id}-signingSecret-error`)).toBe(true);
    // The page's schema cannot know which hosts are private: the API refuses it, and the page says why.
    await page.fill(`${id}-webhookUrl`, 'https://127.0.0.1/referrals');
    await page.fill(`${id}-signingSecret`, secret);
    await screen.press(`${id}-webhookUrl`, 'Enter');
    await page.waitForFunction((status) => (document.querySelector(status)?.textContent ?? '').includes('HTTP 400'), `${id}-status`);
    expect(await tiktok()).toEqual(initial);

    await page.fill(`${id}-webhookUrl`, 'https://hooks.example.com/referrals');
    await page.fill(`${id}-signingSecret`, secret);
    await screen.press(`${id}-webhookUrl`, 'Enter');
    await page.waitForFunction(() => (document.body.dataset.adminChannelSaved ?? '').startsWith('tiktok@'));
    expect(await page.inputValue(`${id}-signingSecret`)).toBe('');
    const after = await tiktok();
    expect(after).toMatchObject({ configured: true, webhookUrl: 'https://hooks.example.com/referrals' });
    expect(JSON.stringify(after)).not.toContain(secret);
    expect(await page.getAttribute('#admin-channel-rows li[data-platform="tiktok"]', 'data-configured')).toBe('true');
    await shootThemes(page, 'dashboard-admin-channels');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('speaks German on the administration screen, with no serious accessibility violation', async () => {
    await withBrowserIn('de', async (localized) => {
      // Both groups: every part of the screen, the union of what each role may do.
      const page = await openDashboard(localized, await stack.tokenFor({ role: ['admin', 'deployment-admin'], unit }));
      const screen = new AdminScreenPage(page);
      await screen.open();
      await screen.settingsLoaded();
      await page.waitForFunction(() => document.body.dataset.adminChannelsLoaded !== undefined);
      expect(await page.textContent('#admin-channels-heading')).toBe('Zustellkanäle der Plattformen');
      expect(await page.textContent('#admin-heading')).toBe('Verwaltung');
      expect(await page.textContent('#admin-report-heading')).toBe('Jährlicher Transparenzbericht');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(artifactsDir, 'dashboard-admin-settings-light-de.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }, 120_000);
  it('tells an admin whose save came after a colleague\'s that it was not saved, and shows the colleague\'s settings to edit again', async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit, sub: 'admin.kai' });
    const page = await openDashboard(browser, admin);
    const screen = new AdminScreenPage(page);
    await screen.open();
    await screen.settingsLoaded();
    const read = (await (await api(admin, `/v1/units/${unit}/settings`)).json()) as { version: number; fourEyes: boolean; onCall: unknown };
    expect(await page.isChecked('#admin-fourEyes')).toBe(read.fourEyes);

    // Setup, not the flow under test: a colleague renames the unit through the API while this admin edits.
    const colleague = await stack.tokenFor({ role: 'admin', unit, sub: 'admin.lea' });
    const renamed = `${displayName} (renamed)`;
    const sns = (name: string) => ({ name, channel: { kind: 'sns' } });
    const theirs = await fetch(`${stack.apiUrl}/v1/units/${unit}/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${colleague}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectedVersion: read.version, fourEyes: read.fourEyes, displayName: renamed, contact: { name: 'EU IRU desk', email: 'iru@europol.example.eu' }, onCall: { contacts: [sns('Duty officer')], unitHead: sns('Head of unit'), ackMinutes: 7 } }),
    });
    expect(theirs.status).toBe(200);

    await screen.press('#admin-fourEyes', 'Space');
    await page.fill('#admin-onCall-contacts-0-channel-signingSecret', secret);
    await screen.saveRefusedAsStale(read.version + 1);
    expect(await page.textContent('#admin-settings-status')).toBe(
      `Another admin changed these settings while you were editing them: your changes were not saved. The form now shows their version ${read.version + 1}; make your changes again and save.`,
    );
    // The colleague's settings stand, and are what the form shows now.
    const after = (await (await api(admin, `/v1/units/${unit}/settings`)).json()) as { version: number; fourEyes: boolean; displayName: string };
    expect(after).toMatchObject({ version: read.version + 1, fourEyes: read.fourEyes, displayName: renamed });
    expect(await page.inputValue('#admin-displayName')).toBe(renamed);
    expect(await page.isChecked('#admin-fourEyes')).toBe(read.fourEyes);
    expect(await page.inputValue('#admin-onCall-contacts-0-name')).toBe('Duty officer');
    await shootThemes(page, 'dashboard-admin-settings-stale');

    // Made again on the colleague's version, the change is saved on top of theirs.
    await screen.press('#admin-fourEyes', 'Space');
    await screen.saveExpecting(read.version + 2);
    expect(await (await api(admin, `/v1/units/${unit}/settings`)).json()).toMatchObject({ version: read.version + 2, fourEyes: !read.fourEyes, displayName: renamed });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
