import { readTokenClaims } from './dashboard/session';
import type { Browser, WxtBrowser } from 'wxt/browser';
import { createApiClient } from './api-client';
import { createDashboardHandlers } from './dashboard/background-handlers';
import { createAuth, type CognitoConfig } from './auth/auth';
import { httpUrl, reportV1, type CapturedVideoV1, type ReportV1Input } from './contract';
import { createDeconfliction } from './reporting/deconfliction';
import { captureEvidence, loadArtifact, removeArtifact, storeArtifacts, type CapturedArtifact } from './reporting/evidence';
import { captureFlaggedImage, type MediaCaptureDeps } from './reporting/media-capture';
import type { FlaggedVideoResult } from './reporting/video-capture';
import { asRuntimeListener, createMessageListener, type LookupView, type MessageHandlers, type ReportForm, type SubmitOutcome } from './messaging';
import { createOutbox, outboxAlarmName } from './outbox/outbox';
import { pageRead, readPage, type PageRead } from './reporting/page-read';
import { designatedGroups } from './reporting/groups';
import { checkForm } from './reporting/popup-form-check';
import { buildPrefill } from './reporting/prefill';
import { authItem, contextTagsItem, settingsItem, type ContextTag } from './storage';

export const contextMenuId = 'flag-for-referral';

/** A right-click older than this no longer describes what the officer is looking at. */
const contextTagTtlMs = 10 * 60_000;
/** Images hashed from a flagged page: with the screenshot, MHTML and selection, within the manifest's 10 artifacts. */
const maxPageImages = 4;

export interface ReferralDeskEnv {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  randomUUID: () => string;
  cognito: CognitoConfig | undefined;
  /** Browser family and user agent, recorded in every capture manifest. */
  browserName: string;
  /** Decodes a flagged image for its PDQ hash (the background passes the browser's decoder); without it no image is fetched. */
  decodeImage?: MediaCaptureDeps['decodeImage'];
  /** Samples and hashes a flagged video (an offscreen document in Chrome, the background page in Firefox); without it no video is hashed. */
  captureVideo?: (url: string) => Promise<FlaggedVideoResult>;
}

const withoutEmpty = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

