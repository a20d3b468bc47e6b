import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeText,
  buildExtension,
  clickFlagForReferral,
  configureExtension,
  extensionDir,
  launchExtensionBrowser,
  openPopup,
  serveTestPages,
  tabIdOf,
  type ExtensionBrowser,
  type TestPages,
} from '../helpers/extension-browser';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

const artifactsDir = fileURLToPath(new URL('../../test-artifacts', import.meta.url));
const hostile = '<img src=x onerror=alert(1)>';

const page = (title: string, body: string, head = '', lang = ''): string =>
  `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const escapeHtml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Fills the fields every report needs and submits; returns the outcome the popup shows. */
const submitFromPopup = async (popup: Page, fields: { category: string; capture: boolean }): Promise<{ outcome: string; submissionId: string; result: string }> => {
  await popup.selectOption('#category', fields.category);
  await popup.setChecked('#capture-screenshot', fields.capture);
  await popup.setChecked('#capture-mhtml', fields.capture);
  await popup.click('#submit');
  await popup.waitForSelector('body[data-outcome]', { timeout: 30_000 });
  return {
    outcome: (await popup.getAttribute('body', 'data-outcome')) ?? '',
    submissionId: (await popup.getAttribute('body', 'data-submission-id')) ?? '',
    result: (await popup.textContent('#result')) ?? '',
  };
};

describe('extension end to end', () => {
  let stack: LocalStackHandle;
  let pages: TestPages;
  let browser: ExtensionBrowser;
  let profileDir: string;
  let token: string;

  const openTab = async (path: string): Promise<{ tab: Page; tabId: number; url: string }> => {
    const tab = await browser.context.newPage();
    const url = `${pages.baseUrl}${path}`;
    await tab.goto(url);
    return { tab, tabId: await tabIdOf(browser, url), url };
  };

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1', WXT_E2E_HOOKS: 'true' });
    stack = await startLocalStack();
    token = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-e2e' });
    pages = await serveTestPages({
      '/post/1': page(
        'Recruitment post',
        '<p id="claim">Join the fight, brothers, the caravan is waiting for you.</p><a id="link" href="https://t.me/s/example_channel/42">channel</a><img id="pic" src="/pixel.png" width="50" height="50">',
        '<link rel="canonical" href="/post/1">',
        'en-GB',
      ),
      '/post/2': page('Propaganda video page', '<h1>Video</h1><p>Evidence page for capture.</p>'),
      '/poster': page('Poster page', '<h1>Poster</h1><img id="poster" src="/images/horse/original.png">'),
      '/hostile': page(
        escapeHtml(hostile),
        `<p id="bait">${escapeHtml(hostile)}</p><a id="js" href="javascript:alert(2)">click</a>`,
      ),
      '/donate': page('Donation video', '<p>Watch until the end.</p>'),
      '/post/ar': page('بيان الدولة الإسلامية', '<p id="ar-claim">انضموا إلى القافلة</p>', '', 'ar'),
      '/offline/1': page('Offline one', '<p>one</p>'),
      '/offline/2': page('Offline two', '<p>two</p>'),
      '/offline/3': page('Offline three', '<p>three</p>'),
    });
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-profile-'));
    await mkdir(artifactsDir, { recursive: true });
    browser = await launchExtensionBrowser(profileDir);
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.stop();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('builds the popup as one page and two classic scripts, so opening it fetches nothing else', async () => {
    const html = await readFile(join(extensionDir, 'popup.html'), 'utf8');
    expect([...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag)).toEqual(['<script src="/popup-ask.js">', '<script src="/popup-page.js">']);
    expect(html).not.toMatch(/<link\b[^>]*rel="(stylesheet|modulepreload)"/);
    expect(html).toMatch(/<style>[^<]*\.field-error/);
  });

  it('tags a page through the context menu and the popup; the stack holds the referral', async () => {
    const { tab, tabId, url } = await openTab('/post/1');
    await tab.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('claim')!);
      window.getSelection()?.addRange(range);
    });
    await clickFlagForReferral(browser, tabId, { pageUrl: url, linkUrl: 'https://t.me/s/example_channel/42' });
    const { page: popup } = await openPopup(browser, tabId);

    expect(await popup.inputValue('#url')).toBe(url);
    expect(await popup.inputValue('#title')).toBe('Recruitment post');
    expect(await popup.inputValue('#selected-text')).toBe('Join the fight, brothers, the caravan is waiting for you.');
    expect(await popup.inputValue('#link-url')).toBe('https://t.me/s/example_channel/42');
    expect(await popup.textContent('#lookup')).toBe('Not referred yet');
    // The Group field's suggestions come from the background once the form is usable.
    await popup.waitForSelector('#groups option[value="Hayat Tahrir al-Sham (HTS)"]', { state: 'attached' });

    await popup.fill('#sub-tags', 'nasheed, call-to-action');
    await popup.fill('#group', 'ISIL/Daesh');
    await popup.check('#urgent');
    await popup.fill('#notes', 'seen in two channels');
    await popup.selectOption('#category', 'recruitment');
    await popup.screenshot({ path: join(artifactsDir, 'popup.png'), fullPage: true });

    const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'recruitment', capture: false });
    expect(outcome, result).toBe('sent');
    const { referralId } = await stack.waitForSubmission(submissionId);
    const referral = await stack.getReferral(referralId);
    expect(referral).toMatchObject({ category: 'recruitment', units: ['eu-iru'] });
    // Title and selection are too short for the detector; the page's <html lang> answers.
    expect(referral?.labels.find((label) => label.name === 'language')).toMatchObject({ value: 'en', rule: 'page-declared-language' });
    const [report] = await stack.store.listReports(referralId);
    expect(report).toMatchObject({
      submissionId,
      url,
      title: 'Recruitment post',
      linkUrl: 'https://t.me/s/example_channel/42',
      subTags: ['nasheed', 'call-to-action'],
      group: 'ISIL/Daesh',
      urgent: true,
      notes: 'seen in two channels',
    });
    expect(await badgeText(browser)).toBe('');
    await popup.close();
    await tab.close();
  });

  it('refers a Telegram Web chat flagged in the browser as that channel, not as the web app', async () => {
    // Telegram Web is a single-page app: the open chat is only in the fragment.
    await browser.context.route('https://web.telegram.org/**', (route) => route.fulfill({ contentType: 'text/html', body: page('Telegram Web', '<div id="chat">e2e beacon channel</div>') }));
    const url = 'https://web.telegram.org/k/#@e2e_beacon_channel';
    const tab = await browser.context.newPage();
    await tab.goto(url);
    const tabId = await tabIdOf(browser, url);
    await clickFlagForReferral(browser, tabId, { pageUrl: url });
    const { page: popup } = await openPopup(browser, tabId);
    expect(await popup.inputValue('#url')).toBe(url);
    const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'propaganda', capture: false });
    expect(outcome, result).toBe('sent');
    const { referralId } = await stack.waitForSubmission(submissionId);
    expect(await stack.getReferral(referralId)).toMatchObject({ contentKey: 'telegram:channel:e2e_beacon_channel', platform: 'telegram' });
    await popup.close();
    await tab.close();
    await browser.context.unroute('https://web.telegram.org/**');
  });

  it('refers the links of a beacon post to five hosts as five child referrals in five platform queues, and a second capture adds none', async () => {
    const hosts = [
      'https://archive.org/details/e2e-beacon_2026',
      'https://mega.nz/file/e2eBeAcN#Zm9vYmFyYmF6cXV4cXV1eA',
      'https://drive.google.com/file/d/1E2eBeAcOnFiLeIdAbCdEfGhIjKlMnOpQ/view',
      'https://pixeldrain.com/u/e2eBcn01',
      'https://gofile.io/d/e2eBcn',
    ];
    const body = `<p>New release, mirrors:</p>${hosts.map((href, i) => `<a href="${href}">mirror ${i + 1}</a>`).join(' ')}<a href="https://t.me/e2e_beacon_post">channel</a>`;
    await browser.context.route('https://t.me/**', (route) => route.fulfill({ contentType: 'text/html', body: page('Beacon post', body) }));
    const capture = async (url: string): Promise<string> => {
      const tab = await browser.context.newPage();
      await tab.goto(url);
      const tabId = await tabIdOf(browser, url);
      await clickFlagForReferral(browser, tabId, { pageUrl: url });
      const { page: popup } = await openPopup(browser, tabId);
      // Only the links to other platforms are offered, each checked.
      expect(await popup.$$eval('#out-links input:checked', (boxes) => boxes.map((box) => (box as HTMLInputElement).value))).toEqual(hosts);
      const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'propaganda', capture: false });
      expect(outcome, result).toBe('sent');
      await popup.close();
      await tab.close();
      return (await stack.waitForSubmission(submissionId)).referralId;
    };
    const childrenOf = async (postReferralId: string, count: (reports: number[]) => boolean) => {
      for (let attempt = 0; attempt < 120; attempt += 1) {
        const links = await stack.store.listPostedIn(postReferralId);
        const children = await Promise.all(links.map((link) => stack.getReferral(link.childReferralId)));
        if (links.length === hosts.length && count(children.map((child) => child?.reportCount ?? 0))) return children;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('the out-links were not all processed');
    };
    const post = await capture('https://t.me/e2e_beacon_post/7');
    const first = await childrenOf(post, (counts) => counts.every((n) => n === 1));
    expect(first.map((child) => child?.platform).sort()).toEqual(['archive-org', 'gofile', 'google-drive', 'mega', 'pixeldrain']);

    // Captured again (another URL form of the same post): the same five referrals, each with a second report.
    expect(await capture('https://t.me/s/e2e_beacon_post/7')).toBe(post);
    const second = await childrenOf(post, (counts) => counts.every((n) => n === 2));
    expect(second.map((child) => child?.referralId).sort()).toEqual(first.map((child) => child?.referralId).sort());
    await browser.context.unroute('https://t.me/**');
  });

  it('shows "already referred" in the badge and the popup on a referred page', async () => {
    const { tab, tabId, url } = await openTab('/post/1');
    await clickFlagForReferral(browser, tabId, { pageUrl: url });
    expect(await badgeText(browser, tabId)).toBe('REF');
    const { page: popup } = await openPopup(browser, tabId);
    expect(await popup.textContent('#lookup')).toBe('Already referred: new, 1 unit');
    await popup.close();
    await tab.close();
  });

  it('captures a screenshot and MHTML, hashes them, and the server verifies both', async () => {
    const { tab, tabId } = await openTab('/post/2');
    await tab.bringToFront();
    const { page: popup } = await openPopup(browser, tabId);
    const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'propaganda', capture: true });
    expect(outcome, result).toBe('sent');
    const { referralId } = await stack.waitForSubmission(submissionId);
    const deadline = Date.now() + 15_000;
    let checks: Array<{ kind: string; status: string }> | undefined;
    while (Date.now() < deadline) {
      const report = (await stack.store.listReports(referralId)).find((r) => r.submissionId === submissionId);
      checks = report?.evidenceChecks;
      if (checks !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(checks?.map((c) => [c.kind, c.status]).sort()).toEqual([
      ['mhtml', 'verified'],
      ['screenshot', 'verified'],
    ]);
    // The custody record names the officer and unit of the signed-in token.
    const stored = (await stack.store.listReports(referralId)).find((r) => r.submissionId === submissionId);
    expect(stored?.capture).toMatchObject({ officer: 'officer-e2e', unit: 'eu-iru' });
    expect(stored?.capture?.capturedAt).toMatch(/Z$/);
    await popup.close();
    await tab.close();
  });

  it('hashes a flagged image in the browser with the core PDQ, and the server finds the same hash in the uploaded bytes', async () => {
    const { tab, tabId, url } = await openTab('/poster');
    await tab.bringToFront();
    await clickFlagForReferral(browser, tabId, { pageUrl: url, srcUrl: `${pages.baseUrl}/images/horse/original.png`, mediaType: 'image' });
    const { page: popup } = await openPopup(browser, tabId);
    const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'propaganda', capture: true });
    expect(outcome, result).toBe('sent');
    const { referralId } = await stack.waitForSubmission(submissionId);
    const deadline = Date.now() + 15_000;
    let checks: Array<{ kind: string; status: string; pdq?: { hash: string }; declaredPdq?: string; pdqCheck?: string }> | undefined;
    while (Date.now() < deadline) {
      checks = (await stack.store.listReports(referralId)).find((r) => r.submissionId === submissionId)?.evidenceChecks;
      if (checks !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Meta's reference hash of the horse photo: the browser's decoding and the server's agree bit for bit.
    const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';
    expect(checks?.find((check) => check.kind === 'media')).toMatchObject({ status: 'verified', declaredPdq: horse, pdq: { hash: horse }, pdqCheck: 'same' });
    await popup.close();
    await tab.close();
  });

  it('shows hostile titles, selections and javascript: links as inert text', async () => {
    const { tab, tabId, url } = await openTab('/hostile');
    const dialogs: string[] = [];
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await tab.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('bait')!);
      window.getSelection()?.addRange(range);
    });
    await clickFlagForReferral(browser, tabId, { pageUrl: url, linkUrl: 'javascript:alert(2)', selectionText: hostile });
    const { page: popup } = await openPopup(browser, tabId);
    popup.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const popupErrors: string[] = [];
    popup.on('pageerror', (error) => popupErrors.push(error.message));

    expect(await popup.inputValue('#title')).toBe(hostile);
    expect(await popup.inputValue('#selected-text')).toBe(hostile);
    expect(await popup.inputValue('#link-url')).toBe('');
    // Nothing from the page became markup in the popup, and nothing ran.
    expect(await popup.locator('img').count()).toBe(0);
    expect(await popup.evaluate(() => document.body.innerHTML.includes('<img'))).toBe(false);

    const { outcome, submissionId, result } = await submitFromPopup(popup, { category: 'other', capture: false });
    expect(outcome, result).toBe('sent');
    const { referralId } = await stack.waitForSubmission(submissionId);
    const [report] = (await stack.store.listReports(referralId)).filter((r) => r.submissionId === submissionId);
    expect(report?.title).toBe(hostile);
    await popup.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(popupErrors).toEqual([]);
    await popup.close();
    await tab.close();
  });

  it('explains a missing category next to the field, files once, then shows the referral and clears the form', async () => {
    const { tab, tabId, url } = await openTab('/post/ar');
    await clickFlagForReferral(browser, tabId, { pageUrl: url, selectionText: 'انضموا إلى القافلة' });
    const { page: popup } = await openPopup(browser, tabId);
    // A browser action popup is at most 600 px high: the Submit button is in view without scrolling.
    await popup.setViewportSize({ width: 400, height: 600 });
    const submitBox = await popup.locator('#submit').boundingBox();
    expect(submitBox).not.toBeNull();
    expect(submitBox!.y + submitBox!.height).toBeLessThanOrEqual(600);

    // Right-to-left captured text is shown right to left.
    for (const field of ['#title', '#selected-text', '#handle', '#group', '#notes', '#sub-tags']) {
      expect(await popup.getAttribute(field, 'dir'), field).toBe('auto');
    }
    expect(await popup.$eval('#title', (node) => node.matches(':dir(rtl)'))).toBe(true);
    expect(await popup.$eval('#selected-text', (node) => node.matches(':dir(rtl)'))).toBe(true);

    const before = await stack.countReferrals();
    await popup.setChecked('#capture-screenshot', false);
    await popup.setChecked('#capture-mhtml', false);
    await popup.click('#submit');
    await popup.waitForSelector('#category-error:not([hidden])');
    expect(await popup.textContent('#category-error')).toBe('Choose a category.');
    expect(await popup.getAttribute('#category', 'aria-invalid')).toBe('true');
    expect(await popup.textContent('#result')).not.toContain('[{');
    expect(await popup.textContent('#result')).not.toContain('"code"');

    await popup.selectOption('#category', 'propaganda');
    await popup.fill('#notes', 'first filing');
    expect(await popup.isHidden('#category-error')).toBe(true);
    await popup.click('#submit');
    await popup.waitForSelector('body[data-outcome]', { timeout: 30_000 });
    expect(await popup.getAttribute('body', 'data-outcome'), (await popup.textContent('#result')) ?? '').toBe('sent');
    const { referralId } = await stack.waitForSubmission((await popup.getAttribute('body', 'data-submission-id')) ?? '');
    expect(await popup.textContent('#result')).toContain(`Referral ${referralId}`);
    await popup.waitForFunction(() => document.getElementById('lookup')?.textContent?.startsWith('Already referred: new'));
    expect(await popup.textContent('#result')).toContain('status new');
    await popup.waitForSelector('#report-again', { state: 'visible' });
    // The officer's own entries are cleared; a second filing must be asked for.
    expect(await popup.inputValue('#category')).toBe('');
    expect(await popup.inputValue('#notes')).toBe('');
    expect(await popup.isDisabled('#submit')).toBe(true);
    expect(await popup.isVisible('#report-again')).toBe(true);
    await popup.click('#submit', { force: true });
    await popup.waitForTimeout(500);
    expect(await stack.countReferrals()).toBe(before + 1);
    expect((await stack.store.listReports(referralId)).length).toBe(1);

    await popup.click('#report-again');
    expect(await popup.isDisabled('#submit')).toBe(false);
    expect(await popup.isHidden('#report-again')).toBe(true);
    await popup.close();
    await tab.close();
  });

  it('takes an indicator typed by hand, names a mistyped IBAN under the field, and files the corrected one as manual', async () => {
    const { tab, tabId, url } = await openTab('/donate');
    await clickFlagForReferral(browser, tabId, { pageUrl: url });
    const { page: popup } = await openPopup(browser, tabId);
    const before = await stack.countReferrals();
    await popup.fill('#manual-indicators', 'DE89 3704 0044 0532 0130 01');
    await popup.selectOption('#category', 'fundraising');
    await popup.setChecked('#capture-screenshot', false);
    await popup.setChecked('#capture-mhtml', false);
    await popup.click('#submit');
    await popup.waitForSelector('#manual-indicators-error');
    expect(await popup.textContent('#manual-indicators-error')).toContain('IBAN check digits (ISO 13616 mod 97) does not match');
    expect(await popup.getAttribute('#manual-indicators', 'aria-invalid')).toBe('true');
    expect(await stack.countReferrals()).toBe(before);

    // The SWIFT registry's German example IBAN, as read off a video.
    await popup.fill('#manual-indicators', 'DE89 3704 0044 0532 0130 00');
    expect(await popup.isHidden('#manual-indicators-error')).toBe(true);
    await popup.click('#submit');
    await popup.waitForSelector('body[data-outcome]', { timeout: 30_000 });
    expect(await popup.getAttribute('body', 'data-outcome'), (await popup.textContent('#result')) ?? '').toBe('sent');
    const { referralId } = await stack.waitForSubmission((await popup.getAttribute('body', 'data-submission-id')) ?? '');
    expect((await stack.getReferral(referralId))?.indicators).toEqual([expect.objectContaining({ type: 'iban', value: 'DE89370400440532013000', source: 'manual' })]);
    await popup.waitForSelector('#report-again', { state: 'visible' });
    expect(await popup.inputValue('#manual-indicators')).toBe('');
    await popup.close();
    await tab.close();
  });

  it('keeps reports through an API outage and a browser restart, then sends each exactly once', async () => {
    const before = await stack.countReferrals();
    // Earlier tests file several reports for one referral (a second capture of a post), so reports have their own baseline.
    const reportsBefore = (await stack.scanEntities('report')).length;
    await stack.api.stop();
    for (const n of [1, 2, 3]) {
      const { tab, tabId } = await openTab(`/offline/${n}`);
      const { page: popup } = await openPopup(browser, tabId);
      const { outcome, result } = await submitFromPopup(popup, { category: 'propaganda', capture: n === 1 });
      expect(outcome, result).toBe('queued');
      // The officer's sentence, not the browser's "Failed to fetch".
      expect(result).toBe('Saved in the outbox; it will be sent when the API answers (the API could not be reached).');
      await popup.close();
      await tab.close();
    }
    expect(await badgeText(browser)).toBe('3');

    await browser.close();
    browser = await launchExtensionBrowser(profileDir);
    await stack.api.start();

    // The restart drain finds the API down or up depending on timing; the alarm retries either way.
    const deadline = Date.now() + 90_000;
    while ((await stack.countReferrals()) < before + 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await stack.countReferrals()).toBe(before + 3);
    const outboxDeadline = Date.now() + 10_000;
    while ((await badgeText(browser)) !== '' && Date.now() < outboxDeadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await badgeText(browser)).toBe('');
    // Still three a moment later: retries reuse their submissionId, nothing is counted twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await stack.countReferrals()).toBe(before + 3);
    expect((await stack.scanEntities('report')).length).toBe(reportsBefore + 3);
  }, 180_000);
});
