import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { configureExtension, withBrowserIn, type ExtensionBrowser } from '../helpers/extension-browser';
import { IncidentScreenPage } from '../helpers/incident-screen-page';
import type { LocalStackHandle } from '../helpers/local-stack';
import { artifactsDir, shootThemes, useDashboardStack } from '../helpers/dashboard-stack';


/**
 * A crisis run from one screen: an admin declares the incident on the dashboard (the form shows
 * each zod error beside its field), reports come in (seeded through the API, as officers' would),
 * the view counts them per platform and per hour with what is still online, an officer adds a
 * missed referral by keyboard, the admin closes it, and the debrief is saved as Markdown and PDF.
 */
describe('dashboard: the incidents screen', () => {
  const unit = 'eu-iru';
  let stack: LocalStackHandle;
  let browser: ExtensionBrowser;
  useDashboardStack('incidents', (started) => ({ stack, browser } = started));
  let incidentId = '';
  const ids = { removed: '', waiting: '', missed: '' };
  const pageErrors: string[] = [];

  const api = async (token: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return response;
  };
  const file = async (token: string, report: Record<string, unknown>): Promise<string> => {
    const submissionId = randomUUID();
    await api(token, '/v1/reports', { submissionId, category: 'propaganda', ...report });
    return (await stack.waitForSubmission(submissionId)).referralId;
  };
  /** A liaison officer works a referral at its platform, one version at a time. */
  const work = async (token: string, referralId: string, steps: { path: string; body?: Record<string, unknown> }[]) => {
    for (const step of steps) {
      const version = (await stack.getReferral(referralId))?.version ?? -1;
      await api(token, `/v1/referrals/${referralId}/${step.path}`, { ...step.body, expectedVersion: version });
    }
  };

  const openDashboard = async (target: ExtensionBrowser, token: string, hash: string): Promise<Page> => {
    await configureExtension(target, { apiUrl: stack.apiUrl, devToken: token });
    const page = await target.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      pageErrors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`chrome-extension://${target.extensionId}/dashboard.html${hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };

  it('declares an incident from the form, showing each zod error beside its field first', async () => {
    const page = await openDashboard(browser, await stack.tokenFor({ role: 'admin', unit, sub: 'admin.kai' }), '#/queue');
    const screen = new IncidentScreenPage(page);
    await screen.openList();
    expect(await page.textContent('#incidents-status')).toBe('No incident is open.');

    // Nothing given: the name, the start and the seeds are each refused where they are typed.
    await page.click('[data-action="declare-incident"]');
    await page.waitForSelector('#incident-name-error');
    expect(await page.getAttribute('#incident-name', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#incident-started-error')).toBe(true);
    expect(await page.textContent('#incident-seeds-error')).toBe('Give at least one seed.');
    // A bad seed is named by its line.
    await screen.fillDeclaration({ name: 'Attack at the fair', startedAt: new Date(Date.now() - 30 * 60_000), seeds: { handles: ['@fair_attack_live'], pdqHashes: ['f'.repeat(64), 'not a hash'] } });
    await page.click('[data-action="declare-incident"]');
    await page.waitForSelector('#incident-seed-pdqHashes-error');
    expect(await page.textContent('#incident-seed-pdqHashes-error')).toBe('line 2: a PDQ hash: 64 hex digits');
    expect(await page.locator('#incident-name-error').count()).toBe(0);
    await shootThemes(page, 'dashboard-incidents-declare');
    expect((await (await api(await stack.tokenFor({ role: 'admin', unit }), '/v1/incidents')).json()) as unknown).toEqual({ incidents: [] });

    await screen.fillDeclaration({ name: 'Attack at the fair', seeds: { handles: ['@fair_attack_live'], terms: ['fair convoy'], pdqHashes: ['f'.repeat(64)] } });
    incidentId = await screen.declare();
    expect(page.url()).toMatch(new RegExp(`#/incidents/${incidentId}$`));
    expect(await page.textContent('#incident-heading')).toBe('Attack at the fair');
    expect(await screen.totals()).toMatchObject({ referrals: '0', reports: '0', 'still-online': '0' });
    const listed = (await (await api(await stack.tokenFor({ role: 'referrer', unit }), '/v1/incidents')).json()) as { incidents: { incidentId: string; seeds: { pdqHashes: string[] } }[] };
    expect(listed.incidents.map((incident) => [incident.incidentId, incident.seeds.pdqHashes])).toEqual([[incidentId, ['f'.repeat(64)]]]);
    await page.close();
  }, 120_000);

  it('counts the reports that matched per platform and per hour, lists what is still online, and takes a missed referral by keyboard', async () => {
    const referrer = await stack.tokenFor({ role: 'referrer', unit, sub: 'officer.ana' });
    ids.removed = await file(referrer, { url: 'https://t.me/s/fair_attack_live/1' });
    ids.waiting = await file(referrer, { url: 'https://t.me/s/fair_attack_live/2' });
    expect(await file(referrer, { url: 'https://t.me/s/fair_attack_live/2' })).toBe(ids.waiting);
    // Captured content is hostile: its URL is shown as text.
    const hostile = await file(referrer, { url: 'https://www.youtube.com/watch?v=FAIR0000001&x=<img src=x onerror=alert(1)>', title: 'the fair convoy, filmed' });
    ids.missed = await file(referrer, { url: 'https://www.youtube.com/watch?v=FAIR0000002', title: 'Reworded footage' });
    const liaison = await stack.tokenFor({ role: 'liaison', unit, sub: 'liaison.lena', platforms: ['telegram'] });
    await work(liaison, ids.removed, [{ path: 'claim' }, { path: 'send' }, { path: 'transitions', body: { to: 'actioned', outcome: 'removed' } }]);
    await work(liaison, ids.waiting, [{ path: 'claim' }, { path: 'send' }]);
    const removed = await stack.getReferral(ids.removed);
    const seconds = Math.round((Date.parse(removed?.closedAt ?? '') - Date.parse(removed?.sentAt ?? '')) / 1000);
    const clock = `0:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

    const page = await openDashboard(browser, referrer, `#/incidents/${incidentId}`);
    const screen = new IncidentScreenPage(page);
    await page.waitForSelector('#incident-view');
    expect(await screen.totals()).toEqual({ referrals: '3', reports: '4', notified: '2', removed: '1', 'still-online': '2', p50: clock, p90: clock });
    expect(await screen.rows('incident-platform-rows')).toEqual([
      ['telegram', '2', '3', '2', '1', '0', '1', clock, clock],
      ['youtube', '1', '1', '0', '0', '0', '1', '—', '—'],
    ]);
    const hours = await screen.rows('incident-hour-rows');
    expect(hours.reduce((n, row) => n + Number(row[2]), 0)).toBe(3);
    expect(hours.reduce((n, row) => n + Number(row[1]), 0)).toBe(4);
    expect((await screen.rows('incident-online-rows')).map((row) => row[6]).sort()).toEqual([ids.waiting, hostile].sort());
    // Statuses read as words of the officer's language, not the API's codes.
    expect((await screen.rows('incident-online-rows')).map((row) => [row[6], row[4]]).sort()).toEqual([[ids.waiting, 'sent'], [hostile, 'new']].sort());
    expect(await page.locator('#incident-online-rows img').count()).toBe(0);
    // A referrer does not close an incident: the button is not there (and the API would refuse).
    expect(await page.locator('#incident-close').count()).toBe(0);

    await page.focus('#incident-add-referral');
    await page.keyboard.type('ref_nope');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#incident-add-referral-error')).toBe('a referral id: ref_<24 hex>');
    await page.fill('#incident-add-referral', '');
    await screen.addByKeyboard(ids.missed);
    expect(await page.textContent('#incident-status')).toBe(`${ids.missed} added to the incident; priority P2.`);
    expect(await screen.totals()).toMatchObject({ referrals: '4', reports: '5', 'still-online': '3' });
    await shootThemes(page, 'dashboard-incident-view');
    const interim = await screen.debrief('md');
    expect(await readFile((await interim.path()) ?? '', 'utf8')).toContain('still open: an interim debrief');
    await page.close();
  }, 120_000);

  it('closes the incident and saves the frozen debrief as Markdown and PDF', async () => {
    const page = await openDashboard(browser, await stack.tokenFor({ role: 'admin', unit, sub: 'admin.kai' }), `#/incidents/${incidentId}`);
    const screen = new IncidentScreenPage(page);
    await page.waitForSelector('#incident-view[data-status="open"]');
    await screen.close();
    await page.waitForSelector('#incident-view[data-status="closed"]');
    expect(await page.textContent('#incident-status')).toMatch(/^Closed\. The debrief was frozen at \d{4}-\d\d-\d\d \d\d:\d\d UTC over 4 referral\(s\)\.$/);
    expect(await page.locator('#incident-close').count()).toBe(0);
    expect(await page.locator('#incident-add').count()).toBe(0);

    const markdown = await screen.debrief('md');
    expect(markdown.suggestedFilename()).toBe(`debrief-${incidentId}.md`);
    const text = await readFile((await markdown.path()) ?? '', 'utf8');
    expect(text).toContain('# Debrief: Attack at the fair');
    expect(text).not.toContain('interim');
    expect(text).toContain('- Referrals (distinct URLs): 4, from 5 reports');
    for (const id of Object.values(ids)) expect(text).toContain(`| ${id} |`);
    const pdf = await screen.debrief('pdf');
    expect(pdf.suggestedFilename()).toBe(`debrief-${incidentId}.pdf`);
    expect((await readFile((await pdf.path()) ?? '')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The closed incident leaves the list of open ones.
    await screen.openList();
    expect(await page.textContent('#incidents-status')).toBe('No incident is open.');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('lists the closed incident under the open ones, a page at a time, and saves its debrief from the list by keyboard', async () => {
    // Setup, not the flow under test: more closed incidents than one page holds, and one still open.
    const admin = await stack.tokenFor({ role: 'admin', unit, sub: 'admin.kai' });
    const earlier: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = randomUUID();
      await api(admin, '/v1/incidents', { incidentId: id, name: `Drill ${i + 1}`, startedAt: new Date(Date.now() - 3_600_000).toISOString(), seeds: { terms: [`drill seed ${i + 1}`] } });
      await api(admin, `/v1/incidents/${id}/close`, {});
      earlier.push(id);
    }
    const stillOpen = randomUUID();
    await api(admin, '/v1/incidents', { incidentId: stillOpen, name: 'Still open', startedAt: new Date(Date.now() - 60_000).toISOString(), seeds: { terms: ['still open seed'] } });

    const page = await openDashboard(browser, await stack.tokenFor({ role: 'referrer', unit, sub: 'officer.ana' }), '#/queue');
    const screen = new IncidentScreenPage(page);
    await screen.openList();
    await screen.closedLoaded();
    expect(await page.$$eval('#incident-rows tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.incidentId))).toEqual([stillOpen]);
    // Newest close first: the drills, closed after the fair's incident, fill the first page.
    expect(await screen.closedIds()).toEqual([...earlier].reverse());
    expect(await page.textContent('#incidents-closed-status')).toBe('25 closed incident(s) shown, most recently closed first.');
    await screen.moreClosed();
    expect(await screen.closedIds()).toEqual([...earlier].reverse().concat(incidentId));
    expect(await page.textContent(`#closed-incident-rows tr[data-incident-id="${incidentId}"]`)).toContain('Attack at the fair');

    const markdown = await screen.debriefFromList(incidentId, 'md');
    expect(markdown.suggestedFilename()).toBe(`debrief-${incidentId}.md`);
    const text = await readFile((await markdown.path()) ?? '', 'utf8');
    expect(text).toContain('# Debrief: Attack at the fair');
    expect(text).not.toContain('interim');
    const pdf = await screen.debriefFromList(incidentId, 'pdf');
    expect((await readFile((await pdf.path()) ?? '')).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await shootThemes(page, 'dashboard-incidents-closed');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 180_000);

  it('lists the closed incidents in French too, with no serious accessibility violation', async () => {
    await withBrowserIn('fr', async (localized) => {
      const page = await openDashboard(localized, await stack.tokenFor({ role: 'analyst', unit }), '#/incidents');
      const screen = new IncidentScreenPage(page);
      await screen.closedLoaded();
      expect(await page.textContent('#incidents-closed-heading')).toBe('Incidents clos');
      expect(await page.textContent('#incidents-closed-status')).toBe('25 incident(s) clos affiché(s), le plus récemment clos en premier.');
      expect(await page.textContent('#incidents-closed-more')).toBe('Afficher plus d’incidents clos');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(artifactsDir, 'dashboard-incidents-closed-light-fr.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }, 120_000);

  it.each([
    ['fr', 'Incidents (mode crise)', 'Par plateforme', ['envoyé', 'nouveau']],
    ['de', 'Vorfälle (Krisenmodus)', 'Je Plattform', ['gesendet', 'neu']],
  ] as const)('speaks the browser language (%s) on the incident view, statuses included, with no serious accessibility violation', async (language, heading, perPlatform, [sent, fresh]) => {
    await withBrowserIn(language, async (localized) => {
      const page = await openDashboard(localized, await stack.tokenFor({ role: 'admin', unit }), `#/incidents/${incidentId}`);
      await page.waitForSelector('#incident-view');
      expect(await page.textContent('#incidents-heading')).toBe(heading);
      expect(await page.textContent('#incident-platforms-heading')).toBe(perPlatform);
      const statuses = new Map((await new IncidentScreenPage(page).rows('incident-online-rows')).map((row) => [row[6], row[4]]));
      expect([statuses.get(ids.waiting), statuses.get(ids.missed)]).toEqual([sent, fresh]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(artifactsDir, `dashboard-incident-view-light-${language}.png`), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  }, 120_000);
});
