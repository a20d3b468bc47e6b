import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { outboxItem, settingsItem, defaultApiUrl } from './storage';

describe('storage items', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('migrates a version 1 outbox (bare reports) to version 2 entries', async () => {
    const bare = {
      submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11',
      url: 'https://t.me/s/example/1',
      category: 'recruitment',
      subTags: [],
      urgent: false,
      legalRoute: 'referral',
      capture: {
        capturedAt: '2025-01-01T00:00:00.000Z',
        url: 'https://t.me/s/example/1',
        extensionVersion: '0.0.9',
        browser: 'chrome',
        artifacts: [{ kind: 'screenshot', sha256: 'b'.repeat(64), bytes: 10, mediaType: 'image/png' }],
      },
    };
    await fakeBrowser.storage.local.set({ outbox: [bare], outbox$: { v: 1 } });
    await outboxItem.migrate();
    expect(await outboxItem.getValue()).toEqual([
      {
        submissionId: bare.submissionId,
        report: bare,
        createdAt: '1970-01-01T00:00:00.000Z',
        attempts: 0,
        nextAttemptAt: 0,
        artifacts: [{ kind: 'screenshot', sha256: 'b'.repeat(64), bytes: 10, mediaType: 'image/png', uploaded: false }],
      },
    ]);
    expect((await fakeBrowser.storage.local.get('outbox$'))['outbox$']).toEqual({ v: 2 });
  });

  it('falls back to the local stack API and automatic lookups off', async () => {
    expect(await settingsItem.getValue()).toEqual({ apiUrl: import.meta.env.WXT_API_URL || defaultApiUrl, autoLookup: false });
  });
});
