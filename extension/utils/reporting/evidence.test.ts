import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { captureEvidence, loadArtifact, removeArtifact, storeArtifacts } from './evidence';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('captureEvidence', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('hashes screenshot, MHTML and selection at capture time into a valid manifest', async () => {
    const mhtml = 'From: <Saved by Blink>\r\nContent-Type: multipart/related;';
    const { manifest, captured } = await captureEvidence(
      {
        captureVisibleTab: async () => `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
        saveAsMhtml: async () => new Blob([mhtml]),
        now: () => new Date('2025-05-01T10:00:00.123Z'),
        extensionVersion: '0.1.0',
        browser: 'chrome',
      },
      { tabId: 1, windowId: 2, url: 'https://t.me/s/chan/1', screenshot: true, mhtml: true, selectedText: 'join us' },
    );
    expect(manifest).toEqual({
      capturedAt: '2025-05-01T10:00:00.123Z',
      url: 'https://t.me/s/chan/1',
      extensionVersion: '0.1.0',
      browser: 'chrome',
      artifacts: [
        { kind: 'screenshot', sha256: sha(png), bytes: png.length, mediaType: 'image/png' },
        { kind: 'mhtml', sha256: sha(mhtml), bytes: mhtml.length, mediaType: 'multipart/related' },
        { kind: 'selection', sha256: sha('join us'), bytes: 7, mediaType: 'text/plain' },
      ],
    });
    await storeArtifacts(captured);
    expect(await loadArtifact(sha(png))).toEqual(png);
    await removeArtifact(sha(png));
    expect(await loadArtifact(sha(png))).toBeUndefined();
  });

  it('skips MHTML where the browser has no pageCapture', async () => {
    const { manifest } = await captureEvidence(
      { captureVisibleTab: async () => 'data:image/png;base64,iVBORw==', now: () => new Date(0), extensionVersion: '0.1.0', browser: 'firefox' },
      { tabId: 1, windowId: 2, url: 'https://example.org/', screenshot: true, mhtml: true },
    );
    expect(manifest.artifacts.map((a) => a.kind)).toEqual(['screenshot']);
  });
});
