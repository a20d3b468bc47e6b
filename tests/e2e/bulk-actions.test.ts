import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { BulkQueuePage } from '../helpers/bulk-queue-page';
import { configureExtension, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import type { LocalStackHandle } from '../helpers/local-stack';
import { artifactsDir, shootThemes, useDashboardStack } from '../helpers/dashboard-stack';


/**
 * Bulk actions on the liaison queue: an officer ticks referrals by keyboard (x) and by click,
 * claims and sends them all at once, and reads per referral what the API did or refused and why
 * (a colleague's live claim, a version changed since the page read it); the API holds exactly that
 * afterwards. The ticked rows export as CSV.
 */
describe('dashboard: bulk actions on the queue', () => {
  const unit = 'eu-iru';
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('bulk', (started) => ({ stack, browser } = started));
  const ids: string[] = [];
  const pageErrors: string[] = [];

  const openQueue = async (target: ExtensionBrowser, token: string): Promise<Page> => {
    await configureExtension(target, { apiUrl: stack.apiUrl, devToken: token });
    const page = await target.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`chrome-extension://${target.extensionId}/dashboard.html#/queue`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    return page;
  };

  beforeAll(async () => {
    // Seeding only: reports come in as a referrer's extension files them; the flow under test is on screen.
    const referrer = await stack.tokenFor({ role: 'referrer', unit, sub: 'officer-bulk' });
    for (const [n, title] of [
      [1, 'Recruitment channel'],
      [2, '=HYPERLINK("https://evil.example")'],
      [3, 'Claimed by a colleague'],
    ] as const) {
      const report = makeReport({ url: `https://t.me/s/bulk_chan/${n}`, category: 'propaganda', title });
      expect((await postJson(`${stack.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
      ids.push((await stack.waitForSubmission(report.submissionId)).referralId);
    }
    // A colleague holds the third one before the officer opens the queue.
    const ida = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-ida', platforms: ['telegram'] });
    const version = (await stack.getReferral(ids[2] ?? ''))?.version ?? -1;
    expect((await postJson(`${stack.apiUrl}/v1/referrals/${ids[2]}/claim`, ida, { expectedVersion: version })).status).toBe(200);
  }, 180_000);

  it('claims and sends the ticked referrals, reporting each refusal with its reason, and exports what stays ticked', async () => {
    const [first = '', second = '', held = ''] = ids;
    const page = await openQueue(browser, await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-lena', platforms: ['telegram'] }));
    const queue = new BulkQueuePage(page);
    expect((await queue.shownReferralIds()).sort()).toEqual([...ids].sort());
    expect(await page.isDisabled('#bulk-claim')).toBe(true);

    // x ticks the active row; x again unticks it; a click ticks another.
    await queue.toggleByKeyboard(first);
    await queue.toggleByKeyboard(second);
    await queue.toggleByKeyboard(second);
    expect(await queue.isTicked(second)).toBe(false);
    await queue.toggleByKeyboard(second);
    await queue.row(held).locator('input[data-action="select"]').check();
    expect(await queue.selectedCount()).toBe('3 selected');
    // Telegram takes referrals by hand: sending marks each as filed, and the bar says so before.
    expect(await page.textContent('#bulk-send-by-hand')).toBe("Some selected referrals are on platforms filed by hand: Send selected records each as filed, so file them through the platform's form first.");

    // Right after a poll (the next is seconds away), a colleague gives the second one to herself:
    // the page still holds the version it saw, and the API refuses that one alone.
    await queue.nextPoll();
    const ida = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-ida', platforms: ['telegram'] });
    const seen = (await stack.getReferral(second))?.version ?? -1;
    const given = await fetch(`${stack.apiUrl}/v1/referrals/${second}/assignee`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ida}`, 'content-type': 'application/json' },
      body: JSON.stringify({ officerId: 'liaison-ida', expectedVersion: seen }),
    });
    expect(given.status).toBe(200);
    await queue.run('claim');
    const claimed = await queue.outcomes();
    expect(claimed[first]).toBe('Claimed');
    // The API's reason (version_conflict, claimed_by_other) picks the officer's sentence; the English message is not shown.
    expect(claimed[second]).toBe('Refused: the referral changed while you acted (another officer, the platform or the delivery stage); reload and retry (HTTP 409 conflict)');
    expect(claimed[held]).toMatch(/^Refused: another officer has claimed this referral until .* \(HTTP 409 conflict\)$/);
    expect(await page.textContent('#bulk-status')).toBe('1 done, 2 refused: see each row below.');
    expect((await stack.getReferral(first))?.claimedBy).toBe('liaison-lena');
    expect((await stack.getReferral(second))?.claimedBy).toBeUndefined();
    expect((await stack.getReferral(held))?.claimedBy).toBe('liaison-ida');
    // The queue was drawn again with the new versions; the ticks stayed.
    expect(await queue.selectedCount()).toBe('3 selected');
    await shootThemes(page, 'dashboard-bulk-actions');

    await queue.run('send');
    const sent = await queue.outcomes();
    expect([sent[first], sent[second]]).toEqual(['Sent', 'Sent']);
    expect(sent[held]).toMatch(/^Refused: .*\(HTTP 409 conflict\)$/);
    expect((await stack.getReferral(first))?.status).toBe('sent');
    expect((await stack.getReferral(second))?.status).toBe('sent');
    expect((await stack.getReferral(held))?.status).toBe('new');
    // The sent ones left the queue of new referrals, and the selection with them.
    expect(await queue.shownReferralIds()).toEqual([held]);
    expect(await queue.selectedCount()).toBe('1 selected');

    const download = await queue.exportSelected();
    const [header, row, rest] = (await readFile((await download.path()) ?? '', 'utf8')).split('\r\n');
    expect(header).toBe('referralId,platform,status,priority,category,legalRoute,url,title,reportCount,unitCount,firstReportedAt,deadlineAt,version');
    expect(row?.startsWith(`${held},telegram,new,`)).toBe(true);
    expect(rest).toBe('');

    await page.focus('#bulk-clear');
    await page.keyboard.press('Enter');
    expect(await queue.selectedCount()).toBe('0 selected');
    await page.focus('#bulk-select-all');
    await page.keyboard.press('Space');
    expect(await queue.isTicked(held)).toBe(true);
    expect(await queue.selectedCount()).toBe('1 selected');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('speaks German on the bulk bar, with no serious accessibility violation', async () => {
    await withBrowserIn('de', async (localized) => {
      const page = await openQueue(localized, await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison-lena', platforms: ['telegram'] }));
      await page.locator('#bulk-select-all').check();
      expect(await page.textContent('#bulk-count')).toBe(`${(await new BulkQueuePage(page).shownReferralIds()).length} ausgewählt`);
      expect(await page.textContent('#bulk-claim')).toBe('Auswahl übernehmen');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(artifactsDir, 'dashboard-bulk-actions-light-de.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }, 120_000);
});
