import * as z from 'zod';
import { capturedVideoV1, httpUrl } from '../contract';
import type { FlaggedVideoResult } from './video-capture';

/**
 * Where a flagged video is played to sample its frames. Chrome's background is a service worker
 * without a DOM (no <video>), so the background opens an offscreen document and asks it; Firefox
 * has no offscreen API, but its MV3 background is an event page with a DOM, so it samples there.
 */

/** The offscreen document's page (entrypoints/offscreen/index.html). */
export const offscreenDocumentPath = '/offscreen.html';

/** The one request the offscreen document answers. Other messages (the popup's to the background) reach it too. */
export const sampleVideoRequest = z.strictObject({ target: z.literal('offscreen'), type: z.literal('sample-video'), url: httpUrl });
export type SampleVideoRequest = z.infer<typeof sampleVideoRequest>;

/** Checked on receipt like every answer: what the background adds to a manifest is the contract's. */
export const flaggedVideoResult = z.union([
  z.strictObject({ ok: z.literal(true), video: capturedVideoV1 }),
  z.strictObject({ ok: z.literal(false), reason: z.string().max(500) }),
]);

/** The parts of chrome.offscreen and chrome.runtime the background uses. */
export interface OffscreenApi {
  offscreen: {
    createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
  };
  runtime: {
    getContexts(filter: { contextTypes: string[] }): Promise<unknown[]>;
    sendMessage(message: unknown): Promise<unknown>;
  };
}

/** Chrome only allows one offscreen document per extension: concurrent captures share its creation. */
export const createOffscreenVideoCapture = (api: OffscreenApi) => {
  let creating: Promise<void> | undefined;
  const ensureDocument = async (): Promise<void> => {
    if ((await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0) return;
    creating ??= api.offscreen
      .createDocument({
        url: offscreenDocumentPath,
        // No reason names video decoding; BLOBS is what it does: plays the fetched bytes from a blob: URL.
        reasons: ['BLOBS'],
        justification: 'Decode a video the officer flagged, one frame a second, to hash its frames (vPDQ).',
      })
      .finally(() => {
        creating = undefined;
      });
    await creating;
  };
  return async (url: string): Promise<FlaggedVideoResult> => {
    try {
      await ensureDocument();
      const request: SampleVideoRequest = { target: 'offscreen', type: 'sample-video', url };
      const answer = flaggedVideoResult.safeParse(await api.runtime.sendMessage(request));
      return answer.success ? answer.data : { ok: false, reason: 'the offscreen document gave no valid answer' };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
};

/**
 * The offscreen document's listener: answers only this extension's own sampling requests and
 * leaves every other message to the background (returning false lets the background answer).
 */
export const createSampleVideoListener =
  (self: { id: string }, captureVideo: (url: string) => Promise<FlaggedVideoResult>) =>
  (message: unknown, sender: { id?: string }, sendResponse: (answer: FlaggedVideoResult) => void): boolean => {
    const request = sampleVideoRequest.safeParse(message);
    if (!request.success || sender.id !== self.id) return false;
    void captureVideo(request.data.url).then(sendResponse, (error: unknown) => sendResponse({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
    return true;
  };

/**
 * The background's way to sample a video: through an offscreen document where the browser has the
 * API (Chrome), else in the background's own DOM (Firefox, whose MV3 background is an event page).
 */
export const videoCaptureFor = (api: object, inOwnDocument: (url: string) => Promise<FlaggedVideoResult>): ((url: string) => Promise<FlaggedVideoResult>) =>
  'offscreen' in api && (api as { offscreen?: unknown }).offscreen !== undefined ? createOffscreenVideoCapture(api as OffscreenApi) : inOwnDocument;
