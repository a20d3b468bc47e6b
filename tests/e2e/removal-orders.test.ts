import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { OrderScreenPage, QueueScreenPage } from '../helpers/dashboard-page';
import { configureExtension, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import type { LocalStackHandle } from '../helpers/local-stack';
import { shootThemes, useDashboardStack } from '../helpers/dashboard-stack';

const contentUrl = 'https://t.me/s/order_screens/7';

/** Annex I as the officer types it (Sections A to G); the URL of Section B starts filled in from the referral. */
const annexI = {
  'issuingAuthority.name': 'Internet Referral Unit of the EU',
  'issuingAuthority.memberState': 'NL',
  'issuingAuthority.address': 'Eisenhowerlaan 73, 2517 KK The Hague',
  'issuingAuthority.reference': 'EU-IRU-2026-0107',
  'issuingAuthority.contactPoint.name': 'Removal orders desk',
  'issuingAuthority.contactPoint.email': 'tco-orders@iru.example',
  'addressee.name': 'Telegram Messenger Inc.',
  'addressee.contactPoint.name': 'Legal desk',
  'addressee.contactPoint.email': 'tco@telegram.example',
  // Officer-typed text that looks like markup: the preview must show it as text, never run it.
  'content.location': 'post 7 <img src=x onerror="document.title=1">',
  reasoning: 'The post glorifies a recent attack and calls on readers to join the group that claimed it.',
  'contentProvider.delayWeeks': '4',
  'crossBorder.hostMemberState': 'BE',
  'crossBorder.authorityName': 'Belgian competent authority',
  'crossBorder.authorityEmail': 'tco@authority.example',
  'followUpContact.name': 'Follow-up desk',
  'followUpContact.email': 'followup@iru.example',
  redress: 'This order may be challenged before the court of The Hague within two months of its receipt (Art. 9).',
};

/** An officer issues a removal order from a referral in the dashboard and records what follows, on screen only. */
describe('removal orders in the dashboard', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('orders', (started) => ({ stack, browser } = started));
  let referralId = '';
  let untouchedId = '';
  const tokens: Record<string, string> = {};

  const getOrder = async (id: string, token: string) => {
    const response = await fetch(`${stack.apiUrl}/v1/referrals/${id}/removal-order`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const openDashboard = async (on: ExtensionBrowser, token: string, hash: string): Promise<{ page: Page; errors: string[] }> => {
    await configureExtension(on, { apiUrl: stack.apiUrl, devToken: token });
    const page = await on.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`chrome-extension://${on.extensionId}/dashboard.html${hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, errors };
  };

  beforeAll(async () => {
    tokens.referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-orders' });
    tokens.liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-orders', platforms: ['telegram'] });
    tokens.analyst = await stack.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst-orders' });
    // Seeding only: a referrer's extension files the reports on the removal-order route.
    for (const url of [contentUrl, 'https://t.me/s/order_screens/8']) {
      const report = makeReport({ url, legalRoute: 'removal_order', category: 'propaganda' });
      expect((await postJson(`${stack.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
      const { referralId: id } = await stack.waitForSubmission(report.submissionId);
      if (url === contentUrl) referralId = id;
      else untouchedId = id;
    }
  });

  it('issues the order from the referral, previews it, saves its PDF, and records receipt, copy, answers, restart and extension with the clocks moving', async () => {
    const { page, errors } = await openDashboard(browser, tokens.liaison ?? '', '#/queue');
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    const queue = new QueueScreenPage(page);
    await queue.openDetail(referralId);
    await page.click(`#detail-order [data-action="open-order"][data-referral-id="${referralId}"]`);
    await page.waitForSelector('body[data-screen="orders"] #order-view');
    const orders = new OrderScreenPage(page);
    await orders.loaded();
    expect(await page.inputValue('#order-issue [name="content.url"]')).toBe(contentUrl);

    // The schema the API applies refuses an empty form beside each field, and nothing is sent.
    await page.fill('#order-issue-reasoning', 'too short');
    await page.fill('#order-issue-issuingAuthority-contactPoint-email', 'orders desk');
    await page.click('#order-issue [data-action="issue-order"]');
    expect(await orders.fieldError('order-issue', 'issuingAuthority.contactPoint.email')).toMatch(/email/i);
    expect(await orders.fieldError('order-issue', 'issuingAuthority.name')).toBe('This field is required.');
    expect(await orders.fieldError('order-issue', 'grounds')).toContain('Art. 2(7)');
    expect(await orders.fieldError('order-issue', 'reasoning')).toContain('Art. 3(4)(d)');
    expect(await orders.fieldError('order-issue', 'redress')).toBe('This field is required.');
    expect(await page.getAttribute('#order-issue-redress', 'aria-invalid')).toBe('true');
    expect((await getOrder(referralId, tokens.liaison ?? '')).status).toBe(404);

    await orders.fillIssueForm(annexI);
    await page.check('#order-issue input[name="grounds"][value="a"]');
    await page.check('#order-issue input[name="grounds"][value="c"]');
    await page.check('#order-issue input[name="contentProvider.doNotDisclose"]');
    await page.selectOption('#order-issue-language', 'fr');
    await shootThemes(page, 'orders-issue-form');
    // Art. 3(2): the unit never sent Telegram its procedures, so the API refuses and says why.
    await page.click('#order-issue [data-action="issue-order"]');
    expect(await orders.refusal()).toContain('Art. 3(2)');
    expect((await getOrder(referralId, tokens.liaison ?? '')).status).toBe(404);
    // Stated as an emergency, then sent by keyboard alone: Tab from the last field reaches the button.
    await page.fill('#order-issue-emergency-reason', 'An attack is announced for tonight and the post recruits for it.');
    await page.focus('#order-issue-emergency-reason');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe('issue-order');
    await orders.afterSave(() => page.keyboard.press('Enter'));
    expect(await orders.status()).toBe('issued');
    expect(await page.isVisible('#order-clock-waits')).toBe(true);
    expect(await orders.clock('disclosure-delay').getAttribute('data-clock-state')).toBe('ends');

    // The preview: a sandboxed frame without scripts, the officer's markup-like text shown as text.
    await page.selectOption('#order-document-language', 'fr');
    await page.click('[data-action="order-preview"]');
    await page.waitForSelector('#order-preview');
    expect(await page.getAttribute('#order-preview', 'sandbox')).toBe('');
    const preview = page.frameLocator('#order-preview');
    await preview.locator('body').waitFor();
    expect(await preview.locator('body').textContent()).toContain('<img src=x onerror="document.title=1">');
    expect(await preview.locator('body').textContent()).toContain('EU-IRU-2026-0107');
    expect(await preview.locator('img').count()).toBe(0);
    await page.selectOption('#order-document-language', 'de');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="order-pdf"]')]);
    expect(pdf.suggestedFilename()).toMatch(/-de\.pdf$/);
    expect((await readFile((await pdf.path()) ?? '')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await shootThemes(page, 'orders-issued');

    // Receipt starts the hour (Art. 3(3)); the countdown moves on screen. A time is required.
    const receivedAt = await page.inputValue('#order-receipt-receivedAt');
    await page.fill('#order-receipt-receivedAt', '');
    await page.focus('#order-receipt-receivedAt');
    await page.keyboard.press('Enter');
    expect(await orders.fieldError('order-receipt', 'receivedAt')).toBe('This field is required.');
    await page.keyboard.type(receivedAt);
    await orders.afterSave(() => page.keyboard.press('Enter'));
    expect(await orders.status()).toBe('received');
    expect(await orders.clock('tco-removal').getAttribute('data-clock-state')).toBe('running');
    const remaining = orders.clock('tco-removal').locator('.clock-remaining');
    const first = (await remaining.textContent()) ?? '';
    expect(first).toMatch(/^0:[0-5]\d:[0-5]\d$/);
    await page.waitForFunction((before) => document.querySelector('#order-clocks li[data-clock-kind="tco-removal"] .clock-remaining')?.textContent !== before, first);

    // Art. 4(1): the copy reached the host Member State's authority; its 72 hours run.
    await orders.afterSave(() => page.click('[data-action="order-scrutiny"]'));
    expect(await orders.clock('tco-scrutiny-copy').getAttribute('data-clock-state')).toBe('running');

    // Annex III: cannot comply for manifest errors, then Art. 3(8): the clarification restarts the hour.
    await page.check('#order-answer input[name="outcome"][value="cannot_comply"]');
    await page.selectOption('#order-answer-reason', 'manifest_errors');
    await page.fill('#order-answer-explanation', 'The order names post 7 but the channel numbers posts from 100.');
    await orders.afterSave(() => page.click('[data-action="order-answer"]'));
    expect(await orders.status()).toBe('cannot_comply');
    await page.check('#order-restart input[name="cause"][value="clarification_received"]');
    await page.click('[data-action="order-restart"]');
    expect(await orders.fieldError('order-restart', 'clarification')).not.toBe('');
    await page.fill('#order-restart-clarification', 'Post 7 is the seventh post of the public channel as shown on the web preview.');
    await orders.afterSave(() => page.click('[data-action="order-restart"]'));
    expect(await orders.status()).toBe('received');
    expect(await page.locator('#order-clocks li[data-clock-kind="tco-removal"]').count()).toBe(2);

    // Art. 11(3): a decision in the future passes the schema but the API refuses it, and says why.
    await page.fill('#order-disclosure-delay-extendByWeeks', '2');
    await page.fill('#order-disclosure-delay-decidedAt', '2099-01-01T00:00:00Z');
    await page.fill('#order-disclosure-delay-reason', 'The investigation into the channel administrators is still covert.');
    await page.click('[data-action="order-disclosure-delay"]');
    expect(await orders.refusal()).toContain('cannot be in the future');
    await page.fill('#order-disclosure-delay-decidedAt', new Date().toISOString().slice(0, 19) + 'Z');
    await orders.afterSave(() => page.click('[data-action="order-disclosure-delay"]'));

    // Annex II: removed; the hour is met.
    await page.check('#order-answer input[name="outcome"][value="removed"]');
    await orders.afterSave(() => page.click('[data-action="order-answer"]'));
    expect(await orders.status()).toBe('completed');
    expect(await page.$$eval('#order-clocks li[data-clock-kind="tco-removal"]', (clocks) => clocks.map((c) => (c as HTMLElement).dataset.clockState))).toEqual(['met', 'met']);
    await shootThemes(page, 'orders-completed');
    expect(errors).toEqual([]);
    await page.close();

    // What the API holds now is what the screens recorded.
    const { status, body } = await getOrder(referralId, tokens.analyst ?? '');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'completed',
      language: 'fr',
      grounds: ['a', 'c'],
      issuingAuthority: { reference: 'EU-IRU-2026-0107' },
      contentProvider: { doNotDisclose: true, delayWeeks: 4 },
      emergency: { reason: expect.stringContaining('attack is announced') },
      answer: { outcome: 'removed' },
      restarts: [{ cause: 'clarification_received', after: { reason: 'manifest_errors' } }],
      disclosureExtension: { weeks: 2 },
      scrutiny: { copyTransmittedAt: expect.any(String) },
    });
    expect(typeof body.receivedAt).toBe('string');
  }, 180_000);

  it('shows the screens in French, and no action to an analyst, who only reads the order', async () => {
    await withBrowserIn('fr', async (french) => {
      const liaison = await openDashboard(french, tokens.liaison ?? '', `#/orders/${untouchedId}`);
      const issue = new OrderScreenPage(liaison.page);
      await issue.loaded();
      expect(await liaison.page.textContent('#order-view h2')).toBe('Injonctions de retrait (règlement (UE) 2021/784)');
      expect(await liaison.page.textContent('#order-issue [data-action="issue-order"]')).toBe("Émettre l'injonction");
      await shootThemes(liaison.page, 'orders-issue-form-fr');
      await issue.afterLoad(() => liaison.page.goto(`chrome-extension://${french.extensionId}/dashboard.html#/orders/${referralId}`));
      await liaison.page.waitForSelector('#order-summary');
      expect(await liaison.page.textContent('#order-clocks-heading')).toBe('Délais légaux');
      await shootThemes(liaison.page, 'orders-completed-fr');
      expect(liaison.errors).toEqual([]);
      await liaison.page.close();

      const analyst = await openDashboard(french, tokens.analyst ?? '', `#/orders/${untouchedId}`);
      const read = new OrderScreenPage(analyst.page);
      await read.loaded();
      // An analyst may read orders but not issue one: no Annex I form, and the page says so.
      expect(await analyst.page.locator('#order-issue').count()).toBe(0);
      expect(await analyst.page.isVisible('#order-none')).toBe(true);
      await read.afterLoad(() => analyst.page.goto(`chrome-extension://${french.extensionId}/dashboard.html#/orders/${referralId}`));
      await analyst.page.waitForSelector('#order-summary');
      expect(await analyst.page.locator('#order-actions form').count()).toBe(0);
      expect(await analyst.page.locator('[data-action="order-preview"]').count()).toBe(1);
      expect(await seriousViolations(analyst.page)).toEqual([]);
      await analyst.page.close();
    });
  }, 120_000);
});
