import { describe, expect, it } from 'vitest';
import { captureManifestBytes } from './manifest-bytes';

const manifest = {
  capturedAt: '2026-12-06T04:00:00Z',
  url: 'https://t.me/s/example/42',
  extensionVersion: '0.1.0',
  browser: 'Chromium 156',
  artifacts: [{ kind: 'screenshot' as const, sha256: 'a'.repeat(64), bytes: 12, mediaType: 'image/png' }],
};

describe('captureManifestBytes', () => {
  it('writes keys sorted at every level, without white space', () => {
    expect(new TextDecoder().decode(captureManifestBytes(manifest))).toBe(
      `{"artifacts":[{"bytes":12,"kind":"screenshot","mediaType":"image/png","sha256":"${'a'.repeat(64)}"}],"browser":"Chromium 156","capturedAt":"2026-12-06T04:00:00Z","extensionVersion":"0.1.0","url":"https://t.me/s/example/42"}`,
    );
  });

  it('gives the same bytes whatever order the keys arrived in, and other bytes for another manifest', () => {
    const reordered = { artifacts: manifest.artifacts, browser: manifest.browser, url: manifest.url, extensionVersion: manifest.extensionVersion, capturedAt: manifest.capturedAt };
    expect(captureManifestBytes(reordered)).toEqual(captureManifestBytes(manifest));
    expect(captureManifestBytes({ ...manifest, url: 'https://t.me/s/example/43' })).not.toEqual(captureManifestBytes(manifest));
  });
});
