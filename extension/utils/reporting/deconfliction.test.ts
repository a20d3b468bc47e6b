import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDeconfliction, describeLookup, heldBadgeText, lookupTtlMs, referredBadgeText } from './deconfliction';

const referred = {
  referred: true as const,
  canonicalUrl: 'https://t.me/s/chan/1',
  contentKey: 'k',
  referralId: 'ref-1',
  status: 'acknowledged' as const,
  unitCount: 2,
  reportCount: 3,
  outcome: 'removed',
  holds: [],
};

// Chrome's types omit the documented `text: null` (fall back to the global badge); the fake browser honours it.
const badge = {
  setBadgeText: (details: { tabId: number; text: string | null }) => fakeBrowser.action.setBadgeText(details as { tabId: number; text: string }),
  setBadgeBackgroundColor: (details: { tabId: number; color: string }) => fakeBrowser.action.setBadgeBackgroundColor(details),
  setTitle: (details: { tabId: number; title: string }) => fakeBrowser.action.setTitle(details),
};

describe('deconfliction', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('marks the tab badge and caches the answer for a minute', async () => {
    const now = { value: 0 };
    const lookup = vi.fn(async () => ({ kind: 'ok' as const, status: 200, value: referred }));
    const deconfliction = createDeconfliction({ api: { lookup }, badge, now: () => now.value });
    const view = await deconfliction.checkTab(7, 'https://t.me/s/chan/1');
    expect(describeLookup(view)).toBe('Already referred: acknowledged, 2 units, removed');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe(referredBadgeText);
    await deconfliction.lookup('https://t.me/s/chan/1');
    expect(lookup).toHaveBeenCalledTimes(1);
    now.value += lookupTtlMs;
    await deconfliction.lookup('https://t.me/s/chan/1');
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it("shows another unit's hold as whom to call, over the referred badge, and never its reason", async () => {
    const hold = { kind: 'channel' as const, unit: 'fr-pharos', contact: 'duty desk', expiresAt: '2027-01-01T00:00:00.000Z', own: false };
    const lookup = vi.fn(async () => ({ kind: 'ok' as const, status: 200, value: { ...referred, holds: [hold] } }));
    const deconfliction = createDeconfliction({ api: { lookup }, badge, now: () => 0 });
    const view = await deconfliction.checkTab(3, 'https://t.me/s/chan/1');
    expect(describeLookup(view)).toBe('hold: contact unit fr-pharos (duty desk) · Already referred: acknowledged, 2 units, removed');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe(heldBadgeText);
    expect(await fakeBrowser.action.getTitle({ tabId: 3 })).toContain('hold: contact unit fr-pharos');
  });

  it("shows the holding unit's own officers its reason, without the hold badge", async () => {
    const hold = { kind: 'content' as const, unit: 'eu-iru', contact: 'desk', expiresAt: '2027-01-01T00:00:00.000Z', own: true, reason: 'watching' };
    const lookup = vi.fn(async () => ({ kind: 'ok' as const, status: 200, value: { referred: false as const, canonicalUrl: 'https://a.example/', contentKey: 'k', holds: [hold] } }));
    const deconfliction = createDeconfliction({ api: { lookup }, badge, now: () => 0 });
    const view = await deconfliction.checkTab(4, 'https://a.example/');
    expect(describeLookup(view)).toBe('hold by your unit: watching (contact desk) · Not referred yet');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('');
  });

  it('clears the tab badge for pages nobody referred and reports an unreachable API', async () => {
    const lookup = vi
      .fn()
      .mockResolvedValueOnce({ kind: 'ok', status: 200, value: { referred: false, canonicalUrl: 'https://a.example/', contentKey: 'k' } })
      .mockResolvedValueOnce({ kind: 'network', message: 'offline' });
    const deconfliction = createDeconfliction({ api: { lookup }, badge, now: () => 0 });
    await fakeBrowser.action.setBadgeText({ tabId: 1, text: 'REF' });
    expect(await deconfliction.checkTab(1, 'https://a.example/')).toEqual({ state: 'not_referred' });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 1 })).toBe('');
    expect(await deconfliction.checkTab(1, 'https://b.example/')).toEqual({ state: 'unavailable', message: 'offline' });
  });

  it("does not keep a 'not referred' answer for a page this officer just filed: the referral is still being built", async () => {
    const lookup = vi
      .fn()
      .mockResolvedValueOnce({ kind: 'ok', status: 200, value: { referred: false, canonicalUrl: 'https://t.me/s/chan/1', contentKey: 'k' } })
      .mockResolvedValueOnce({ kind: 'ok', status: 200, value: referred });
    const deconfliction = createDeconfliction({ api: { lookup }, badge, now: () => 0 });
    await deconfliction.forget('https://t.me/s/chan/1');
    expect(await deconfliction.checkTab(3, 'https://t.me/s/chan/1')).toEqual({ state: 'not_referred' });
    expect((await deconfliction.checkTab(3, 'https://t.me/s/chan/1')).state).toBe('referred');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe(referredBadgeText);
  });
});