/** The form as the officer left it, turned into a report: blank fields dropped, tags trimmed. */
export const reportFromForm = (submissionId: string, form: ReportForm): ReportV1Input => {
  const optional = {
    title: withoutEmpty(form.title),
    selectedText: withoutEmpty(form.selectedText),
    linkUrl: withoutEmpty(form.linkUrl),
    mediaUrl: withoutEmpty(form.mediaUrl),
    group: withoutEmpty(form.group),
    handle: withoutEmpty(form.handle),
    notes: withoutEmpty(form.notes),
    pageLanguage: withoutEmpty(form.pageLanguage),
  };
  const outLinks = [...new Set((form.outLinks ?? []).map((link) => link.trim()).filter((link) => link !== ''))];
  const manualIndicators = [...new Set((form.manualIndicators ?? []).map((indicator) => indicator.trim()).filter((indicator) => indicator !== ''))];
  return {
    submissionId,
    url: form.url.trim(),
    ...(outLinks.length > 0 ? { outLinks } : {}),
    ...(manualIndicators.length > 0 ? { manualIndicators } : {}),
    category: form.category,
    subTags: [...new Set(form.subTags.map((t) => t.trim()).filter((t) => t !== ''))],
    urgent: form.urgent,
    legalRoute: form.legalRoute,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
};

/**
 * The background's behaviour, built from a browser API object so tests can hand in WXT's
 * fake browser. The background entrypoint only connects these functions to events.
 */
export const createReferralDesk = (api: WxtBrowser, env: ReferralDeskEnv) => {
  const auth = createAuth({
    fetch: env.fetch,
    now: env.now,
    config: env.cognito,
    launchWebAuthFlow: (details) => api.identity.launchWebAuthFlow(details),
    redirectUrl: () => api.identity.getRedirectURL(),
  });
  const client = createApiClient({
    fetch: env.fetch,
    baseUrl: async () => (await settingsItem.getValue()).apiUrl,
    token: auth.token,
  });
  const outbox = createOutbox({
    api: client,
    alarms: { create: (name, info) => api.alarms.create(name, info), clear: (name) => api.alarms.clear(name) },
    badge: {
      setBadgeText: (details) => api.action.setBadgeText(details),
      setBadgeBackgroundColor: (details) => api.action.setBadgeBackgroundColor(details),
    },
    artifacts: { store: storeArtifacts, load: loadArtifact, remove: removeArtifact },
    now: env.now,
    random: env.random,
  });
  const deconfliction = createDeconfliction({
    api: client,
    badge: {
      setBadgeText: (details) => api.action.setBadgeText(details as Browser.action.BadgeTextDetails),
      setBadgeBackgroundColor: (details) => api.action.setBadgeBackgroundColor(details),
      setTitle: (details) => api.action.setTitle(details),
    },
    now: env.now,
  });

  // Kept in memory as well as session storage: the popup may ask before the storage write lands.
  const recentTags = new Map<number, ContextTag>();

  const contextTagFor = async (tabId: number, tabUrl: string | undefined): Promise<ContextTag | undefined> => {
    const tag = recentTags.get(tabId) ?? (await contextTagsItem.getValue())[String(tabId)];
    if (tag === undefined || env.now() - tag.taggedAt > contextTagTtlMs) return undefined;
    if (tag.pageUrl !== undefined && tabUrl !== undefined && tag.pageUrl !== tabUrl) return undefined;
    return tag;
  };

  /** Reads title, selection and canonical link from the page, on demand; undefined where we may not. */
  const readTab = async (tabId: number): Promise<PageRead | undefined> => {
    try {
      const [first] = await api.scripting.executeScript({ target: { tabId }, func: readPage });
      const parsed = pageRead.safeParse(first?.result);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };

  const settingsView = async () => {
    const settings = await settingsItem.getValue();
    return { apiUrl: settings.apiUrl, autoLookup: settings.autoLookup, auth: await auth.status() };
  };

  /**
   * The flagged image, or, for a flagged page, its largest images (at most `maxPageImages`, so a
   * capture stays within the manifest's 10 artifacts), each fetched and hashed. One that cannot
   * be fetched or decoded is left out rather than holding the report back.
   */
  const captureMedia = async (tabId: number, mediaUrl: string | undefined): Promise<CapturedArtifact[]> => {
    const decodeImage = env.decodeImage;
    if (decodeImage === undefined) return [];
    const urls = mediaUrl !== undefined ? [mediaUrl] : ((await readTab(tabId))?.images ?? []).filter((url) => httpUrl.safeParse(url).success).slice(0, maxPageImages);
    const media: CapturedArtifact[] = [];
    for (const url of urls) {
      const result = await captureFlaggedImage({ fetch: env.fetch, decodeImage }, url);
      if (result.ok && !media.some((known) => known.artifact.sha256 === result.captured.artifact.sha256)) media.push(result.captured);
    }
    return media;
  };

  /** The flagged video's frame hashes; one that cannot be fetched or decoded is left out, like an image. */
  const captureVideo = async (videoUrl: string): Promise<CapturedVideoV1[]> => {
    if (env.captureVideo === undefined) return [];
    const result = await env.captureVideo(videoUrl);
    if (result.ok) return [result.video];
    console.warn('[referral-desk] the flagged video was not hashed:', result.reason);
    return [];
  };

  const capture = async (
    tab: Browser.tabs.Tab,
    url: string,
    options: { screenshot: boolean; mhtml: boolean },
    selectedText: string | undefined,
    mediaUrl: string | undefined,
    flaggedVideo: boolean,
  ): Promise<{ manifest?: ReportV1Input['capture']; captured: CapturedArtifact[] }> => {
    if (!options.screenshot && !options.mhtml) return { captured: [] };
    if (tab.id === undefined) throw new Error(api.i18n.getMessage('popupNoTab') || 'No tab to tag.');
    // captureVisibleTab takes whatever is in front: refuse rather than hash the wrong page.
    if (options.screenshot && !tab.active) throw new Error(api.i18n.getMessage('captureNotInFront') || 'bring the tagged tab to the front of its window to capture it');
    const pageCapture = (api as { pageCapture?: typeof api.pageCapture }).pageCapture;
    // Read (not verified) from the token, only to name the officer in the custody record;
    // the API checks the names against the token it verifies.
    const token = await auth.token().catch(() => undefined);
    const claims = token === undefined ? undefined : readTokenClaims(token);
    // The flagged image travels with its hashes; one that cannot be fetched or decoded leaves the
    // report as it was (its URL is in mediaUrl), rather than holding the report back.
    // A flagged video is sampled instead: its file is no image, and the page's images are not what was flagged.
    const videos = flaggedVideo && mediaUrl !== undefined ? await captureVideo(mediaUrl) : [];
    const media = flaggedVideo ? [] : await captureMedia(tab.id, mediaUrl);
    const { manifest, captured } = await captureEvidence(
      {
        captureVisibleTab: (windowId, opts) => api.tabs.captureVisibleTab(windowId, opts),
        ...(pageCapture?.saveAsMHTML ? { saveAsMhtml: (details: { tabId: number }) => pageCapture.saveAsMHTML(details) } : {}),
        now: () => new Date(env.now()),
        extensionVersion: api.runtime.getManifest().version,
        browser: env.browserName.slice(0, 200),
        ...(claims?.sub !== undefined ? { officer: claims.sub.slice(0, 200) } : {}),
        ...(claims?.unit !== undefined ? { unit: claims.unit } : {}),
      },
      {
        tabId: tab.id,
        windowId: tab.windowId,
        url: tab.url !== undefined && httpUrl.safeParse(tab.url).success ? tab.url : url,
        screenshot: options.screenshot,
        mhtml: options.mhtml,
        ...(selectedText !== undefined ? { selectedText } : {}),
        ...(media.length > 0 ? { media } : {}),
        ...(videos.length > 0 ? { videos } : {}),
      },
    );
    return { manifest, captured };
  };

  const handlers: MessageHandlers = {
    async getPopupState({ tabId: named }) {
      // Found here rather than by the popup: one round trip less before its form is filled.
      const [front] = named === undefined ? await api.tabs.query({ active: true, lastFocusedWindow: true }) : [];
      const tabId = named ?? front?.id;
      if (tabId === undefined) throw new Error(api.i18n.getMessage('popupNoTab') || 'No tab to tag.');
      const tabRead = front !== undefined ? Promise.resolve(front) : api.tabs.get(tabId);
      // Independent reads, at once: the popup is interactive only when they are all in.
      const [tab, context, page, outboxStatus, authStatus] = await Promise.all([
        tabRead,
        tabRead.then((read) => contextTagFor(tabId, read.url)),
        readTab(tabId),
        outbox.status(),
        auth.status(),
      ]);
      const prefill = buildPrefill({
        tab: { ...(tab.url !== undefined ? { url: tab.url } : {}), ...(tab.title !== undefined ? { title: tab.title } : {}) },
        ...(context !== undefined ? { context } : {}),
        ...(page !== undefined ? { page } : {}),
      });
      return {
        tabId,
        prefill,
        outbox: outboxStatus,
        auth: authStatus,
        capture: { mhtml: (api as { pageCapture?: unknown }).pageCapture !== undefined },
      };
    },

    async getGroups() {
      return designatedGroups.map((group) => ({ ...group, aliases: [...group.aliases] }));
    },

    async checkForm({ form }) {
      return checkForm(form);
    },

    async lookupPage({ tabId, url }): Promise<LookupView> {
      return httpUrl.safeParse(url).success
        ? deconfliction.checkTab(tabId, url)
        : { state: 'unavailable', message: api.i18n.getMessage('lookupNotPublic') || 'this page is not a public web page' };
    },

    async submitReport({ tabId, form, capture: captureOptions }): Promise<SubmitOutcome> {
      const submissionId = env.randomUUID();
      const candidate = reportFromForm(submissionId, form);
      // Validate before capturing: an invalid form should cost the officer nothing.
      const checked = reportV1.safeParse(candidate);
      if (!checked.success) {
        return {
          state: 'invalid',
          issues: checked.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(report)', message: i.message })),
        };
      }
      const tab = await api.tabs.get(tabId);
      // What the officer right-clicked says whether the media URL is a video (its bytes would say so only after a download).
      const tag = await contextTagFor(tabId, tab.url);
      const flaggedVideo = checked.data.mediaUrl !== undefined && tag?.srcUrl === checked.data.mediaUrl && tag.mediaType === 'video';
      const { manifest, captured } = await capture(tab, checked.data.url, captureOptions, checked.data.selectedText, checked.data.mediaUrl, flaggedVideo);
      const report = reportV1.parse({ ...candidate, ...(manifest !== undefined ? { capture: manifest } : {}) });
      const outcome = await outbox.submit(report, captured);
      if (outcome.state === 'sent') await deconfliction.forget(report.url);
      recentTags.delete(tabId);
      return { submissionId, ...outcome };
    },

    getOutbox: async () => outbox.status(),
    async retryOutbox() {
      await outbox.drain({ force: true });
      return outbox.status();
    },
    async dismissRejected({ submissionId }) {
      await outbox.dismissRejected(submissionId);
      return outbox.status();
    },
    getSettings: settingsView,
    async saveSettings({ apiUrl, autoLookup }) {
      await settingsItem.setValue({ apiUrl: apiUrl.replace(/\/+$/, ''), autoLookup });
      return settingsView();
    },
    async setDevToken({ token }) {
      await auth.useDevToken(token);
      // New credentials: reports waiting on a 401 get their chance now.
      if (token !== null) void outbox.drain({ force: true });
      return settingsView();
    },
    async signIn() {
      await auth.signIn();
      void outbox.drain({ force: true });
      return settingsView();
    },
    async signOut() {
      await auth.signOut();
      return settingsView();
    },
    ...createDashboardHandlers({ fetch: env.fetch, baseUrl: async () => (await settingsItem.getValue()).apiUrl, token: auth.token }),
  };

  return {
    handlers,
    outbox,
    deconfliction,
    auth,

    messageListener: asRuntimeListener(
      createMessageListener(handlers, {
        id: api.runtime.id,
        origin: api.runtime.getURL('/').replace(/\/$/, ''),
      }),
    ),

    registerContextMenu: async (): Promise<void> => {
      await api.contextMenus.removeAll();
      api.contextMenus.create({
        id: contextMenuId,
        title: api.i18n.getMessage('popupTitle') || 'Flag for referral',
        contexts: ['page', 'link', 'image', 'video', 'selection'],
      });
    },

    /** Remembers what was right-clicked, opens the form and checks deconfliction for the page. */
    async onContextMenuClicked(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab | undefined): Promise<void> {
      if (info.menuItemId !== contextMenuId || tab?.id === undefined) return;
      const tag: ContextTag = {
        ...(info.pageUrl !== undefined ? { pageUrl: info.pageUrl } : {}),
        ...(info.linkUrl !== undefined ? { linkUrl: info.linkUrl } : {}),
        ...(info.srcUrl !== undefined ? { srcUrl: info.srcUrl } : {}),
        ...(info.mediaType !== undefined ? { mediaType: info.mediaType } : {}),
        ...(info.selectionText !== undefined ? { selectionText: info.selectionText } : {}),
        taggedAt: env.now(),
      };
      recentTags.set(tab.id, tag);
      // openPopup first, while the click still counts as a user gesture; a window is the fallback.
      let opened: Promise<boolean>;
      try {
        opened = api.action.openPopup().then(
          () => true,
          () => false,
        );
      } catch {
        opened = Promise.resolve(false);
      }
      const tabId = tab.id;
      await contextTagsItem.setValue({ ...(await contextTagsItem.getValue()), [String(tabId)]: tag });
      if (!(await opened)) {
        await api.windows.create({ url: `${api.runtime.getURL('/popup.html')}?tabId=${tabId}`, type: 'popup', width: 440, height: 720 });
      }
      const pageUrl = info.pageUrl ?? tab.url;
      // The whole URL: a fragment can name the content (Telegram Web #@channel); the API drops the others.
      if (pageUrl !== undefined && httpUrl.safeParse(pageUrl).success) await deconfliction.checkTab(tabId, pageUrl);
    },

    /** Checks pages as they load, only when the officer turned it on. */
    async onTabUpdated(tabId: number, changeInfo: { status?: string; url?: string }, tab: Browser.tabs.Tab): Promise<void> {
      // Single-page apps (Telegram Web) move between chats by fragment: a URL change without a
      // load is a new page too.
      const changed = changeInfo.status === 'complete' || (changeInfo.url !== undefined && changeInfo.status === undefined);
      if (!changed || tab.url === undefined || !httpUrl.safeParse(tab.url).success) return;
      if (!(await settingsItem.getValue()).autoLookup) return;
      await deconfliction.checkTab(tabId, tab.url);
    },

    async onAlarm(alarm: { name: string }): Promise<void> {
      if (alarm.name === outboxAlarmName) await outbox.drain();
    },

    /** Keeps tokens away from content scripts and injected code, where the browser allows it. */
    async restrictStorage(): Promise<void> {
      for (const area of [api.storage.local, api.storage.session] as const) {
        try {
          await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
        } catch {
          // Firefox and older Chrome: no setAccessLevel; we inject no code that reads storage anyway.
        }
      }
    },

    hasCredentials: async (): Promise<boolean> => (await authItem.getValue()) !== null,
  };
};

export type ReferralDesk = ReturnType<typeof createReferralDesk>;
