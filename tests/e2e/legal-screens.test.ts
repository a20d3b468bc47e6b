import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueueScreenPage } from '../helpers/dashboard-page';
import { configureExtension, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import { LegalScreenPage } from '../helpers/legal-screen-page';
import type { LocalStackHandle } from '../helpers/local-stack';
import { shootThemes, useDashboardStack } from '../helpers/dashboard-stack';

const heldUrl = 'https://t.me/s/legal_screens/11';
const removedUrl = 'https://t.me/s/legal_screens/12';

interface HoldAnswer {
  active: boolean;
  until?: string;
  statutoryUntil?: string;
  releasedAt?: string;
  history: { action: string; reason: string }[];
  version: number;
}
interface ComplaintAnswer {
  complaintId: string;
  platformComplaintId: string;
  status: string;
  decision?: string;
  reasoning?: string;
  reinstatedAt?: string;
  version: number;
}

/**
 * A referral's legal side on screen only: a liaison officer places and releases a legal hold
 * (Regulation (EU) 2021/784 Art. 6), is refused the release of the six months' preservation of
 * removed content, and records a complaint, its decision and the reinstatement (Art. 10), the
 * legal audit following each step. Seeding (reports, the platform's removal) goes through the API.
 */
describe('the legal screen in the dashboard', () => {
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('legal', (started) => ({ stack, browser } = started));
  let heldId = '';
  let removedId = '';
  const tokens: Record<string, string> = {};

  const api = async <T,>(path: string, token: string): Promise<T> => {
    const response = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const hold = (id: string) => api<HoldAnswer>(`/v1/referrals/${id}/hold`, tokens.liaison ?? '');
  const complaints = async (id: string) => (await api<{ complaints: ComplaintAnswer[] }>(`/v1/referrals/${id}/complaints`, tokens.liaison ?? '')).complaints;

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

  /** Tab from a field: the next stop is the form's button, and Enter presses it. */
  const submitByKeyboard = async (page: Page, fieldSelector: string, action: string) => {
    await page.focus(fieldSelector);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe(action);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    tokens.referrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-legal' });
    tokens.liaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison-legal', platforms: ['telegram'] });
    tokens.analyst = await stack.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst-legal' });
    for (const url of [heldUrl, removedUrl]) {
      const report = makeReport({ url, category: 'propaganda' });
      expect((await postJson(`${stack.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
      const { referralId } = await stack.waitForSubmission(report.submissionId);
      if (url === heldUrl) heldId = referralId;
      else removedId = referralId;
    }
    // Seeding only: Telegram is filed by hand; the officer records that it removed the second post.
    for (const [body, version] of [[{ to: 'sent' }, 0], [{ to: 'actioned', outcome: 'removed' }, 1]] as const) {
      const response = await postJson(`${stack.apiUrl}/v1/referrals/${removedId}/transitions`, tokens.liaison, { ...body, expectedVersion: version });
      expect(response.status, await response.clone().text()).toBe(200);
    }
    // The removal starts the six months' preservation (Art. 6(2)) as the lifecycle's follow-up.
    for (let tries = 0; !(await hold(removedId)).active; tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('places a hold from the referral detail, refuses an empty form, releases the hold by keyboard with a reason, and shows the referrer the hold only', async () => {
    const { page, errors } = await openDashboard(browser, tokens.liaison ?? '', '#/queue');
    await page.waitForSelector('body[data-queue-loaded]', { timeout: 20_000 });
    await new QueueScreenPage(page).openDetail(heldId);
    await page.click(`#detail-order [data-action="open-legal"][data-referral-id="${heldId}"]`);
    await page.waitForSelector('body[data-screen="legal"] #legal-view');
    const legal = new LegalScreenPage(page);
    await legal.loaded();
    expect(await legal.holdActive()).toBe('false');
    expect(await page.isVisible('#legal-release-hold')).toBe(false);

    // The API's own schema refuses an empty hold beside each field, and nothing is sent.
    await page.click('[data-action="legal-extend-hold"]');
    expect(await legal.fieldError('legal-extend-hold', 'until')).toBe('This field is required.');
    expect(await legal.fieldError('legal-extend-hold', 'reason')).toBe('This field is required.');
    await page.fill('#legal-extend-hold-until', '7 June');
    await page.click('[data-action="legal-extend-hold"]');
    expect(await legal.fieldError('legal-extend-hold', 'until')).toContain('UTC ISO 8601');
    expect((await hold(heldId)).version).toBe(0);

    const until = `${new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 19)}Z`;
    await page.fill('#legal-extend-hold-until', until);
    // An officer's reason that looks like markup stays text.
    await page.fill('#legal-extend-hold-reason', 'Proceedings EU-2026-31 <img src=x onerror="document.title=1">');
    await legal.afterChange(() => page.click('[data-action="legal-extend-hold"]'));
    expect(await hold(heldId)).toMatchObject({ active: true, until, version: 1, history: [{ action: 'extended', reason: 'Proceedings EU-2026-31 <img src=x onerror="document.title=1">' }] });
    expect(await legal.holdActive()).toBe('true');
    expect(await page.textContent('#legal-hold-history')).toContain('<img src=x onerror="document.title=1">');
    expect(await page.locator('#legal-view img').count()).toBe(0);
    expect(await legal.auditRows()).toContainEqual(['hold', 'extended']);
    await shootThemes(page, 'legal-hold');

    // Shortening is a release, with a reason: refused empty, then sent by keyboard alone.
    await page.click('[data-action="legal-release-hold"]');
    expect(await legal.fieldError('legal-release-hold', 'reason')).toBe('This field is required.');
    expect((await hold(heldId)).active).toBe(true);
    await page.fill('#legal-release-hold-reason', 'Proceedings EU-2026-31 closed without charges.');
    await legal.afterChange(() => submitByKeyboard(page, '#legal-release-hold-reason', 'legal-release-hold'));
    const released = await hold(heldId);
    expect(released).toMatchObject({ active: false, version: 2 });
    expect(released.releasedAt).toBeDefined();
    expect(await legal.holdActive()).toBe('false');
    expect(await page.textContent('#legal-status')).toBe('The hold is released.');
    expect(await legal.auditRows()).toEqual(expect.arrayContaining([['hold', 'extended'], ['hold', 'released']]));
    expect(errors).toEqual([]);
    await page.close();

    // The referrer who filed it reads the hold, with its reasons (their unit's), and nothing more.
    const referrer = await openDashboard(browser, tokens.referrer ?? '', `#/legal/${heldId}`);
    const read = new LegalScreenPage(referrer.page);
    await read.loaded();
    expect(await referrer.page.locator('#legal-hold-history tr').count()).toBe(2);
    expect(await referrer.page.locator('#legal-view section.legal-action').count()).toBe(0);
    expect(await referrer.page.isVisible('#legal-complaints')).toBe(false);
    expect(await referrer.page.isVisible('#legal-audit-rows')).toBe(false);
    expect(await referrer.page.getAttribute('#legal-status', 'role')).toBe('status');
    expect(referrer.errors).toEqual([]);
    await referrer.page.close();
  });

  it("keeps removed content's six months, and records a complaint, its decision and the reinstatement", async () => {
    const { page, errors } = await openDashboard(browser, tokens.liaison ?? '', '#/legal');
    // Opened by typing the id on the screen, as from a referral number on paper.
    await page.fill('#legal-referral-id', removedId);
    const legal = new LegalScreenPage(page);
    await legal.afterLoad(() => page.press('#legal-referral-id', 'Enter'));
    expect(await page.getAttribute('#legal-referral [data-referral-status]', 'data-referral-status')).toBe('actioned');
    expect(await legal.holdActive()).toBe('true');
    const statutoryUntil = (await hold(removedId)).statutoryUntil ?? '';
    expect(await page.textContent('#legal-hold [data-field="legalHoldStatutoryUntil"]')).toBe(statutoryUntil);

    // Art. 6(2): no release is offered before the six months end, and the screen says until when.
    expect(await page.isVisible('#legal-release-hold')).toBe(false);
    expect(await page.textContent('#legal-release-statutory')).toContain(statutoryUntil);
    // A hold only grows: an earlier end is the API's to refuse, and it says why; nothing changes.
    const earlier = `${new Date(Date.parse(statutoryUntil) - 86_400_000).toISOString().slice(0, 19)}Z`;
    await page.fill('#legal-extend-hold-until', earlier);
    await page.fill('#legal-extend-hold-reason', 'Proceedings EU-2026-40');
    await page.click('[data-action="legal-extend-hold"]');
    expect(await legal.refusal()).toContain('Art. 6(2)');
    expect(await page.getAttribute('#legal-status', 'role')).toBe('alert');
    expect(await hold(removedId)).toMatchObject({ active: true, until: statutoryUntil, version: 1 });

    // A complaint as the platform forwarded it; the content provider's words stay text.
    expect(await page.textContent('#legal-complaints')).toContain('No complaint recorded.');
    await page.fill('#legal-record-complaint-platformComplaintId', 'TG-APPEAL-5');
    await page.fill('#legal-record-complaint-summary', 'The post is <b>news reporting</b>, not propaganda.');
    await legal.afterChange(() => page.click('[data-action="legal-record-complaint"]'));
    const [recorded] = await complaints(removedId);
    expect(recorded).toMatchObject({ platformComplaintId: 'TG-APPEAL-5', status: 'open', version: 1 });
    const complaintId = recorded?.complaintId ?? '';
    expect(await legal.complaintRow(complaintId).getAttribute('data-complaint-status')).toBe('open');

    // The decision needs upheld or rejected and the reasons.
    const decide = legal.complaintForm(complaintId);
    await decide.locator('button[type="submit"]').click();
    expect(await decide.locator('fieldset .field-error').textContent()).toBe('Choose upheld or rejected.');
    expect((await complaints(removedId))[0]?.status).toBe('open');
    await decide.locator('input[name="decision"][value="upheld"]').check();
    await decide.locator('textarea[name="reasoning"]').fill('The post reports on the attack without glorifying it.');
    await legal.afterChange(() => decide.locator('button[type="submit"]').click());
    expect((await complaints(removedId))[0]).toMatchObject({ status: 'upheld', decision: 'upheld', reasoning: 'The post reports on the attack without glorifying it.', version: 2 });
    await shootThemes(page, 'legal-complaint-upheld');

    // Art. 10(2): upheld, so the content is reinstated; the reinstatement is recorded by keyboard.
    const reinstate = legal.complaintForm(complaintId);
    const reinstatedAt = await reinstate.locator('input[name="reinstatedAt"]').inputValue();
    const form = (await reinstate.getAttribute('id')) ?? '';
    await legal.afterChange(() => submitByKeyboard(page, `#${form}-reinstatedAt`, form));
    expect((await complaints(removedId))[0]).toMatchObject({ status: 'reinstated', reinstatedAt, version: 3 });
    expect(await legal.complaintRow(complaintId).getAttribute('data-complaint-status')).toBe('reinstated');
    expect(await legal.complaintForm(complaintId).count()).toBe(0);
    expect(await legal.auditRows()).toEqual(expect.arrayContaining([['hold', 'preserved'], ['complaint', 'received'], ['complaint', 'decided'], ['complaint', 'reinstated']]));
    // The lifecycle trail sits beside it, and both tables take the keyboard.
    expect(await page.textContent('#legal-lifecycle-rows')).toContain('actioned');
    await page.focus('#legal-audit [role="group"]');
    await page.keyboard.press('j');
    expect(await page.locator('#legal-audit-rows tr.active').count()).toBe(1);
    await shootThemes(page, 'legal-complaint-reinstated');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks French, and shows an analyst the hold, complaints and audit without any form', async () => {
    await withBrowserIn('fr', async (french) => {
      const liaison = await openDashboard(french, tokens.liaison ?? '', `#/legal/${heldId}`);
      await new LegalScreenPage(liaison.page).loaded();
      expect(await liaison.page.textContent('#legal-heading')).toBe('Conservation, réclamations et audit juridique');
      expect(await liaison.page.textContent('#legal-hold-section h3')).toBe('Conservation (art. 6)');
      await shootThemes(liaison.page, 'legal-hold-fr', { themes: ['light'] });
      await liaison.page.close();

      const analyst = await openDashboard(french, tokens.analyst ?? '', `#/legal/${removedId}`);
      const read = new LegalScreenPage(analyst.page);
      await read.loaded();
      await analyst.page.waitForSelector('#legal-audit-rows tr');
      expect(await analyst.page.locator('#legal-complaint-rows tr').count()).toBe(1);
      expect(await analyst.page.locator('#legal-view form.legal-action, #legal-view section.legal-action').count()).toBe(0);
      expect(await analyst.page.textContent('#legal-complaint-rows')).toContain('Rétabli');
      await shootThemes(analyst.page, 'legal-complaints-fr', { themes: ['light'] });
      expect([...liaison.errors, ...analyst.errors]).toEqual([]);
      await analyst.page.close();
    });
  });
});
