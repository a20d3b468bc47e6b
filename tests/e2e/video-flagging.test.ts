import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralItem } from '../../functions/adapters/table/items';
import {
  buildExtension,
  clickFlagForReferral,
  configureExtension,
  launchExtensionBrowser,
  openPopup,
  serveTestPages,
  tabIdOf,
  type ExtensionBrowser,
  type TestFile,
  type TestPages,
} from '../helpers/extension-browser';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

const page = (title: string, body: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/**
 * Records a VP8 WebM of about `seconds` seconds with Chromium's MediaRecorder from a canvas that
 * shows a different pattern of coloured blocks each second (detailed enough for PDQ's quality
 * threshold). Debian's Chromium has no proprietary codecs, so WebM it is. Returns the file's bytes.
 */
const recordTestVideo = async (recorderPage: Page, seconds: number): Promise<Uint8Array> => {
  const base64 = await recorderPage.evaluate(async (durationMs) => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    document.body.append(canvas);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const draw = (second: number) => {
      let state = second * 7_919 + 17;
      for (let y = 0; y < 240; y += 20) {
        for (let x = 0; x < 320; x += 20) {
          state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
          context.fillStyle = `rgb(${state & 255}, ${(state >>> 8) & 255}, ${(state >>> 16) & 255})`;
          context.fillRect(x, y, 20, 20);
        }
      }
    };
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 2_000_000 });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve()));
    const started = performance.now();
    draw(0);
    recorder.start();
    const timer = setInterval(() => draw(Math.floor((performance.now() - started) / 1_000)), 40);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    clearInterval(timer);
    recorder.stop();
    await stopped;
    const dataUrl = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsDataURL(new Blob(chunks, { type: 'video/webm' }));
    });
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  }, seconds * 1_000);
  return new Uint8Array(Buffer.from(base64, 'base64'));
};

describe('a flagged video in real Chromium', () => {
  let stack: LocalStackHandle;
  let pages: TestPages;
  let browser: ExtensionBrowser;
  let profileDir: string;
  const files = new Map<string, TestFile>();

  beforeAll(async () => {
    await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1', WXT_E2E_HOOKS: 'true' });
    stack = await startLocalStack();
    const token = await stack.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer-video' });
    pages = await serveTestPages(
      {
        '/recorder': page('Recorder', '<p>recording</p>'),
        '/watch/attack': page('Attack video', '<video id="video" src="/media/attack.webm" controls muted></video>'),
        '/mirror/copy': page('Mirror', '<video id="video" src="/media/copy.webm" controls muted></video>'),
      },
      files,
    );
    profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-video-'));
    browser = await launchExtensionBrowser(profileDir);
    await configureExtension(browser, { apiUrl: stack.apiUrl, devToken: token });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await pages?.stop();
    await stack?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  /** Opens the page, flags its video through the context menu handler and the popup (with capture); resolves to the referral. */
  const flagVideoOn = async (path: string, videoPath: string): Promise<{ referralId: string; submissionId: string }> => {
    const tab = await browser.context.newPage();
    const url = `${pages.baseUrl}${path}`;
    await tab.goto(url);
    await tab.bringToFront();
    const tabId = await tabIdOf(browser, url);
    await clickFlagForReferral(browser, tabId, { pageUrl: url, srcUrl: `${pages.baseUrl}${videoPath}`, mediaType: 'video' });
    const { page: popup } = await openPopup(browser, tabId);
    await popup.selectOption('#category', 'propaganda');
    await popup.setChecked('#capture-screenshot', true);
    await popup.setChecked('#capture-mhtml', false);
    await popup.click('#submit');
    await popup.waitForSelector('body[data-outcome]', { timeout: 60_000 });
    expect(await popup.getAttribute('body', 'data-outcome'), (await popup.textContent('#result')) ?? '').toBe('sent');
    const submissionId = (await popup.getAttribute('body', 'data-submission-id')) ?? '';
    const { referralId } = await stack.waitForSubmission(submissionId);
    await popup.close();
    await tab.close();
    return { referralId, submissionId };
  };

  it('samples the video one frame a second in the offscreen document, and links the same video at another URL by vPDQ', async () => {
    const recorder = await browser.context.newPage();
    await recorder.goto(`${pages.baseUrl}/recorder`);
    const webm = await recordTestVideo(recorder, 5.5);
    await recorder.close();
    // The same file at two URLs of two pages: two referrals of one video.
    files.set('/media/attack.webm', { contentType: 'video/webm', body: webm });
    files.set('/media/copy.webm', { contentType: 'video/webm', body: webm });

    const first = await flagVideoOn('/watch/attack', '/media/attack.webm');
    const [report] = await stack.store.listReports(first.referralId);
    const video = report?.capture?.videos?.[0];
    expect(video).toMatchObject({ url: `${pages.baseUrl}/media/attack.webm`, bytes: webm.byteLength, mediaType: 'video/webm' });
    // Chrome's service worker has no <video>: the frames were drawn in the offscreen document.
    const offscreenDocuments = await browser.worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { getContexts(filter: object): Promise<Array<{ documentUrl?: string }>> } } };
      return (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).map((context) => new URL(context.documentUrl ?? 'about:blank').pathname);
    });
    expect(offscreenDocuments).toEqual(['/offscreen.html']);
    // MediaRecorder's WebM declares no duration: the sampler found it (about 5.5 s) and took one frame a second.
    expect(video?.durationSeconds).toBeGreaterThan(4);
    expect(video?.frames.map((frame) => frame.timestamp)).toEqual(Array.from({ length: video?.frames.length ?? 0 }, (_, second) => second));
    expect(video?.frames.length).toBeGreaterThanOrEqual(5);
    // Each second shows another pattern of blocks: distinct hashes, each detailed enough to match.
    expect(new Set(video?.frames.map((frame) => frame.pdq)).size).toBeGreaterThanOrEqual(5);
    for (const frame of video?.frames ?? []) expect(frame.quality).toBeGreaterThanOrEqual(50);

    const copy = await flagVideoOn('/mirror/copy', '/media/copy.webm');
    expect(copy.referralId).not.toBe(first.referralId);
    const linked = await waitFor('the copy labelled as the same media', async () => {
      const referral: ReferralItem | undefined = await stack.getReferral(copy.referralId);
      // The screenshots of the two pages (the same first frame in the same player) may match as images too.
      return referral?.labels.find((label) => label.name === 'same-media' && label.rule.startsWith('vpdq'));
    });
    expect(linked).toMatchObject({ value: first.referralId, rule: expect.stringMatching(/^vpdq 100% of this video's frames >= 80% \(other video 100%\)/) });
  }, 180_000);
});
