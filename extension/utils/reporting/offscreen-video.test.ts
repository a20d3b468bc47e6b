import { describe, expect, it, vi } from 'vitest';
import { createOffscreenVideoCapture, createSampleVideoListener, offscreenDocumentPath, videoCaptureFor, type OffscreenApi } from './offscreen-video';

const video = { url: 'https://video.example.com/a.webm', sha256: 'b'.repeat(64), bytes: 10, mediaType: 'video/webm', durationSeconds: 1, frames: [{ pdq: 'c'.repeat(64), quality: 80, timestamp: 0 }] };

const fakeApi = (answer: unknown, contexts: unknown[] = []) => {
  const api = {
    offscreen: { createDocument: vi.fn(async () => undefined) },
    runtime: { getContexts: vi.fn(async () => contexts), sendMessage: vi.fn(async () => answer) },
  } satisfies OffscreenApi;
  return api;
};

describe('video sampling in an offscreen document', () => {
  it('opens the offscreen document once, asks it for the video and checks its answer against the contract', async () => {
    const api = fakeApi({ ok: true, video });
    const capture = createOffscreenVideoCapture(api);
    await expect(capture(video.url)).resolves.toEqual({ ok: true, video });
    expect(api.offscreen.createDocument).toHaveBeenCalledWith(expect.objectContaining({ url: offscreenDocumentPath, reasons: ['BLOBS'] }));
    expect(api.runtime.sendMessage).toHaveBeenCalledWith({ target: 'offscreen', type: 'sample-video', url: video.url });

    const open = fakeApi({ ok: true, video }, [{ contextType: 'OFFSCREEN_DOCUMENT' }]);
    await createOffscreenVideoCapture(open)(video.url);
    expect(open.offscreen.createDocument).not.toHaveBeenCalled();
  });

  it('turns an invalid answer or a failure into a reason, never a throw', async () => {
    await expect(createOffscreenVideoCapture(fakeApi({ ok: true, video: { ...video, frames: [{ pdq: '<b>', quality: 80, timestamp: 0 }] } }))(video.url)).resolves.toEqual({ ok: false, reason: 'the offscreen document gave no valid answer' });
    const failing = fakeApi(undefined);
    failing.offscreen.createDocument.mockRejectedValue(new Error('offscreen refused'));
    await expect(createOffscreenVideoCapture(failing)(video.url)).resolves.toEqual({ ok: false, reason: 'offscreen refused' });
  });

  it("answers only this extension's sampling requests, leaving the popup's messages to the background", async () => {
    const captureVideo = vi.fn(async () => ({ ok: true as const, video }));
    const listener = createSampleVideoListener({ id: 'self' }, captureVideo);
    const sendResponse = vi.fn();
    expect(listener({ name: 'getOutbox', data: {} }, { id: 'self' }, sendResponse)).toBe(false);
    expect(listener({ target: 'offscreen', type: 'sample-video', url: video.url }, { id: 'other-extension' }, sendResponse)).toBe(false);
    expect(listener({ target: 'offscreen', type: 'sample-video', url: 'javascript:alert(1)' }, { id: 'self' }, sendResponse)).toBe(false);
    expect(captureVideo).not.toHaveBeenCalled();
    expect(listener({ target: 'offscreen', type: 'sample-video', url: video.url }, { id: 'self' }, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, video }));
  });

  it('samples through the offscreen document where the browser has one (Chrome), else in the background page (Firefox)', async () => {
    const inOwnDocument = vi.fn(async () => ({ ok: false as const, reason: 'sampled in the background page' }));
    const chrome = fakeApi({ ok: true, video });
    await expect(videoCaptureFor(chrome, inOwnDocument)(video.url)).resolves.toEqual({ ok: true, video });
    expect(inOwnDocument).not.toHaveBeenCalled();
    const firefox = { runtime: chrome.runtime };
    await expect(videoCaptureFor(firefox, inOwnDocument)(video.url)).resolves.toEqual({ ok: false, reason: 'sampled in the background page' });
    expect(chrome.offscreen.createDocument).toHaveBeenCalledTimes(1);
  });
});
