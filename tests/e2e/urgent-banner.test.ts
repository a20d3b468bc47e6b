import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EscalationEvent } from '../../functions/contract/escalation';
import { sandboxPagerSecretFor, type SandboxPager } from '../../infra/local/sandbox-pager';
import { seriousViolations } from '../helpers/axe';
import { configureExtension, type ExtensionBrowser } from '../helpers/extension-browser';
import type { LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';
import { useDashboardStack } from '../helpers/dashboard-stack';

/**
 * A threat to life cannot be missed on the dashboard: while a P1 of the officer's unit waits for
 * acknowledgement, every screen shows the banner with a running clock, and its button acknowledges.
 */
describe('dashboard: the urgent banner', () => {
  const unit = 'eu-iru';
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('urgent-banner', (started) => ({ stack, browser } = started));
  let pager: SandboxPager;
  let referralId = '';

  const openDashboard = async (token: string): Promise<Page> => {
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };

  beforeAll(async () => {
    // Nobody is re-paged while the test looks: the scheduler runs only when the test says.
    stack.stack.stopScheduler();
    pager = stack.stack.sandboxPager as SandboxPager;
    const contact = (routingKey: string) => ({ name: routingKey, channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(stack.stack.devAuthSecret, routingKey) } });
    const put = (path: string, token: string, body: unknown) =>
      fetch(`${stack.apiUrl}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const admin = await stack.tokenFor({ role: 'admin', unit });
    expect((await put(`/v1/units/${unit}/settings`, admin, { expectedVersion: 0, fourEyes: false, contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' }, displayName: 'EU IRU', onCall: { contacts: [contact('duty-1')], unitHead: contact('head'), ackMinutes: 10 } })).status).toBe(200);
    const platforms = await stack.tokenFor({ role: 'deployment-admin', unit, sub: 'platforms.pia' });
    expect((await put('/v1/platforms/x/emergency-contact', platforms, { name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100' })).status).toBe(200);

    const referrer = await stack.tokenFor({ role: 'referrer', unit, sub: 'officer-banner' });
    const submissionId = crypto.randomUUID();
    const filed = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${referrer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId, url: 'https://x.com/someone/status/1800000000000000977', category: 'attack_planning', urgent: true, title: '<img src=x onerror=alert(1)>' }),
    });
    expect(filed.status).toBe(202);
    referralId = (await stack.waitForSubmission(submissionId)).referralId;
    await waitFor('the first page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
  }, 180_000);

  it("shows a liaison officer's queue screen the banner too", async () => {
    const page = await openDashboard(await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-banner', platforms: ['x'] }));
    await page.waitForSelector('body[data-queue-loaded]');
    await page.waitForSelector(`#urgent-banner li[data-referral-id="${referralId}"]`, { timeout: 20_000 });
    expect(await page.isVisible('#queue-view')).toBe(true);
    await page.close();
  }, 60_000);

  it('shows the running clock and the emergency line, passes axe, and clears once acknowledged', async () => {
    const page = await openDashboard(await stack.tokenFor({ role: 'referrer', unit, sub: 'officer-banner' }));
    const item = page.locator(`#urgent-banner li[data-referral-id="${referralId}"]`);
    await item.waitFor({ timeout: 20_000 });
    expect(await item.locator('strong').textContent()).toBe(`P1 on x, referral ${referralId}`);
    expect(await item.locator('.emergency-line').textContent()).toBe("Platform's emergency line: Law Enforcement Emergency Requests · +1 650 555 0100");
    const first = (await item.locator('.clock').textContent()) ?? '';
    expect(first).toMatch(/^unacknowledged for \d+:\d\d$/);
    // The clock runs without a reload.
    await page.waitForFunction(([id, before]) => document.querySelector(`#urgent-banner li[data-referral-id="${id}"] .clock`)?.textContent !== before, [referralId, first] as const, { timeout: 5_000 });
    expect(await item.locator('.due').textContent()).toMatch(/^next contact paged in \d+:\d\d$/);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      expect(await seriousViolations(page)).toEqual([]);
    }

    await item.locator('[data-action="acknowledge-page"]').click();
    await page.waitForSelector('#urgent-banner', { state: 'detached', timeout: 10_000 });
    expect(await page.getAttribute('body', 'data-urgent-pages')).toBe('0');
    const liaison = await stack.tokenFor({ role: 'liaison', unit, platforms: ['x'] });
    const audit = (await (await fetch(`${stack.apiUrl}/v1/referrals/${referralId}/audit`, { headers: { authorization: `Bearer ${liaison}` } })).json()) as { escalation: EscalationEvent[] };
    expect(audit.escalation.map((e) => [e.kind, e.step, e.by])).toEqual([
      ['paged', 0, 'duty-1'],
      ['acknowledged', 0, 'officer-banner'],
    ]);
    // A reload shows no banner: the acknowledgement is the API's, not the page's.
    await page.reload();
    await page.waitForSelector('body[data-urgent-pages="0"]', { timeout: 20_000 });
    expect(await page.locator('#urgent-banner').count()).toBe(0);
    await page.close();
  }, 90_000);
});
