import { describe, expect, it } from 'vitest';
import { detectHandle, detectPlatform } from './platform';

describe('detectPlatform', () => {
  it.each([
    ['https://x.com/someone/status/1', 'x'],
    ['https://mobile.twitter.com/someone', 'x'],
    ['https://t.me/s/channel/5', 'telegram'],
    ['https://www.instagram.com/p/abc/', 'instagram'],
    ['https://www.tiktok.com/@user/video/1', 'tiktok'],
    ['https://youtu.be/xyz', 'youtube'],
    ['https://m.facebook.com/page', 'facebook'],
    ['https://justpaste.it/abc12', 'justpaste-it'],
    ['https://archive.org/details/x', 'archive-org'],
    // Hosts outside the registry are filed under their registrable domain, and shown so.
    ['https://example.com/x.com', 'example.com'],
    ['https://forum.notx.com/a', 'notx.com'],
    ['javascript:alert(1)', 'other'],
    ['not a url', 'other'],
  ])('%s -> %s', (url, platform) => {
    expect(detectPlatform(url)).toBe(platform);
  });
});

describe('detectHandle', () => {
  it.each([
    ['https://x.com/Some_One/status/123', '@Some_One'],
    ['https://twitter.com/some_one', '@some_one'],
    ['https://x.com/search?q=a', undefined],
    ['https://x.com/i/web/status/1', undefined],
    ['https://t.me/channel_name/42', 'channel_name'],
    ['https://t.me/s/channel_name', 'channel_name'],
    ['https://t.me/joinchat/AbCd', undefined],
    ['https://t.me/+invitecode', undefined],
    ['https://www.instagram.com/user.name/', '@user.name'],
    ['https://www.instagram.com/p/Cxyz/', undefined],
    ['https://www.instagram.com/stories/user.name/123/', '@user.name'],
    ['https://www.tiktok.com/@creator/video/7', '@creator'],
    ['https://www.tiktok.com/tag/foo', undefined],
    ['https://example.com/@someone', undefined],
    ['https://x.com/%3Cimg%20src%3Dx%3E', undefined],
  ])('%s -> %s', (url, handle) => {
    expect(detectHandle(url)).toBe(handle);
  });
});
