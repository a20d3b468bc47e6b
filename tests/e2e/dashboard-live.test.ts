import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe';
import { mispProblems, stixProblems } from '../helpers/export-validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, configureExtension, launchExtensionBrowser, type ExtensionBrowser } from '../helpers/extension-browser';
import { isPlatformId } from '../../functions/core/platforms/platforms';
import type { SandboxPlatform } from '../../infra/local/sandbox-platform';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * What the dashboard shows an officer is true as they look: a referral found from anything they
 * paste, and a referral's state as the API has it.
 */
describe('dashboard: what it shows is true', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  let profileDir: string;
  const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
  const seeded = { telegram: '', youtube: '', orderToPrepare: '', toSend: '', forum: '', fileHost: '' };

  const file = async (token: string, report: Record<string, unknown>): Promise<string> => {
    const submissionId = crypto.randomUUID();
    const response = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId, category: 'propaganda', ...report }),
    });
    expect(response.status).toBe(202);
    return (await stack.waitForSubmission(submissionId)).referralId;
  };

  const openDashboard = async (token: string): Promise<Page> => {
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };

  const searchFor = async (page: Page, q: string): Promise<string[]> => {
    const before = await page.getAttribute('body', 'data-search-loaded');
    // `/` focuses the search box from anywhere on the page but a field.
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-q');
    await page.fill('#search-q', q);
    await page.press('#search-q', 'Enter');
    await page.waitForFunction((b) => (document.body.dataset.searchLoaded ?? null) !== b, before);
    return page.$$eval('#search-results li[data-referral-id]', (items) => items.map((item) => (item as HTMLElement).dataset.referralId ?? ''));
  };

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1' });
    stack = await startLocalStack();
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-search' });
    seeded.telegram = await file(referrer, { url: 'https://t.me/s/search_ui_chan/3', title: 'Channel post with a wallet', selectedText: `Send to ${wallet}` });
    seeded.youtube = await file(referrer, { url: 'https://www.youtube.com/watch?v=srchuicheck', title: 'Video on another platform' });
    seeded.orderToPrepare = await file(referrer, { url: 'https://t.me/s/search_ui_chan/9', title: 'For a removal order', legalRoute: 'removal_order' });
    seeded.toSend = await file(referrer, { url: 'https://www.youtube.com/watch?v=livecallbk1', title: 'Sent to the sandbox platform' });
    seeded.forum = await file(referrer, { url: 'https://forum.example-jihad.org/thread/5', title: 'Forum thread' });
    seeded.fileHost = await file(referrer, { url: 'https://files.example-host.net/d/xyz', title: 'File on a file host' });
    // The sandbox platform answers a delivery some seconds later, as a platform does: long after the page drew it.
    (stack.stack.sandbox as SandboxPlatform).behaviour.callbackDelayMs = 4_000;
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-dashboard-live-'));
    browser = await launchExtensionBrowser(profileDir);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('finds a referral by a defanged URL, its id or a wallet, and opens its detail', async () => {
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-search' });
    const page = await openDashboard(referrer);
    expect(await searchFor(page, 'hxxps://t[.]me/search_ui_chan/3')).toEqual([seeded.telegram]);
    expect(await searchFor(page, seeded.youtube)).toEqual([seeded.youtube]);
    expect(await searchFor(page, wallet)).toEqual([seeded.telegram]);
    const hit = page.locator(`#search-results li[data-referral-id="${seeded.telegram}"]`);
    expect(await hit.locator('.title').textContent()).toBe('Channel post with a wallet');
    expect(await hit.textContent()).toContain('found by indicator');
    await hit.locator('[data-action="open"]').click();
    await page.waitForSelector(`#search-detail:not([hidden])[data-referral-id="${seeded.telegram}"]`);
    expect(await page.textContent('#search-detail h3')).toBe('Channel post with a wallet');
    expect(await searchFor(page, 'nothing like this')).toEqual([]);
    expect(await page.textContent('#search-status')).toContain('No referral you may see');
    await page.close();
  }, 90_000);

  it("opens an indicator from the screens: its dossier, sanctions status, referrals with their evidence, and the money-trail graph", async () => {
    // A second post in the same channel with the wallet and an IBAN: the trail has a co-occurring indicator.
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-trail' });
    const second = await file(referrer, { url: 'https://t.me/s/search_ui_chan/4', title: 'Second appeal', selectedText: `BTC ${wallet} or IBAN DE89 3704 0044 0532 0130 00` });
    // The financial stage files both into the wallet's dossier a moment after the reports.
    await expect.poll(async () => (await stack.stores.dossiers.counts('btc', wallet))?.referrals, { timeout: 20_000, interval: 200 }).toBe(2);
    const analyst = await stack.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst-trail' });
    const page = await openDashboard(analyst);
    await page.click('nav a[data-screen="indicators"]');
    await page.waitForSelector('body[data-screen="indicators"] #indicators-view');
    await page.selectOption('#indicator-type', 'btc');
    await page.fill('#indicator-value', wallet);
    await page.press('#indicator-value', 'Enter');
    await page.waitForSelector('body[data-indicator-loaded]');
    expect(await page.$$eval('#indicator-referrals tr[data-referral-id]', (rows) => rows.map((row) => (row as HTMLElement).dataset.referralId ?? '').sort())).toEqual([seeded.telegram, second].sort());
    expect(page.url()).toContain(`#/indicators/btc/${wallet}`);
    expect(await page.textContent('#indicator-sanctions')).toBe('On no imported sanctions list.');
    expect(await page.textContent('#indicator-dossier')).toContain('eu-iru');
    // The graph: the wallet, the IBAN seen with it, and their channel.
    await page.waitForSelector('#money-trail svg [data-node]');
    const nodes = await page.$$eval('#money-trail [data-node]', (shapes) => shapes.map((shape) => (shape as SVGElement).dataset.node ?? '').sort());
    expect(nodes).toEqual(expect.arrayContaining([`indicator:btc:${wallet}`, 'indicator:iban:DE89370400440532013000']));
    expect(await seriousViolations(page)).toEqual([]);
    // The dossier leaves for partners as files that validate, saved from the page.
    const [stix] = await Promise.all([page.waitForEvent('download'), page.click('#indicator-export-stix')]);
    expect(stix.suggestedFilename()).toBe(`btc-${wallet}.stix.json`);
    expect(stixProblems(JSON.parse(await readFile((await stix.path()) ?? '', 'utf8')))).toEqual([]);
    const [misp] = await Promise.all([page.waitForEvent('download'), page.click('#indicator-export-misp')]);
    const event = await readFile((await misp.path()) ?? '', 'utf8');
    expect(mispProblems(JSON.parse(event))).toEqual([]);
    expect(event).not.toContain('officer-trail');
    expect(await page.textContent('#indicators-status')).toContain(`btc-${wallet}.misp.json`);
    // A referral opens with its evidence, as in the queue.
    await page.locator(`#indicator-referrals tr[data-referral-id="${second}"] [data-action="open"]`).click();
    await page.waitForSelector(`#indicator-detail:not([hidden])[data-referral-id="${second}"] .evidence-list`);
    expect(await page.textContent('#indicator-detail h3')).toBe('Second appeal');
    // Following the IBAN's node adds its dossier to the same trail.
    await page.locator('#money-trail a[data-node="indicator:iban:DE89370400440532013000"]').click();
    await page.waitForFunction(() => document.querySelector('#indicator-name')?.textContent?.includes('DE89370400440532013000'));
    await page.waitForSelector('#money-trail [data-node="indicator:iban:DE89370400440532013000"] circle.opened');
    expect(await page.locator(`#money-trail [data-node="indicator:btc:${wallet}"] circle.opened`).count()).toBe(1);
    await page.close();
  }, 90_000);

  it('shows a liaison officer only the platforms they work', async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-search', platforms: ['youtube'] });
    const page = await openDashboard(liaison);
    expect(await searchFor(page, 't.me/search_ui_chan/3')).toEqual([]);
    expect(await searchFor(page, 'youtu.be/srchuicheck')).toEqual([seeded.youtube]);
    await page.close();
  }, 60_000);

  it('shows a removal-order route with no order issued as an order to prepare, with no one-hour clock', async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-orders', platforms: ['telegram'] });
    const page = await openDashboard(liaison);
    await page.waitForSelector('body[data-queue-loaded]');
    const row = page.locator(`#queue-rows tr[data-referral-id="${seeded.orderToPrepare}"]`);
    // Regulation (EU) 2021/784 Art. 3(3): the hour runs from the provider's confirmed receipt of an issued order.
    expect(await row.locator('.order-stage').textContent()).toBe('order to prepare');
    expect(await row.locator('.countdown').textContent()).not.toMatch(/^(0 h )?\d+ min left$/);
    expect(await page.locator(`#queue-rows tr[data-referral-id="${seeded.telegram}"] .order-stage`).count()).toBe(0);
    await page.close();
  }, 60_000);

  it("follows a platform's callback in the queue and the open detail without a reload", async () => {
    const liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-live', platforms: ['youtube'] });
    const page = await openDashboard(liaison);
    await page.waitForSelector('body[data-queue-loaded]');
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const row = page.locator(`#queue-rows tr[data-referral-id="${seeded.toSend}"]`);
    await row.locator('[data-action="details"]').click();
    await page.waitForSelector(`#detail[data-referral-id="${seeded.toSend}"] .labels`);
    await row.locator('[data-action="send"]').click();
    await page.waitForFunction(() => document.getElementById('queue-status')?.textContent === 'Sending: done.');
    // The sandbox calls back acknowledged, then actioned: no click, no reload, the page follows.
    await page.waitForFunction(() => /\bactioned\b/.test(document.querySelector('#detail p')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await page.locator('#detail .audit li', { hasText: 'actioned' }).count()).toBeGreaterThan(0);
    // The "new" queue no longer lists it.
    await page.waitForFunction((id) => document.querySelector(`#queue-rows tr[data-referral-id="${id}"]`) === null, seeded.toSend, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.close();
  }, 90_000);

  it('groups the other-hosts queue under a heading per host', async () => {
    const admin = await stack.tokenFor({ role: 'admin', unit: 'eu-iru', sub: 'admin-hosts' });
    const page = await openDashboard(admin);
    await page.waitForSelector('body[data-queue-loaded]');
    const before = await page.getAttribute('body', 'data-queue-loaded');
    await page.selectOption('#queue-platform', 'other-hosts');
    await page.waitForFunction((b) => document.body.dataset.queueLoaded !== b, before);
    const rows = await page.$$eval('#queue-rows tr', (trs) =>
      trs.map((tr) => (tr.classList.contains('host-heading') ? `# ${tr.querySelector('.host')?.textContent ?? ''}` : (tr as HTMLElement).dataset.referralId)),
    );
    expect(rows).toEqual(['# example-host.net', seeded.fileHost, '# example-jihad.org', seeded.forum]);
    expect(await seriousViolations(page)).toEqual([]);

    // The officer records the file host's abuse desk under its heading; the heading then shows it.
    const heading = page.locator('#queue-rows tr.host-heading[data-host="example-host.net"]');
    expect(await heading.locator('.abuse-contact').textContent()).toContain('No abuse contact recorded for this host.');
    await heading.locator('summary').click();
    await heading.locator('button', { hasText: 'Save contact' }).click();
    expect(await heading.locator('.field-error').textContent()).toBe('give an email or a formUrl');
    await heading.locator('input[name="email"]').fill('abuse@example-host.net');
    await heading.locator('select[name="source"]').selectOption('security-txt');
    await heading.locator('button', { hasText: 'Save contact' }).click();
    await page.waitForFunction(() => document.getElementById('queue-status')?.textContent === 'Recording the abuse contact of example-host.net: done.');
    const known = page.locator('#queue-rows tr.host-heading[data-host="example-host.net"] .abuse-contact.known');
    expect(await known.textContent()).toContain('abuse@example-host.net');
    expect(await known.textContent()).toContain('from security.txt, recorded by eu-iru');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("leaves no referral these tests created outside some officer's queue", async () => {
    const stored = await stack.scanEntities('referral');
    expect(stored.length).toBeGreaterThanOrEqual(Object.keys(seeded).length);
    for (const item of stored) {
      const referral = await stack.getReferral((item['referralId'] as { S: string }).S);
      if (referral === undefined) throw new Error('a scanned referral could not be read');
      const { referralId, platform, status, units } = referral;
      const admin = await stack.tokenFor({ role: 'admin', unit: [...units][0] ?? 'eu-iru' });
      const queue = isPlatformId(platform) ? platform : 'other-hosts';
      const response = await fetch(`${stack.apiUrl}/v1/queues/${queue}?status=${status}&limit=200`, { headers: { authorization: `Bearer ${admin}` } });
      expect(response.status, `${queue} ${status}`).toBe(200);
      const listed = ((await response.json()) as { items: { referralId: string }[] }).items.map((row) => row.referralId);
      expect(listed, `${platform} referral ${referralId} (${status})`).toContain(referralId);
    }
  }, 60_000);
});
