import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminScreenPage } from '../helpers/admin-screen-page';
import { seriousViolations } from '../helpers/axe';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { buildExtension, configureExtension, launchExtensionBrowser, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

const artifactsDir = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

/**
 * The assignment and the four-eyes review as a French officer lives them: every word on screen
 * in French, statuses and audit events included, and a form's errors too, whether zod wrote them
 * ("adresse e-mail invalide") or the contract did (a refusal needs a reason).
 */
describe('dashboard workflows in a French browser', () => {
  const unit = 'eu-iru';
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  let profileDir: string;
  const referralIds: string[] = [];
  const pageErrors: string[] = [];

  const openDashboard = async (token: string, hash = '#/queue'): Promise<Page> => {
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html${hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };
  const openQueue = async (token: string): Promise<{ page: Page; queue: QueueScreenPage }> => {
    const page = await openDashboard(token);
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    return { page, queue: new QueueScreenPage(page) };
  };
  const screenshot = async (page: Page, name: string) => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifactsDir, `${name}-fr.png`), fullPage: true });
  };

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1' });
    stack = await startLocalStack();
    // Seeding only: the reports come in as a referrer's extension files them; the flows under test are on screen.
    const referrer = await stack.tokenFor({ role: 'referrer', unit, sub: 'agent-signalement' });
    for (const url of ['https://t.me/s/canal_fr/1', 'https://t.me/s/canal_fr/2']) {
      const report = makeReport({ url, category: 'propaganda' });
      expect((await postJson(`${stack.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
      referralIds.push((await stack.waitForSubmission(report.submissionId)).referralId);
    }
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-workflows-fr-'));
    await mkdir(artifactsDir, { recursive: true });
    browser = await launchExtensionBrowser(profileDir, { language: 'fr' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it("assigns a referral in French: the contract's rule for an officer id, the assignee and the audit event read in French", async () => {
    const [given = ''] = referralIds;
    const lena = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-lena', platforms: ['telegram'] });
    const { page, queue } = await openQueue(lena);
    expect(await page.getAttribute('html', 'lang')).toMatch(/^fr/);
    expect(await queue.row(given).getAttribute('data-status')).toBe('new');

    await queue.openAssignForm(given);
    await queue.row(given).locator('form.assign-form input[name="officerId"]').fill('omar <b>');
    await queue.row(given).locator('form.assign-form [data-action="assign"]').click();
    expect(await queue.row(given).locator('form.assign-form .field-error').textContent()).toBe("un identifiant d'agent se compose de lettres, de chiffres et de . _ @ + : -");
    await screenshot(page, 'dashboard-assignment-error');

    await queue.assignByKeyboard(given, 'liaison-omar');
    expect(await queue.row(given).locator('.assignee').textContent()).toBe('attribué à liaison-omar');
    await queue.afterDetail(() => queue.row(given).locator('[data-action="details"]').click());
    expect(await queue.detail.locator('.assignee').textContent()).toBe('attribué à liaison-omar');
    const assigned = (await queue.auditTrail()).find((event) => event.action === 'assigned');
    expect(assigned?.text).toMatch(/ · attribué nouveau → nouveau par agent liaison-lena · à liaison-omar$/);
    await screenshot(page, 'dashboard-assignment');
    await page.close();

    // Omar's "mine" filter shows him what was given to him.
    const omar = await openQueue(await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-omar', platforms: ['telegram'] }));
    await omar.queue.showMine();
    expect(await omar.queue.shownReferralIds()).toEqual([given]);
    expect(await omar.queue.row(given).locator('.assignee').textContent()).toBe('attribué à vous');
    await screenshot(omar.page, 'dashboard-mine');
    await omar.page.close();
  }, 120_000);

  it('runs the four-eyes review in French: zod\'s own email message beside the settings field, the refusal\'s missing reason beside the reason', async () => {
    const [, referralId = ''] = referralIds;
    // The admin turns four eyes on from the administration screen; a mistyped address is refused in French first.
    const admin = await stack.tokenFor({ role: 'admin', unit, sub: 'admin-kai' });
    const adminPage = await openDashboard(admin);
    const settings = new AdminScreenPage(adminPage);
    await settings.open();
    await settings.settingsLoaded();
    await settings.fillIdentity({ displayName: 'Unité de signalement de l’UE', contactName: 'Permanence IRU', contactEmail: 'pas une adresse' });
    await settings.press('#admin-fourEyes', 'Space');
    await settings.press('#admin-displayName', 'Enter');
    await adminPage.waitForSelector('#admin-contact-email-error');
    expect(await adminPage.textContent('#admin-contact-email-error')).toBe('adresse e-mail invalide');
    expect(await adminPage.getAttribute('#admin-contact-email', 'aria-invalid')).toBe('true');
    await screenshot(adminPage, 'dashboard-admin-settings-errors');
    await adminPage.fill('#admin-contact-email', 'iru-desk@example.eu');
    await settings.saveExpecting(1);
    await adminPage.close();

    // The requester's "mark as filed" is held for a second officer; the review is asked for from the refusal.
    const requester = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-demandeur', platforms: ['telegram'] });
    const first = await openQueue(requester);
    await first.queue.afterReload(() => first.queue.row(referralId).locator('[data-action="claim"]').click());
    await first.queue.afterReload(() => first.queue.row(referralId).locator('[data-action="mark-filed"]').click());
    await first.page.waitForSelector(`#send-blocked[data-referral-id="${referralId}"]`);
    // The API's four-eyes reason, worded in French around the unit it names: none of the API's English on screen.
    expect(await first.page.textContent('#send-blocked')).toMatch(
      /^Non transmis : un second agent de l'unité eu-iru doit approuver ce signalement avant sa transmission \(contrôle à quatre yeux\) \(HTTP 409 conflict\)/,
    );
    expect(await first.page.textContent('#send-blocked')).not.toMatch(/second officer|four-eyes review|approve this referral/);
    await screenshot(first.page, 'dashboard-send-blocked');
    await first.page.click('#send-blocked [data-action="open-review"]');
    await first.page.waitForSelector(`#review-panel[data-referral-id="${referralId}"]`);
    await first.queue.reviewLoaded();
    await first.queue.requestReview();
    expect(await first.queue.reviewStatus()).toBe('pending');
    expect(await first.page.textContent('#review-panel li')).toContain('en attente');
    await screenshot(first.page, 'dashboard-review-requested');
    await first.page.close();

    // The reviewer refuses without a reason: the contract's rule, in French, beside the reason field.
    const reviewer = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-relecteur', platforms: ['telegram'] });
    const second = await openQueue(reviewer);
    await second.queue.openDetail(referralId);
    await second.queue.decide('refused');
    await second.page.waitForSelector('#review-reason-error');
    expect(await second.page.textContent('#review-reason-error')).toBe('refuser un signalement demande un motif');
    expect(await second.page.getAttribute('#review-reason', 'aria-describedby')).toBe('review-reason-error');
    await screenshot(second.page, 'dashboard-review-decision');
    await second.queue.afterReview(() => second.queue.decide('approved'));
    expect(await second.queue.reviewStatus()).toBe('approved');
    await second.page.close();

    // Approved: the requester files it, and the detail's audit trail says so in French.
    const again = await openQueue(requester);
    await again.queue.afterReload(() => again.queue.row(referralId).locator('[data-action="mark-filed"]').click());
    await again.page.waitForFunction(() => document.getElementById('queue-status')?.textContent?.startsWith('Déposé à la main'));
    expect(await again.queue.row(referralId).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await again.page.close();
  }, 180_000);

  it('shows and saves the Art. 16 notice of a platform filed by hand, in French', async () => {
    // The notice names the unit as its settings (saved in the four-eyes flow above) describe it.
    const [referralId = ''] = referralIds;
    const lena = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-lena', platforms: ['telegram'] });
    const { page, queue } = await openQueue(lena);
    await queue.afterReload(() => queue.row(referralId).locator('[data-action="claim"]').click());
    await queue.row(referralId).locator('[data-action="notice"]').click();
    await page.waitForSelector('#notice-text');
    expect(await page.inputValue('#notice-text')).toContain('https://t.me/s/canal_fr/1');
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#detail [data-action="download-notice"]')]);
    expect(saved.suggestedFilename()).toBe(`art16-notice-${referralId}.txt`);
    expect(await page.textContent('#queue-status')).toBe(`Notification enregistrée sous art16-notice-${referralId}.txt.`);
    await screenshot(page, 'dashboard-art16-notice');
    await page.close();
  }, 120_000);
});
