import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { contextMenuId, createReferralDesk, reportFromForm, type ReferralDeskEnv } from './referral-desk';
import type { ReportForm } from './messaging';
import { authItem, contextTagsItem, lookupCacheItem, outboxItem, settingsItem } from './storage';

const hostileTitle = '<img src=x onerror=alert(1)>';

const setup = async (fetchImpl: (url: string, init?: RequestInit) => Promise<Response>, extra: Partial<ReferralDeskEnv> = {}) => {
  const tab = await fakeBrowser.tabs.create({ url: 'https://x.com/someone/status/1', active: true });
  fakeBrowser.tabs.get = vi.fn(async () => ({ ...tab, title: 'tab title' })) as never;
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([
    { documentId: 'd', frameId: 0, result: { url: 'https://x.com/someone/status/1', title: hostileTitle, selection: 'javascript:alert(1)', canonicalUrl: 'https://evil.example/' } },
  ] as never);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0', manifest_version: 3, name: 'Referral Desk' });
  const fetch = vi.fn(fetchImpl);
  const desk = createReferralDesk(fakeBrowser as unknown as WxtBrowser, {
    fetch: fetch as unknown as typeof globalThis.fetch,
    now: () => 1_000,
    random: () => 0.5,
    randomUUID: () => '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11',
    cognito: undefined,
    browserName: 'chrome',
    ...extra,
  });
  return { desk, tab, fetch };
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const notReferred = () => json({ referred: false, canonicalUrl: 'https://x.com/someone/status/1', contentKey: 'k' });

const form: ReportForm = {
  url: 'https://x.com/someone/status/1',
  category: 'propaganda',
  subTags: [' video ', '', 'video', 'nasheed'],
  urgent: true,
  legalRoute: 'removal_order',
  title: '  ',
  notes: 'internal',
};

describe('referral desk background', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('turns the form into a report: blank fields dropped, tags trimmed and unique', () => {
    expect(reportFromForm('id', form)).toEqual({
      submissionId: 'id',
      url: 'https://x.com/someone/status/1',
      category: 'propaganda',
      subTags: ['video', 'nasheed'],
      urgent: true,
      legalRoute: 'removal_order',
      notes: 'internal',
    });
  });

  it('sends the indicators typed by hand, trimmed and each once, and none when the field is blank', () => {
    const iban = 'DE89370400440532013000';
    expect(reportFromForm('id', { ...form, manualIndicators: [` ${iban} `, iban, '  '] })).toMatchObject({ manualIndicators: [iban] });
    expect(reportFromForm('id', { ...form, manualIndicators: ['  '] })).not.toHaveProperty('manualIndicators');
  });

  it("passes the page's declared language on with the report", () => {
    expect(reportFromForm('id', { ...form, pageLanguage: 'ar' })).toMatchObject({ pageLanguage: 'ar' });
    expect(reportFromForm('id', { ...form, pageLanguage: '' })).not.toHaveProperty('pageLanguage');
  });

  it('prefills the popup from the right-click and the page, treating page strings as data', async () => {
    const { desk, tab, fetch } = await setup(async () => notReferred());
    const windowsCreate = vi.spyOn(fakeBrowser.windows, 'create');
    await desk.onContextMenuClicked(
      { menuItemId: contextMenuId, editable: false, pageUrl: tab.url, linkUrl: 'https://t.me/s/chan', frameId: 0 },
      tab,
    );
    // No action.openPopup in the fake browser: the fallback window names the tab.
    expect(windowsCreate).toHaveBeenCalledWith(expect.objectContaining({ url: `chrome-extension://test-extension-id/popup.html?tabId=${tab.id}` }));
    const lookups = () => fetch.mock.calls.filter(([url]) => String(url).includes('/v1/lookup')).length;
    // Nothing cached from the right-click's check: a lookup now would have to ask the API.
    await lookupCacheItem.setValue({});
    const lookedBefore = lookups();
    const state = await desk.handlers.getPopupState({ tabId: tab.id! });
    expect(state.prefill).toEqual({
      url: 'https://x.com/someone/status/1',
      reportable: true,
      title: hostileTitle,
      selectedText: 'javascript:alert(1)',
      linkUrl: 'https://t.me/s/chan',
      platform: 'x',
      handle: '@someone',
    });
    // The form does not wait on the network: the deconfliction answer is its own message.
    expect(lookups()).toBe(lookedBefore);
    expect(await desk.handlers.lookupPage({ tabId: tab.id!, url: state.prefill.url })).toEqual({ state: 'not_referred' });
    const lookedAfter = lookups();
    // An address that is no public web page is not sent to the API at all.
    expect(await desk.handlers.lookupPage({ tabId: tab.id!, url: 'chrome-extension://abc/options.html' })).toEqual({ state: 'unavailable', message: 'this page is not a public web page' });
    expect(lookups()).toBe(lookedAfter);
    expect(state.auth.signedIn).toBe(false);
  });

  it('prefills for the tab in front when the toolbar popup names no tab, and says which tab it read', async () => {
    const { desk, tab } = await setup(async () => notReferred());
    // The fake browser has no notion of the window last focused; a real one answers this query.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, title: 'tab title' }] as never);
    const state = await desk.handlers.getPopupState({});
    expect(query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
    expect(state.tabId).toBe(tab.id);
    expect(state.prefill).toMatchObject({ url: 'https://x.com/someone/status/1', selectedText: 'javascript:alert(1)' });
  });

  it("checks the popup's form in the background: the field's sentence for a mistake, none for a good form", async () => {
    const { desk } = await setup(async () => notReferred());
    expect(await desk.handlers.checkForm({ form: { ...form, category: '' } })).toEqual([{ fieldId: 'category', sentence: 'Choose a category.' }]);
    expect(await desk.handlers.checkForm({ form: { ...form, manualIndicators: ['DE89370400440532013001'] } })).toEqual([{ fieldId: 'manual-indicators', sentence: expect.stringContaining('IBAN') }]);
    expect(await desk.handlers.checkForm({ form })).toEqual([]);
  });

  it('looks up a Telegram Web chat by its full URL, fragment included, also when only the fragment changes', async () => {
    const { desk, fetch } = await setup(async () => notReferred());
    await settingsItem.setValue({ ...(await settingsItem.getValue()), autoLookup: true });
    const telegramWeb = await fakeBrowser.tabs.create({ url: 'https://web.telegram.org/k/#@somechannel' });
    await desk.onTabUpdated(telegramWeb.id!, { url: 'https://web.telegram.org/k/#@somechannel' }, telegramWeb);
    const looked = fetch.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('/v1/lookup'));
    expect(looked).toHaveLength(1);
    expect(new URL(looked[0] as string).searchParams.get('url')).toBe('https://web.telegram.org/k/#@somechannel');
  });

  it('sends the out-links the officer kept checked with the report, each once', async () => {
    const { desk, tab, fetch } = await setup(async (url) => (url.endsWith('/v1/reports') ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202) : json({}, 200)));
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    const outLinks = ['https://gofile.io/d/b7CpnJ', ' https://pixeldrain.com/u/kX0F7t5i ', 'https://gofile.io/d/b7CpnJ'];
    const outcome = await desk.handlers.submitReport({ tabId: tab.id!, form: { ...form, outLinks }, capture: { screenshot: false, mhtml: false } });
    expect(outcome).toMatchObject({ state: 'sent' });
    const reportCall = fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))!;
    expect(JSON.parse(String(reportCall[1]?.body)).outLinks).toEqual(['https://gofile.io/d/b7CpnJ', 'https://pixeldrain.com/u/kX0F7t5i']);
    expect(reportFromForm('id', { ...form, outLinks: [] })).not.toHaveProperty('outLinks');
  });

  it('refuses an invalid report before capturing or storing anything', async () => {
    const { desk, tab, fetch } = await setup(async () => json({}));
    const capture = vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab');
    const outcome = await desk.handlers.submitReport({ tabId: tab.id!, form: { ...form, url: 'javascript:alert(1)' }, capture: { screenshot: true, mhtml: false } });
    expect(outcome).toMatchObject({ state: 'invalid', issues: [{ path: 'url' }] });
    expect(capture).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('captures, submits with the dev token and never hands the token to a page', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    // One ticket per artifact the outbox asks for (POST /v1/evidence/tickets), named by its SHA-256.
    const tickets = (init?: RequestInit) =>
      json({ tickets: (JSON.parse(String(init?.body)) as { artifacts: { sha256: string }[] }).artifacts.map(({ sha256 }) => ({ sha256, uploadUrl: `http://127.0.0.1:8787/v1/evidence/${sha256}`, method: 'PUT', headers: {}, expiresAt: 'z' })) }, 201);
    const { desk, tab, fetch } = await setup(async (url, init) =>
      url.endsWith('/v1/reports') ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202) : url.endsWith('/v1/evidence/tickets') ? tickets(init) : json({}, 200),
    );
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue(`data:image/png;base64,${png}` as never);
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    const outcome = await desk.handlers.submitReport({ tabId: tab.id!, form, capture: { screenshot: true, mhtml: false } });
    expect(outcome).toEqual({ state: 'sent', submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11' });
    const reportCall = fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))!;
    expect((reportCall[1]?.headers as Record<string, string>).authorization).toBe('Bearer dev-secret-token');
    const sent = JSON.parse(String(reportCall[1]?.body));
    expect(sent.capture.artifacts).toEqual([expect.objectContaining({ kind: 'screenshot', bytes: 4, mediaType: 'image/png' })]);
    expect(await authItem.getValue()).toEqual({ kind: 'dev', token: 'dev-secret-token' });

    const answers = [await desk.handlers.getSettings({}), await desk.handlers.getPopupState({ tabId: tab.id! })];
    expect(JSON.stringify(answers)).not.toContain('dev-secret-token');
  });
  it('fetches the flagged image at capture and sends it with its PDQ hash in the manifest', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const poster = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 7, 7]);
    const tickets = (init?: RequestInit) =>
      json({ tickets: (JSON.parse(String(init?.body)) as { artifacts: { sha256: string }[] }).artifacts.map(({ sha256 }) => ({ sha256, uploadUrl: `http://127.0.0.1:8787/v1/evidence/${sha256}`, method: 'PUT', headers: {}, expiresAt: 'z' })) }, 201);
    // Half dark, half light: a picture PDQ can hash.
    const pixels = new Uint8ClampedArray(32 * 32 * 4).map((_, i) => ((i >> 2) % 32 < 16 ? 20 : 230));
    const decodeImage = vi.fn(async () => ({ width: 32, height: 32, channels: 4 as const, pixels }));
    const { desk, tab, fetch } = await setup(
      async (url, init) =>
        url === 'https://pbs.example.com/media/poster.png'
          ? new Response(new Blob([poster]), { headers: { 'content-type': 'image/png' } })
          : url.endsWith('/v1/reports')
            ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202)
            : url.endsWith('/v1/evidence/tickets')
              ? tickets(init)
              : json({}, 200),
      { decodeImage },
    );
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue(`data:image/png;base64,${png}` as never);
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    const outcome = await desk.handlers.submitReport({ tabId: tab.id!, form: { ...form, mediaUrl: 'https://pbs.example.com/media/poster.png' }, capture: { screenshot: true, mhtml: false } });
    expect(outcome).toMatchObject({ state: 'sent' });
    const sent = JSON.parse(String(fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))![1]?.body));
    const media = sent.capture.artifacts.find((artifact: { kind: string }) => artifact.kind === 'media');
    expect(media).toEqual({ kind: 'media', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: poster.length, mediaType: 'image/png', pdq: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), quality: expect.any(Number) } });
    expect(sent.mediaUrl).toBe('https://pbs.example.com/media/poster.png');
    // The image's bytes are uploaded as evidence, so the server can recompute the hash.
    const upload = fetch.mock.calls.find(([url]) => url === `http://127.0.0.1:8787/v1/evidence/${media.sha256}`);
    expect(new Uint8Array(await new Response(upload?.[1]?.body as BodyInit).arrayBuffer())).toEqual(poster);
  });
  it("hashes the page's images when a page (not an image) is flagged with capture, leaving out one that cannot be fetched", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const poster = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 1]);
    const banner = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 2, 2]);
    const tickets = (init?: RequestInit) =>
      json({ tickets: (JSON.parse(String(init?.body)) as { artifacts: { sha256: string }[] }).artifacts.map(({ sha256 }) => ({ sha256, uploadUrl: `http://127.0.0.1:8787/v1/evidence/${sha256}`, method: 'PUT', headers: {}, expiresAt: 'z' })) }, 201);
    const pixels = new Uint8ClampedArray(32 * 32 * 4).map((_, i) => ((i >> 2) % 32 < 16 ? 20 : 230));
    const images: Record<string, Uint8Array> = { 'https://pbs.example.com/poster.png': poster, 'https://pbs.example.com/banner.jpg': banner };
    const { desk, tab, fetch } = await setup(
      async (url, init) =>
        url.startsWith('https://pbs.example.com/')
          ? images[url]
            ? new Response(new Blob([images[url] as BlobPart]))
            : new Response('gone', { status: 404 })
          : url.endsWith('/v1/reports')
            ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202)
            : url.endsWith('/v1/evidence/tickets')
              ? tickets(init)
              : json({}, 200),
      { decodeImage: async () => ({ width: 32, height: 32, channels: 4 as const, pixels }) },
    );
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([
      { documentId: 'd', frameId: 0, result: { url: tab.url, title: 't', selection: '', images: ['https://pbs.example.com/poster.png', 'https://pbs.example.com/deleted.png', 'https://pbs.example.com/banner.jpg', 'javascript:alert(1)'] } },
    ] as never);
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue(`data:image/png;base64,${png}` as never);
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    expect(await desk.handlers.submitReport({ tabId: tab.id!, form, capture: { screenshot: true, mhtml: false } })).toMatchObject({ state: 'sent' });
    const sent = JSON.parse(String(fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))![1]?.body));
    expect(sent.capture.artifacts.filter((artifact: { kind: string }) => artifact.kind === 'media').map((artifact: { mediaType: string; bytes: number; pdq?: unknown }) => [artifact.mediaType, artifact.bytes, artifact.pdq !== undefined])).toEqual([
      ['image/png', poster.length, true],
      ['image/jpeg', banner.length, true],
    ]);
    expect(fetch.mock.calls.some(([url]) => url.startsWith('javascript:'))).toBe(false);
  });

  it('samples a right-clicked video instead of fetching it as an image, and sends its frame hashes in the manifest', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const videoUrl = 'https://video.example.com/clips/attack.webm';
    const tickets = (init?: RequestInit) =>
      json({ tickets: (JSON.parse(String(init?.body)) as { artifacts: { sha256: string }[] }).artifacts.map(({ sha256 }) => ({ sha256, uploadUrl: `http://127.0.0.1:8787/v1/evidence/${sha256}`, method: 'PUT', headers: {}, expiresAt: 'z' })) }, 201);
    const frames = [0, 1, 2].map((timestamp) => ({ pdq: `${timestamp}`.repeat(64), quality: 90, timestamp }));
    const video = { url: videoUrl, sha256: 'a'.repeat(64), bytes: 40_000, mediaType: 'video/webm', durationSeconds: 2.5, frames };
    const captureVideo = vi.fn(async () => ({ ok: true as const, video }));
    const { desk, tab, fetch } = await setup(
      async (url, init) => (url.endsWith('/v1/reports') ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202) : url.endsWith('/v1/evidence/tickets') ? tickets(init) : json({}, 200)),
      { captureVideo, decodeImage: vi.fn(async () => undefined) },
    );
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue(`data:image/png;base64,${png}` as never);
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    await contextTagsItem.setValue({ [String(tab.id)]: { pageUrl: tab.url ?? '', srcUrl: videoUrl, mediaType: 'video', taggedAt: 1_000 } });
    expect(await desk.handlers.submitReport({ tabId: tab.id!, form: { ...form, mediaUrl: videoUrl }, capture: { screenshot: true, mhtml: false } })).toMatchObject({ state: 'sent' });
    expect(captureVideo).toHaveBeenCalledWith(videoUrl);
    // The video is not downloaded by the background as an image, nor are the page's images hashed.
    expect(fetch.mock.calls.some(([url]) => url === videoUrl)).toBe(false);
    const sent = JSON.parse(String(fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))![1]?.body));
    expect(sent.capture.videos).toEqual([video]);
    expect(sent.capture.artifacts.map((artifact: { kind: string }) => artifact.kind)).toEqual(['screenshot']);
  });

  it('files the report without the video when it cannot be sampled', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const videoUrl = 'https://video.example.com/clips/broken.webm';
    const tickets = (init?: RequestInit) =>
      json({ tickets: (JSON.parse(String(init?.body)) as { artifacts: { sha256: string }[] }).artifacts.map(({ sha256 }) => ({ sha256, uploadUrl: `http://127.0.0.1:8787/v1/evidence/${sha256}`, method: 'PUT', headers: {}, expiresAt: 'z' })) }, 201);
    const { desk, tab, fetch } = await setup(
      async (url, init) => (url.endsWith('/v1/reports') ? json({ submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11', status: 'accepted' }, 202) : url.endsWith('/v1/evidence/tickets') ? tickets(init) : json({}, 200)),
      { captureVideo: async () => ({ ok: false, reason: 'the browser could not decode the video' }) },
    );
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue(`data:image/png;base64,${png}` as never);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await desk.handlers.setDevToken({ token: 'dev-secret-token' });
    await contextTagsItem.setValue({ [String(tab.id)]: { pageUrl: tab.url ?? '', srcUrl: videoUrl, mediaType: 'video', taggedAt: 1_000 } });
    expect(await desk.handlers.submitReport({ tabId: tab.id!, form: { ...form, mediaUrl: videoUrl }, capture: { screenshot: true, mhtml: false } })).toMatchObject({ state: 'sent' });
    const sent = JSON.parse(String(fetch.mock.calls.find(([url]) => url.endsWith('/v1/reports'))![1]?.body));
    expect(sent.capture.videos).toBeUndefined();
    expect(sent.mediaUrl).toBe(videoUrl);
  });
});
