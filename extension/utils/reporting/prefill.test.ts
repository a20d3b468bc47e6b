import { describe, expect, it } from 'vitest';
import { buildPrefill } from './prefill';

const page = (overrides: Partial<{ url: string; title: string; selection: string; canonicalUrl: string; lang: string }> = {}) => ({
  url: 'https://x.com/someone/status/1#reply',
  title: 'Post title',
  selection: '',
  ...overrides,
});

describe('buildPrefill', () => {
  it('prefills the full URL (the server drops fragments that are not content), title, platform and handle from the page', () => {
    expect(buildPrefill({ tab: { url: 'https://x.com/someone/status/1#reply', title: 'Tab title' }, page: page() })).toEqual({
      url: 'https://x.com/someone/status/1#reply',
      reportable: true,
      title: 'Post title',
      platform: 'x',
      handle: '@someone',
    });
  });

  it('lists the links the page holds to other platforms as out-links, and none when there are none', () => {
    const links = ['https://gofile.io/d/b7CpnJ', 'https://x.com/someone/status/2', 'https://pixeldrain.com/u/kX0F7t5i'];
    expect(buildPrefill({ tab: {}, page: { ...page(), links } }).outLinks).toEqual(['https://gofile.io/d/b7CpnJ', 'https://pixeldrain.com/u/kX0F7t5i']);
    expect(buildPrefill({ tab: {}, page: { ...page(), links: ['https://x.com/other'] } })).not.toHaveProperty('outLinks');
  });

  it("carries the page's declared language when it is a language tag, as evidence for short text", () => {
    expect(buildPrefill({ tab: {}, page: page({ lang: 'fr-FR' }) }).pageLanguage).toBe('fr-FR');
    for (const lang of ['', ' ', 'français', '<b>fr</b>']) {
      expect(buildPrefill({ tab: {}, page: page({ lang }) }), lang).not.toHaveProperty('pageLanguage');
    }
  });

  it("keeps a Telegram Web chat in the fragment, even when the app declares a canonical link", () => {
    const prefill = buildPrefill({ tab: {}, page: page({ url: 'https://web.telegram.org/k/#@somechannel', canonicalUrl: 'https://web.telegram.org/k/' }) });
    expect(prefill.url).toBe('https://web.telegram.org/k/#@somechannel');
  });

  it('uses the canonical link on the same site only', () => {
    const sameSite = buildPrefill({
      tab: {},
      page: page({ url: 'https://www.example.org/a?utm=1', canonicalUrl: 'https://example.org/a' }),
    });
    expect(sameSite.url).toBe('https://example.org/a');
    const otherSite = buildPrefill({
      tab: {},
      page: page({ url: 'https://example.org/a', canonicalUrl: 'https://victim.example.com/innocent' }),
    });
    expect(otherSite.url).toBe('https://example.org/a');
  });

  it('keeps right-clicked link, media and selection, and drops non-http(s) ones', () => {
    const prefill = buildPrefill({
      tab: { url: 'https://example.org/' },
      context: {
        linkUrl: 'https://t.me/s/chan',
        srcUrl: 'https://cdn.example.org/v.mp4',
        mediaType: 'video',
        selectionText: '  selected words ',
        taggedAt: 0,
      },
    });
    expect(prefill).toMatchObject({
      linkUrl: 'https://t.me/s/chan',
      mediaUrl: 'https://cdn.example.org/v.mp4',
      selectedText: 'selected words',
      handle: 'chan',
    });
    const hostile = buildPrefill({
      tab: { url: 'https://example.org/' },
      context: { linkUrl: 'javascript:alert(1)', srcUrl: 'data:image/png;base64,AA', mediaType: 'image', taggedAt: 0 },
    });
    expect(hostile.linkUrl).toBeUndefined();
    expect(hostile.mediaUrl).toBeUndefined();
  });

  it('marks browser-internal pages as not reportable', () => {
    expect(buildPrefill({ tab: { url: 'chrome://settings/' } }).reportable).toBe(false);
  });
});
