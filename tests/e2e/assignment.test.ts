import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { configureExtension, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import type { LocalStackHandle } from '../helpers/local-stack';
import { shootThemes, useDashboardStack } from '../helpers/dashboard-stack';

/** One officer gives a referral to a colleague on the queue screen; the colleague finds it under "Mine". */
describe('assigning a referral to a colleague in the dashboard', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('assign', (started) => ({ stack, browser } = started));
  const referralIds: string[] = [];

  const openQueue = async (token: string): Promise<Page> => {
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    return page;
  };

  beforeAll(async () => {
    // Seeding only: the reports come in as a referrer's extension files them; the flow under test is on screen.
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-assign' });
    for (const url of ['https://t.me/s/assign_chan/1', 'https://t.me/s/assign_chan/2']) {
      const report = makeReport({ url, category: 'propaganda' });
      expect((await postJson(`${stack.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
      referralIds.push((await stack.waitForSubmission(report.submissionId)).referralId);
    }
  });

  it('assigns a referral by officer id and shows it under "Mine" for that colleague only', async () => {
    const [given = '', other = ''] = referralIds;
    const lena = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-lena', platforms: ['telegram'] });
    const omar = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-omar', platforms: ['telegram'] });

    const lenaPage = await openQueue(lena);
    const lenaQueue = new QueueScreenPage(lenaPage);
    // A mistyped id is refused on the page, next to the field, and nothing is sent.
    await lenaQueue.openAssignForm(given);
    await lenaQueue.row(given).locator('form.assign-form input[name="officerId"]').fill('omar <b>');
    await lenaQueue.row(given).locator('form.assign-form [data-action="assign"]').click();
    expect(await lenaQueue.row(given).locator('form.assign-form .field-error').textContent()).toContain('an officer id is letters');
    expect(await lenaQueue.row(given).locator('.assignee').count()).toBe(0);

    // Keyboard first: j to the row, a opens "Assign to…" with the cursor in the field, Enter assigns.
    await lenaQueue.assignByKeyboard(given, 'liaison-omar');
    expect(await lenaQueue.row(given).locator('.assignee').textContent()).toBe('assigned to liaison-omar');
    expect(await lenaQueue.row(other).locator('.assignee').count()).toBe(0);
    expect(await seriousViolations(lenaPage)).toEqual([]);
    // Lena has nothing of her own.
    await lenaQueue.showMine();
    expect(await lenaQueue.shownReferralIds()).toEqual([]);
    await lenaPage.close();

    const omarPage = await openQueue(omar);
    const omarQueue = new QueueScreenPage(omarPage);
    await omarQueue.showMine();
    expect(await omarQueue.shownReferralIds()).toEqual([given]);
    expect(await omarQueue.row(given).locator('.assignee').textContent()).toBe('assigned to you');
    await shootThemes(omarPage, 'dashboard-mine');
    // Omar hands the other one to Lena with the mouse; it is not his, so it stays out of his Mine.
    // While he types, a colleague elsewhere claims a referral of the page: the poll that sees it
    // leaves his half-typed id alone.
    await omarQueue.showMine(false);
    await omarQueue.openAssignForm(other);
    const field = omarQueue.row(other).locator('form.assign-form input[name="officerId"]');
    await field.fill('liaison-le');
    const colleague = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-ida', platforms: ['telegram'] });
    const version = (await stack.getReferral(given))?.version ?? 0;
    expect((await postJson(`${stack.apiUrl}/v1/referrals/${given}/claim`, colleague, { expectedVersion: version })).status).toBe(200);
    await omarQueue.nextPoll();
    await omarQueue.nextPoll();
    expect(await field.inputValue()).toBe('liaison-le');
    expect(await omarQueue.row(given).locator('[data-action="claim"]').count()).toBe(1);
    await omarQueue.assignTo(other, 'liaison-lena');
    // Drawn again after the assignment: the colleague's claim shows now.
    expect(await omarQueue.row(given).locator('.claimed').count()).toBe(1);
    expect(await omarQueue.row(other).locator('.assignee').textContent()).toBe('assigned to liaison-lena');
    await omarQueue.showMine();
    expect(await omarQueue.shownReferralIds()).toEqual([given]);
    // Off again, the whole queue is back.
    await omarQueue.showMine(false);
    expect((await omarQueue.shownReferralIds()).sort()).toEqual([...referralIds].sort());
    await omarPage.close();
  });

  it('assigns from the referral\'s detail with the same control and rules, and the detail shows the audit event', async () => {
    // Seeding: a third referral, filed as a referrer's extension files it.
    const referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-assign' });
    const report = makeReport({ url: 'https://t.me/s/assign_chan/3', category: 'propaganda' });
    expect((await postJson(`${stack.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await stack.waitForSubmission(report.submissionId);
    const ida = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-ida', platforms: ['telegram'] });
    const page = await openQueue(ida);
    const queue = new QueueScreenPage(page);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await queue.afterDetail(() => queue.row(referralId).locator('[data-action="details"]').click());
    expect(await queue.detail.locator('.assignee').count()).toBe(0);

    // The same check as on the row: a mistyped id is refused next to the field, nothing is sent.
    await queue.detail.locator('details.assign-to > summary').click();
    await queue.detail.locator('form.assign-form input[name="officerId"]').fill('omar <b>');
    await queue.detail.locator('form.assign-form [data-action="assign"]').click();
    expect(await queue.detail.locator('form.assign-form .field-error').textContent()).toContain('an officer id is letters');
    expect(await queue.detail.locator('form.assign-form input[name="officerId"]').getAttribute('aria-invalid')).toBe('true');
    expect((await stack.getReferral(referralId))?.assignee).toBeUndefined();
    await queue.detail.locator('details.assign-to > summary').click();

    // Keyboard only: Tab to "Assign to…", Enter, the colleague's id, Enter.
    await queue.assignFromDetailByKeyboard('liaison-omar');
    expect(await queue.detail.locator('.assignee').textContent()).toBe('assigned to liaison-omar');
    expect(await queue.row(referralId).locator('.assignee').textContent()).toBe('assigned to liaison-omar');
    const assigned = (await queue.auditTrail()).filter((event) => event.action === 'assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.text).toMatch(/ · assigned new → new by officer liaison-ida · to liaison-omar$/);
    await shootThemes(page, 'dashboard-detail-assign');

    // Taken back from the detail: the assignment goes, the audit trail keeps both events.
    await queue.afterDetail(() => queue.detail.locator('[data-action="unassign"]').click());
    expect(await queue.detail.locator('.assignee').count()).toBe(0);
    expect((await queue.auditTrail()).map((event) => event.action).filter((action) => action.endsWith('assigned'))).toEqual(['assigned', 'unassigned']);
    expect((await stack.getReferral(referralId))?.assignee).toBeUndefined();

    await page.close();
  });
});
