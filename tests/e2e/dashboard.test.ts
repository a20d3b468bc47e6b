import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { configureExtension, openPopup, tabIdOf, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import type { LocalStackHandle } from '../helpers/local-stack';
import { artifactsDir, shootThemes, useDashboardStack } from '../helpers/dashboard-stack';

const hostileTitle = '<img src=x onerror=alert(1)>';
const hostileText = '<script>window.__pwned=1</script>';
const hostileGroup = 'javascript:alert(3)';
const arabicTitle = 'بيان الدولة الإسلامية عن القافلة';

/** A dashboard page that records anything hostile content might make it do. */
interface WatchedPage {
  page: Page;
  dialogs: string[];
  errors: string[];
}

describe('dashboard end to end', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('dashboard', (started) => ({ stack, browser } = started));
  const seeded: { referralId: string; title: string }[] = [];
  let screenshotSha256 = '';

  const api = async (token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  /** Setup, not the flow under test: saves the unit's settings on the version they are at (0 for none yet). */
  const saveSettings = async (token: string, unit: string, settings: Record<string, unknown>): Promise<unknown> => {
    const current = await fetch(`${stack.apiUrl}/v1/units/${unit}/settings`, { headers: { authorization: `Bearer ${token}` } });
    const expectedVersion = current.status === 404 ? 0 : ((await current.json()) as { version: number }).version;
    return api(token, `/v1/units/${unit}/settings`, { method: 'PUT', body: { ...settings, expectedVersion } });
  };

  const openDashboard = async (token: string, readyFlag: 'queueLoaded' | 'trendsLoaded' | 'ready'): Promise<WatchedPage> => {
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
    const page = await browser.context.newPage();
    const watched: WatchedPage = { page, dialogs: [], errors: [] };
    page.on('dialog', (dialog) => {
      watched.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => watched.errors.push(error.message));
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    const attribute = readyFlag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    await page.waitForSelector(`body[data-${attribute}]`, { timeout: 20_000 });
    return watched;
  };

  /** Nothing from captured content became markup or ran. */
  const expectInert = async ({ page, dialogs, errors }: WatchedPage): Promise<void> => {
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script, main a').count()).toBe(0);
    expect(await page.evaluate(() => document.body.innerHTML.includes('<img src=x'))).toBe(false);
  };

  beforeAll(async () => {
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-dashboard' });
    // A real PNG screenshot, uploaded through the evidence ticket as the extension does.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    screenshotSha256 = createHash('sha256').update(png).digest('hex');
    const ticket = (await api(referrer, '/v1/evidence', { method: 'POST', body: { sha256: screenshotSha256, bytes: png.byteLength, mediaType: 'image/png', submissionId: randomUUID() } })) as { uploadUrl: string; headers: Record<string, string> };
    expect((await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: png })).status).toBe(200);
    const capture = {
      capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      url: 'https://t.me/s/dashboard_chan/1',
      extensionVersion: '0.1.0',
      browser: 'Chromium',
      artifacts: [{ kind: 'screenshot', sha256: screenshotSha256, bytes: png.byteLength, mediaType: 'image/png' }],
    };
    const reports = [
      { url: 'https://t.me/s/dashboard_chan/1', category: 'propaganda', title: 'Routine propaganda post', capture },
      { url: 'https://t.me/s/dashboard_chan/2', category: 'recruitment', title: 'Threat to life', urgent: true },
      { url: 'https://t.me/s/dashboard_chan/3', category: 'other', title: hostileTitle, selectedText: hostileText, group: hostileGroup },
      { url: 'https://t.me/s/dashboard_chan/4', category: 'propaganda', title: 'Removal order item', legalRoute: 'removal_order' },
      { url: 'https://t.me/s/dashboard_chan/5', category: 'propaganda', title: arabicTitle },
    ];
    for (const report of reports) {
      const submissionId = crypto.randomUUID();
      await api(referrer, '/v1/reports', { method: 'POST', body: { submissionId, ...report } });
      const { referralId } = await stack.waitForSubmission(submissionId);
      seeded.push({ referralId, title: report.title });
    }
  });

  it('shows a liaison officer the platform queue in priority order, with hostile content as inert text', async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-dashboard', platforms: ['telegram'] });
    const watched = await openDashboard(liaison, 'queueLoaded');
    const { page } = watched;
    expect(await page.isVisible('#queue-view')).toBe(true);
    expect(await page.isHidden('#trends-view')).toBe(true);
    expect(await page.isHidden('#upload-view')).toBe(true);

    const fromApi = (await api(liaison, '/v1/queues/telegram?status=new')) as { items: { referralId: string; priority: string }[] };
    const shown = await page.$$eval('#queue-rows tr', (rows) => rows.map((r) => ({ referralId: (r as HTMLElement).dataset.referralId, priority: (r as HTMLElement).dataset.priority })));
    expect(shown).toEqual(fromApi.items.map((i) => ({ referralId: i.referralId, priority: i.priority })));
    expect(shown.map((r) => r.referralId).sort()).toEqual(seeded.map((s) => s.referralId).sort());
    expect(shown.map((r) => r.priority)).toEqual([...shown.map((r) => r.priority)].sort());
    expect(shown[0]).toEqual({ referralId: seeded[1]?.referralId, priority: 'P1' });

    const hostile = seeded[2]?.referralId ?? '';
    const hostileRow = page.locator(`#queue-rows tr[data-referral-id="${hostile}"]`);
    expect(await hostileRow.locator('.title').textContent()).toBe(hostileTitle);
    expect(await hostileRow.locator('code').textContent()).toBe('https://t.me/s/dashboard_chan/3');
    // A report on the removal-order route is an order to prepare: the one-hour clock of Regulation
    // (EU) 2021/784 Art. 3(3) starts only at the platform's confirmed receipt of an issued order.
    expect(await page.locator(`#queue-rows tr[data-referral-id="${seeded[3]?.referralId}"] .countdown`).textContent()).toMatch(/^2[0-3] h \d+ min left$/);

    await hostileRow.locator('[data-action="details"]').click();
    await page.waitForSelector('#detail:not([hidden]) .labels');
    expect(await page.textContent('#detail h3')).toBe(hostileTitle);
    expect(await page.locator('#detail .evidence li', { hasText: hostileGroup }).count()).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.screenshot({ path: join(artifactsDir, 'dashboard.png'), fullPage: true });
    await expectInert(watched);

    // Claim, mark as filed (Telegram is a manual channel: the officer files it by hand), then record the platform's outcome.
    const p1 = seeded[1]?.referralId ?? '';
    const row = () => page.locator(`#queue-rows tr[data-referral-id="${p1}"]`);
    const loaded = async (action: () => Promise<unknown>) => {
      const before = await page.getAttribute('body', 'data-queue-loaded');
      await action();
      await page.waitForFunction((b) => document.body.dataset.queueLoaded !== b, before);
    };
    await loaded(() => row().locator('[data-action="claim"]').click());
    expect(await row().locator('[data-action="release"]').count()).toBe(1);
    await loaded(() => row().locator('[data-action="mark-filed"]').click());
    expect(await row().count()).toBe(0);
    await loaded(() => page.selectOption('#queue-status-filter', 'sent'));
    await row().locator('select[data-outcome-for="actioned"]').selectOption('removed');
    await loaded(() => row().locator('button[data-to="actioned"]').click());
    const referral = (await api(liaison, `/v1/referrals/${p1}`)) as { status: string };
    expect(referral.status).toBe('actioned');
    const audit = (await api(liaison, `/v1/referrals/${p1}/audit`)) as { events: { action: string; to: string; outcome?: string }[] };
    expect(audit.events.map((e) => [e.action, e.to, e.outcome])).toEqual(
      expect.arrayContaining([['claimed', 'new', undefined], ['transition', 'sent', undefined], ['transition', 'actioned', 'removed']]),
    );

    // The export is fetched by the background and saved by the page.
    await loaded(() => page.selectOption('#queue-status-filter', 'new'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#queue-export-csv')]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toBe('queue-telegram-new.csv');
    expect(csv.split('\r\n')[0]).toMatch(/^referralId,platform,status,/);
    expect(csv).toContain(hostile);
    await expectInert(watched);

    // Evidence: the verified screenshot is fetched by the background and shown from a blob: URL,
    // blurred until the officer clicks.
    const withShot = page.locator(`#queue-rows tr[data-referral-id="${seeded[0]?.referralId}"]`);
    await withShot.locator('[data-action="details"]').click();
    const figure = page.locator(`#detail li[data-sha256="${screenshotSha256}"] figure.graphic-media`);
    await figure.waitFor();
    expect(await figure.getAttribute('data-revealed')).toBe('false');
    expect(await figure.locator('img').getAttribute('src')).toMatch(/^blob:chrome-extension:\/\//);
    expect(await figure.locator('img').evaluate((img) => getComputedStyle(img).filter)).toContain('blur');
    // The bytes decoded as the 1x1 PNG that was uploaded.
    await page.waitForFunction((sha) => (document.querySelector(`#detail li[data-sha256="${sha}"] img`) as HTMLImageElement | null)?.complete === true, screenshotSha256);
    expect(await figure.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await figure.locator('button').click();
    expect(await figure.getAttribute('data-revealed')).toBe('true');
    expect(await page.textContent(`#detail li[data-sha256="${screenshotSha256}"] .evidence-line`)).toContain('verified');
    expect(watched.dialogs).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps the referral detail current after each action and clears it on another platform; right-to-left titles read right to left', async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-detail', platforms: ['telegram', 'x'] });
    const watched = await openDashboard(liaison, 'queueLoaded');
    const { page } = watched;
    await page.selectOption('#queue-platform', 'telegram');
    const arabic = seeded[4]?.referralId ?? '';
    const row = () => page.locator(`#queue-rows tr[data-referral-id="${arabic}"]`);
    await row().waitFor();
    expect(await row().locator('.title').getAttribute('dir')).toBe('auto');
    expect(await row().locator('.title').evaluate((node) => node.matches(':dir(rtl)'))).toBe(true);

    const detailLoaded = async (action: () => Promise<unknown>) => {
      const before = await page.getAttribute('body', 'data-detail-loaded');
      await action();
      await page.waitForFunction((b) => document.body.dataset.detailLoaded !== undefined && document.body.dataset.detailLoaded !== b, before);
    };
    await detailLoaded(() => row().locator('[data-action="details"]').click());
    expect(await page.textContent('#detail h3')).toBe(arabicTitle);
    expect(await page.locator('#detail h3').evaluate((node) => node.matches(':dir(rtl)'))).toBe(true);
    expect(await page.textContent('#detail')).toContain('No lifecycle events yet.');

    // Each action is read back into the open detail, without the officer reopening it.
    await detailLoaded(() => row().locator('[data-action="claim"]').click());
    expect(await page.textContent('#detail .audit')).toContain('claimed');
    // Telegram is filed by hand: the page offers the DSA Art. 16 notice to copy, never "Sending".
    expect(await row().locator('[data-action="send"]').count()).toBe(0);
    const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-dashboard' });
    await saveSettings(admin, 'eu-iru', { fourEyes: false, contact: { name: 'EU IRU desk', email: 'iru-desk@example.eu' }, displayName: 'EU Internet Referral Unit' });
    await row().locator('[data-action="notice"]').click();
    await page.waitForSelector('#notice-text');
    expect(await page.inputValue('#notice-text')).toContain('https://t.me/s/dashboard_chan/5');
    expect(await page.inputValue('#notice-text')).toContain('EU Internet Referral Unit');
    // The officer saves the notice as a text file: the same text as shown, named after the referral.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#detail [data-action="download-notice"]')]);
    expect(saved.suggestedFilename()).toBe(`art16-notice-${arabic}.txt`);
    expect(await readFile((await saved.path()) ?? '', 'utf8')).toBe(await page.inputValue('#notice-text'));
    expect(await page.textContent('#queue-status')).toBe(`Notice saved as art16-notice-${arabic}.txt.`);
    await shootThemes(page, 'dashboard-art16-notice');
    await row().locator('[data-action="details"]').click();
    await page.waitForSelector('#detail h3:not(:has-text("Art. 16"))');

    await detailLoaded(() => row().locator('[data-action="mark-filed"]').click());
    expect(await page.textContent('#detail')).toContain(`${arabic} · telegram · sent ·`);
    expect(await page.textContent('#detail .audit')).toContain('→ sent');
    await page.waitForFunction(() => document.getElementById('queue-status')?.textContent?.startsWith('Filed by hand'));
    expect(await page.textContent('#queue-status')).toMatch(/^Filed by hand by liaison-detail at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);

    // Another platform's queue: the telegram referral's detail does not stay on screen as if it were x's.
    const queueBefore = await page.getAttribute('body', 'data-queue-loaded');
    await page.selectOption('#queue-platform', 'x');
    await page.waitForFunction((b) => document.body.dataset.queueLoaded !== b, queueBefore);
    expect(await page.isHidden('#detail')).toBe(true);
    await expectInert(watched);
    await page.close();
  }, 120_000);

  it('shows an analyst the trends chart and a table equal to the API numbers', async () => {
    const analyst = await stack.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst-dashboard' });
    const watched = await openDashboard(analyst, 'trendsLoaded');
    const { page } = watched;
    expect(await page.isVisible('#trends-view')).toBe(true);
    expect(await page.isHidden('#queue-view')).toBe(true);

    const from = await page.inputValue('#trends-from');
    const to = await page.inputValue('#trends-to');
    const counts = (await api(analyst, `/v1/stats/counts?from=${from}&to=${to}&by=category&interval=day`)) as {
      periods: { period: string; counts: Record<string, number>; total: number }[];
      totals: Record<string, number>;
    };
    expect(counts.periods.length).toBeGreaterThan(0);
    // Categories read as the officer's words; each column keeps the API's code for this comparison.
    const columns = await page.$$eval('#trend-table thead th', (ths) => ths.map((th) => (th as HTMLElement).dataset.value ?? th.textContent ?? ''));
    const headings = await page.$$eval('#trend-table thead th', (ths) => ths.map((th) => th.textContent ?? ''));
    expect(headings).toContain('Propaganda');
    expect(headings).not.toContain('propaganda');
    const rows = await page.$$eval('#trend-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.map((cells) => cells[0])).toEqual(counts.periods.map((p) => p.period));
    rows.forEach((cells, i) => {
      const period = counts.periods[i];
      columns.slice(1, -1).forEach((column, j) => expect(Number(cells[j + 1])).toBe(period?.counts[column] ?? 0));
      expect(Number(cells.at(-1))).toBe(period?.total);
    });
    expect(columns.slice(1, -1).sort()).toEqual(Object.keys(counts.totals).sort());
    expect(Object.values(counts.totals).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(seeded.length);

    const canvas = await page.locator('#trend-chart canvas').first().boundingBox();
    expect(canvas?.width ?? 0).toBeGreaterThan(0);
    expect(canvas?.height ?? 0).toBeGreaterThan(0);
    // The referral actioned in the liaison test counts towards Telegram's removal rate.
    expect(await page.locator('#platform-stats td', { hasText: 'telegram' }).count()).toBe(1);

    await page.selectOption('#trends-interval', 'week');
    await page.waitForFunction(() => document.querySelector('#trend-table tbody td')?.textContent?.includes('-W'));
    await page.screenshot({ path: join(artifactsDir, 'dashboard-trends.png'), fullPage: true });
    await expectInert(watched);
    await page.close();
  }, 120_000);

  it('opens every screen from the navigation, in light and dark theme, with no serious accessibility violation', async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-screens' });
    const watched = await openDashboard(admin, 'queueLoaded');
    const { page } = watched;
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(await page.$$eval('nav a[data-screen]', (links) => links.map((a) => (a as HTMLElement).dataset.screen))).toEqual(['queue', 'trends', 'reports', 'indicators', 'orders', 'incidents', 'legal', 'admin']);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const screen of ['queue', 'trends', 'reports', 'indicators', 'incidents'] as const) {
        await page.click(`nav a[data-screen="${screen}"]`);
        await page.waitForSelector(`body[data-screen="${screen}"] #${screen}-view`);
        expect(page.url()).toMatch(new RegExp(`#/${screen}$`));
        expect(await page.getAttribute(`nav a[data-screen="${screen}"]`, 'aria-current')).toBe('page');
        await page.waitForFunction((id) => (document.getElementById(`${id}-status`)?.textContent ?? '') !== '' && !document.getElementById(`${id}-status`)?.textContent?.endsWith('…'), screen);
        if (screen === 'queue') {
          await page.selectOption('#queue-platform', 'telegram');
          await page.waitForSelector('#queue-rows tr');
        }
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: join(artifactsDir, `dashboard-${screen}-${theme}.png`), fullPage: true });
      }
    }
    // The check can fail: a button without a name is a critical violation.
    await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('button'), { id: 'unnamed-probe' })));
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('button-name');
    await page.evaluate(() => document.getElementById('unnamed-probe')?.remove());
    // The dark theme is the design tokens' other values, not the browser's default colours.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(15, 23, 42)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');

    // A reload keeps the screen the hash names.
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html#/trends`);
    await page.waitForSelector('body[data-screen="trends"] #trends-view');
    expect(await page.isHidden('#queue-view')).toBe(true);
    await expectInert(watched);
    await page.close();
  }, 120_000);

  it('speaks the language of the browser: a French browser gets every screen in French, with no serious accessibility violation', async () => {
    await withBrowserIn('fr', async (french) => {
      const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-french' });
      await configureExtension(french, { apiUrl: stack.apiUrl, devToken: admin });
      const page = await french.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`chrome-extension://${french.extensionId}/dashboard.html#/queue`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.getAttribute('html', 'lang')).toMatch(/^fr/);
      expect(await page.textContent('#queue-view h2')).toBe('File de liaison');
      expect(await page.$$eval('nav a[data-screen]', (links) => links.map((a) => a.textContent))).toEqual(["File d'attente", 'Tendances', "Signalements de l'unité", 'Indicateurs', 'Injonctions de retrait', 'Incidents', 'Juridique', 'Administration']);
      expect(await page.textContent('#session')).toBe('administrateur · unité eu-iru');
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        for (const screen of ['queue', 'trends', 'reports', 'indicators', 'incidents'] as const) {
          await page.click(`nav a[data-screen="${screen}"]`);
          await page.waitForSelector(`body[data-screen="${screen}"] #${screen}-view`);
          await page.waitForFunction((id) => (document.getElementById(`${id}-status`)?.textContent ?? '') !== '' && !document.getElementById(`${id}-status`)?.textContent?.endsWith('…'), screen);
          if (screen === 'queue') {
            await page.selectOption('#queue-platform', 'telegram');
            await page.waitForSelector('#queue-rows tr');
          }
          if (screen === 'trends') expect(await page.textContent('#trends-view h2')).toBe('Tendances');
          if (screen === 'reports') {
            expect(await page.textContent('#reports-status')).toMatch(/^\d+ signalement\(s\) de l'unité eu-iru\.$/);
            expect(await page.textContent('#upload-view h2')).toBe('Import en masse');
          }
          if (screen === 'indicators') expect(await page.textContent('#indicators-view h2')).toBe('Indicateur : dossier et piste financière');
          expect(await seriousViolations(page)).toEqual([]);
          await page.screenshot({ path: join(artifactsDir, `dashboard-${screen}-${theme}-fr.png`), fullPage: true });
        }
      }
      // The shortcuts help too.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.click('nav a[data-screen="queue"]');
      await page.waitForSelector('body[data-screen="queue"] #queue-view');
      await page.keyboard.press('?');
      await page.waitForSelector('#shortcuts-help[open]');
      expect(await page.textContent('#shortcuts-heading')).toBe('Raccourcis clavier');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(artifactsDir, 'dashboard-shortcuts-light-fr.png') });
      await page.keyboard.press('Escape');
      expect(errors).toEqual([]);

      // The settings page and the popup speak French too, down to the sentences the code writes.
      const options = await french.context.newPage();
      await options.goto(`chrome-extension://${french.extensionId}/options.html`);
      await options.waitForSelector('body[data-ready="true"]');
      expect(await options.getAttribute('html', 'lang')).toMatch(/^fr/);
      expect(await options.textContent('h1')).toBe('Paramètres de Referral Desk');
      expect(await options.textContent('#auth-status')).toBe('Jeton de développement utilisé.');
      expect(await seriousViolations(options)).toEqual([]);
      await options.screenshot({ path: join(artifactsDir, 'options-fr.png'), fullPage: true });
      const { page: popup } = await openPopup(french, await tabIdOf(french, options.url()));
      expect(await popup.getAttribute('html', 'lang')).toMatch(/^fr/);
      expect(await popup.textContent('h1')).toBe('Signaler pour retrait');
      expect(await popup.textContent('#submit')).toBe('Envoyer le signalement');
      // An extension page is not a public web page: the popup says so, in French.
      expect(await popup.textContent('#result')).toBe('Cette page ne peut pas être signalée : seules les pages http(s) publiques le peuvent.');
      expect(await popup.textContent('#outbox-waiting')).toBe('Rien en attente.');
      for (const theme of ['light', 'dark'] as const) {
        await popup.emulateMedia({ colorScheme: theme });
        expect(await seriousViolations(popup)).toEqual([]);
        await popup.screenshot({ path: join(artifactsDir, `popup-${theme}-fr.png`), fullPage: true });
      }
    });
  }, 120_000);

  it('moves through the queue with j and k, opens the active referral with Enter, claims it with c, lists the shortcuts with ?; the reports table sorts by a column', async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-keys' });
    const watched = await openDashboard(admin, 'queueLoaded');
    const { page } = watched;
    await page.selectOption('#queue-platform', 'telegram');
    await page.waitForSelector('#queue-rows tr');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const active = () => page.$eval('#queue-rows tr.active', (row) => (row as HTMLElement).dataset.referralId).catch(() => undefined);
    const ids = await page.$$eval('#queue-rows tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.referralId));
    await page.keyboard.press('j');
    expect(await active()).toBe(ids[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await active()).toBe(ids[1]);
    expect(await page.getAttribute('#queue-rows tr.active', 'aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.getElementById('detail')?.dataset.referralId === id, ids[1]);

    // c claims the active referral.
    await page.keyboard.press('k');
    expect(await active()).toBe(ids[0]);
    const before = await page.getAttribute('body', 'data-queue-loaded');
    await page.keyboard.press('c');
    await page.waitForFunction((b) => document.body.dataset.queueLoaded !== b, before);
    expect(await page.locator(`#queue-rows tr[data-referral-id="${ids[0]}"] [data-action="release"]`).count()).toBe(1);

    // ? lists the shortcuts in a modal dialog; Escape closes it.
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts-help[open]');
    expect(await page.$$eval('#shortcuts-help kbd', (keys) => keys.map((k) => k.textContent))).toEqual(['j / k', 'Enter', 'c', 'a', 's', 'x', '/', '?']);
    await shootThemes(page, 'dashboard-shortcuts', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#shortcuts-help', { state: 'hidden' });

    // Keys typed into a field stay in the field.
    await page.focus('#queue-status-filter');
    await page.keyboard.press('j');
    expect(await active()).toBe(ids[0]);

    await page.click('nav a[data-screen="reports"]');
    await page.waitForSelector('#report-rows tr');
    const accepted = () => page.$$eval('#report-rows tr td:first-child', (cells) => cells.map((c) => c.textContent ?? ''));
    await page.click('button[data-sort="accepted"]');
    expect(await page.getAttribute('th:has(button[data-sort="accepted"])', 'aria-sort')).toBe('ascending');
    const ascending = await accepted();
    expect(ascending).toEqual([...ascending].sort());
    await page.click('button[data-sort="accepted"]');
    expect(await page.getAttribute('th:has(button[data-sort="accepted"])', 'aria-sort')).toBe('descending');
    expect(await accepted()).toEqual([...ascending].sort().reverse());
    await expectInert(watched);
    await page.close();
  }, 120_000);

  it('lets a referrer upload a CSV in batches, and a re-upload creates no duplicates', async () => {
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-upload' });
    const watched = await openDashboard(referrer, 'ready');
    const { page } = watched;
    expect(await page.isVisible('#upload-view')).toBe(true);
    const csv = [
      'url,category,title,urgent',
      'https://t.me/s/upload_chan/1,propaganda,First,no',
      `https://t.me/s/upload_chan/2,recruitment,"${hostileTitle}",yes`,
      'https://t.me/s/upload_chan/1,propaganda,First,no',
      'ftp://nope,propaganda,Bad,no',
      '',
    ].join('\r\n');
    const file = { name: 'action-day.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
    const upload = async (dryRun: boolean) => {
      await page.setInputFiles('#upload-file', file);
      await page.setChecked('#upload-dry-run', dryRun);
      const before = await page.getAttribute('body', 'data-upload-done');
      await page.click('#upload-start');
      await page.waitForFunction((b) => document.body.dataset.uploadDone !== undefined && document.body.dataset.uploadDone !== b, before);
      return page.$$eval('#upload-summary p', (ps) => ps.map((p) => p.textContent ?? ''));
    };
    const before = (await stack.scanEntities('report')).length;
    expect(await upload(true)).toEqual(expect.arrayContaining(['Accepted: 2 would be sent as new content.']));
    expect((await stack.scanEntities('report')).length).toBe(before);

    const first = await upload(false);
    expect(first).toEqual(expect.arrayContaining(['Upload: 4 row(s).', 'Accepted: 2.', 'Rejected: 1.']));
    expect(await page.textContent('#upload-rejected li')).toBe('line 5: url: only http and https URLs are allowed');
    const deadline = Date.now() + 20_000;
    while ((await stack.scanEntities('report')).length < before + 2 && Date.now() < deadline) await page.waitForTimeout(200);
    // The unit's reports are drawn again after an upload; the officer's choice of a real run stays.
    await page.waitForFunction((title) => [...document.querySelectorAll('#report-rows .title')].some((cell) => cell.textContent === title), hostileTitle);
    expect(await page.isChecked('#upload-dry-run')).toBe(false);

    const again = await upload(false);
    expect(again).toEqual(expect.arrayContaining(['Accepted: 0.', 'Already imported by an earlier upload (retries, nothing new): 2.']));
    await page.waitForTimeout(1_000);
    expect((await stack.scanEntities('report')).length).toBe(before + 2);
    await page.waitForSelector('#report-rows tr');
    expect(await page.locator('#report-rows .title', { hasText: hostileTitle }).count()).toBeGreaterThan(0);
    await expectInert(watched);
    await page.close();
  }, 120_000);

  it('four eyes: the send is refused with the reason and a link to the review; a colleague refuses without a reason (error at the field), then approves', async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-four-eyes' });
    // Setup, not the flow under test: the unit requires a second officer (there is no settings screen yet).
    const settings = { contact: { name: 'EU IRU desk', email: 'iru-desk@example.eu' }, displayName: 'EU Internet Referral Unit' };
    await saveSettings(admin, 'eu-iru', { ...settings, fourEyes: true });
    try {
      const referralId = seeded[0]?.referralId ?? '';
      const requester = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-requester', platforms: ['telegram'] });
      const first = await openDashboard(requester, 'queueLoaded');
      const queue = new QueueScreenPage(first.page);
      await first.page.setViewportSize({ width: 1400, height: 1000 });
      await queue.afterReload(() => queue.row(referralId).locator('[data-action="claim"]').click());
      await queue.afterReload(() => queue.row(referralId).locator('[data-action="mark-filed"]').click());
      await first.page.waitForSelector(`#send-blocked[data-referral-id="${referralId}"]`);
      expect(await first.page.textContent('#send-blocked')).toMatch(/^Not delivered: .*(four-eyes|second officer|approv)/i);
      await shootThemes(first.page, 'dashboard-send-blocked');
      await first.page.click('#send-blocked [data-action="open-review"]');
      await first.page.waitForSelector(`#review-panel[data-referral-id="${referralId}"]`);
      await queue.reviewLoaded();
      await queue.requestReview();
      expect(await queue.reviewStatus()).toBe('pending');
      // The requester cannot approve their own request.
      expect(await first.page.locator('#review-decision').count()).toBe(0);
      await shootThemes(first.page, 'dashboard-review-requested');
      await first.page.close();

      const reviewer = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-reviewer', platforms: ['telegram'] });
      const second = await openDashboard(reviewer, 'queueLoaded');
      const review = new QueueScreenPage(second.page);
      await second.page.setViewportSize({ width: 1400, height: 1000 });
      await review.openDetail(referralId);
      expect(await review.reviewStatus()).toBe('pending');
      // Refusing needs a reason: the form's zod check puts the error next to the reason field.
      await review.decide('refused');
      await second.page.waitForSelector('#review-reason-error');
      expect(await second.page.textContent('#review-reason-error')).toBe('refusing a referral needs a reason');
      expect(await second.page.getAttribute('#review-reason', 'aria-invalid')).toBe('true');
      expect(await second.page.getAttribute('#review-reason', 'aria-describedby')).toBe('review-reason-error');
      await shootThemes(second.page, 'dashboard-review-decision');
      await review.afterReview(() => review.decide('approved'));
      expect(await review.reviewStatus()).toBe('approved');
      expect(await second.page.textContent('#review-panel li')).toContain('liaison-reviewer');
      await second.page.close();

      // Approved as it is now: the requester's "mark as filed" goes through.
      const again = await openDashboard(requester, 'queueLoaded');
      const back = new QueueScreenPage(again.page);
      await back.afterReload(() => back.row(referralId).locator('[data-action="mark-filed"]').click());
      await again.page.waitForFunction(() => document.getElementById('queue-status')?.textContent?.startsWith('Filed by hand'));
      expect(await back.row(referralId).count()).toBe(0);
      expect(await again.page.locator('#send-blocked').count()).toBe(0);
      await expectInert(again);
      await again.page.close();
    } finally {
      await saveSettings(admin, 'eu-iru', { ...settings, fourEyes: false });
    }
  }, 120_000);
});
