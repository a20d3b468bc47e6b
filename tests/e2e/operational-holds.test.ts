import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, buildExtension, configureExtension, launchExtensionBrowser, openPopup, proxyThroughTestPages, serveTestPages, tabIdOf, type ExtensionBrowser, type TestPages } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Deconfliction end to end: unit B (fr-pharos) holds a Telegram channel it is watching; unit A's
 * (eu-iru) officer opens a post of that channel and the extension shows whom to call; A's send
 * is refused until B releases the hold.
 */
describe('operational hold, end to end', () => {
  let stack: LocalStackHandle;
  let pages: TestPages;
  let browser: ExtensionBrowser;
  let profileDir: string;
  const postUrl = 'http://t.me/watched_channel/7';
  const channel = { kind: 'channel', url: 'https://t.me/watched_channel' };
  const contact = 'PHAROS duty desk +33 1 00 00 00 00';

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1', WXT_E2E_HOOKS: 'true' });
    stack = await startLocalStack();
    pages = await serveTestPages({ '/watched_channel/7': '<!doctype html><html><head><meta charset="utf-8"><title>Post 7</title></head><body><p>Donate for the brothers</p></body></html>' });
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-holds-'));
    browser = await launchExtensionBrowser(profileDir, { extraArgs: proxyThroughTestPages(pages) });
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'a.officer' }) });
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.stop();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it("shows unit A's officer unit B's hold on a post of the held channel, and refuses A's send until B releases", async () => {
    const bOfficer = await stack.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'b.officer' });
    const aLiaison = await stack.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'a.liaison', platforms: ['telegram'] });
    const aReferrer = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'a.referrer' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect((await call('PUT', '/v1/holds', bOfficer, { target: channel, reason: 'Operation NIGHTJAR', contact, expiresAt })).status).toBe(201);

    const tab = await browser.context.newPage();
    await tab.goto(postUrl);
    expect(await tab.textContent('p')).toBe('Donate for the brothers');
    const tabId = await tabIdOf(browser, postUrl);
    const { page: popup } = await openPopup(browser, tabId);
    await popup.waitForFunction(() => document.getElementById('lookup')?.textContent?.startsWith('hold:'));
    const line = (await popup.textContent('#lookup')) ?? '';
    expect(line).toBe(`hold: contact unit fr-pharos (${contact}) · Not referred yet`);
    expect(line).not.toContain('NIGHTJAR');
    expect(await popup.getAttribute('#lookup', 'class')).toContain('held');
    expect(await badgeText(browser, tabId)).toBe('HOLD');
    await popup.close();

    // Unit A refers the post anyway (a report is not a takedown); sending it to the platform is what the hold stops.
    const report = makeReport({ url: postUrl.replace('http:', 'https:'), selectedText: 'Donate for the brothers' });
    expect((await postJson(`${stack.apiUrl}/v1/reports`, aReferrer, report)).status).toBe(202);
    const { referralId } = await stack.waitForSubmission(report.submissionId);
    const refused = await call('POST', `/v1/referrals/${referralId}/send`, aLiaison, { expectedVersion: 0 });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`hold: contact unit fr-pharos (${contact})`);

    expect((await call('POST', '/v1/holds/release', bOfficer, { target: channel })).status).toBe(200);
    expect((await call('POST', `/v1/referrals/${referralId}/send`, aLiaison, { expectedVersion: 0 })).status).toBeLessThan(300);
  }, 120_000);
});
