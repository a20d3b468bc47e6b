import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, type CanonicalizeErrorCode, type CanonicalUrl } from './canonical-url';

const ok = (input: string): CanonicalUrl => {
  const result = canonicalizeUrl(input);
  if (!result.ok) throw new Error(`${input}: ${result.error.code} ${result.error.message}`);
  return result.value;
};
const keyOf = (input: string): string => ok(input).contentKey;

/** Every URL in a group names the same item, so all must share `key`. */
const equivalences: ReadonlyArray<readonly [key: string, urls: readonly string[]]> = [
  ['youtube:video:dQw4w9WgXcQ', [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?v=dQw4w9WgXcQ&feature=share&si=AbC',
    'http://m.youtube.com/watch?app=desktop&v=dQw4w9WgXcQ&t=42s',
    'https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDAMVM',
    'https://youtu.be/dQw4w9WgXcQ?si=xyz',
    'https://www.youtube.com/shorts/dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1',
    'https://www.youtube.com/live/dQw4w9WgXcQ?feature=share',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    'HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ#t=10',
  ]],
  ['x:status:1790000000000000001', [
    'https://x.com/someone/status/1790000000000000001',
    'https://twitter.com/SomeOne/status/1790000000000000001?s=20&t=AbCdEf',
    'https://mobile.twitter.com/someone/status/1790000000000000001/photo/1',
    'https://www.twitter.com/i/web/status/1790000000000000001',
    'https://x.com/i/status/1790000000000000001',
    'https://twitter.com/someone/statuses/1790000000000000001',
    'https://fxtwitter.com/someone/status/1790000000000000001',
    'https://vxtwitter.com/someone/status/1790000000000000001',
    'https://twitter.com/#!/someone/status/1790000000000000001',
  ]],
  ['facebook:post:10158000000000001', [
    'https://www.facebook.com/SomePage/posts/10158000000000001',
    'https://m.facebook.com/SomePage/posts/10158000000000001?mibextid=Nif5oz',
    'https://mbasic.facebook.com/permalink.php?story_fbid=10158000000000001&id=100000000000001',
    'https://web.facebook.com/story.php?story_fbid=10158000000000001&id=100000000000001&_rdr',
    'https://fb.com/groups/123456/posts/10158000000000001/',
    'https://www.facebook.com/groups/somegroup/permalink/10158000000000001/',
  ]],
  ['facebook:video:2345678901234567', [
    'https://www.facebook.com/watch/?v=2345678901234567',
    'https://m.facebook.com/watch?v=2345678901234567&ref=sharing',
    'https://www.facebook.com/SomePage/videos/2345678901234567/',
    'https://www.facebook.com/SomePage/videos/some-title/2345678901234567/',
    'https://www.facebook.com/reel/2345678901234567',
    'https://www.facebook.com/video.php?v=2345678901234567',
  ]],
  ['instagram:post:C1a2B3c4D5e', [
    'https://www.instagram.com/p/C1a2B3c4D5e/',
    'https://instagram.com/p/C1a2B3c4D5e?igsh=MWQ1ZGUxMzBkMA==',
    'https://www.instagram.com/reel/C1a2B3c4D5e/?utm_source=ig_web_copy_link',
    'https://www.instagram.com/reels/C1a2B3c4D5e/',
    'https://www.instagram.com/tv/C1a2B3c4D5e',
    'https://instagr.am/p/C1a2B3c4D5e/',
    'https://www.instagram.com/someuser/p/C1a2B3c4D5e/?img_index=2',
  ]],
  ['tiktok:video:7234567890123456789', [
    'https://www.tiktok.com/@some.user/video/7234567890123456789',
    'https://m.tiktok.com/@some.user/video/7234567890123456789?is_from_webapp=1&sender_device=pc',
    'https://tiktok.com/@Some.User/video/7234567890123456789?_r=1&_t=8abc',
    'https://www.tiktok.com/embed/v2/7234567890123456789',
    'https://m.tiktok.com/v/7234567890123456789.html',
  ]],
  ['telegram:post:example_channel/123', [
    'https://t.me/example_channel/123',
    'https://t.me/s/Example_Channel/123',
    'https://telegram.me/example_channel/123?single',
    'https://telegram.dog/EXAMPLE_CHANNEL/123?embed=1',
    'http://www.t.me/example_channel/123?comment=5',
    'https://t.me/example_channel/7/123',
  ]],
  ['telegram:post:c/1234567890/55', ['https://t.me/c/1234567890/55', 'https://telegram.me/c/1234567890/55']],
  ['archive:x:status:1790000000000000001', [
    'https://web.archive.org/web/20240101000000/https://twitter.com/someone/status/1790000000000000001',
    'https://web.archive.org/web/20240315123456id_/https://x.com/someone/status/1790000000000000001?s=20',
    'http://web.archive.org/web/2024if_/http://mobile.twitter.com/someone/status/1790000000000000001',
    'https://web.archive.org/web/20240101000000/twitter.com/someone/status/1790000000000000001',
  ]],
  ['archive:https://example.org/manifesto.pdf', [
    'https://web.archive.org/web/20200101000000/https://example.org/manifesto.pdf',
    'https://web.archive.org/web/20210101/https://EXAMPLE.org/./manifesto.pdf?utm_campaign=x',
    'https://web.archive.org/web/20200101000000/https%3A%2F%2Fexample.org%2Fmanifesto.pdf',
  ]],
  ['archive:item:some-item_2020', [
    'https://archive.org/details/some-item_2020',
    'https://www.archive.org/details/some-item_2020/file.mp4',
    'https://archive.org/download/some-item_2020/file.mp4',
    'https://ia800300.us.archive.org/12/items/some-item_2020/file.mp4',
  ]],
  ['mega:file:abcdEFGH', ['https://mega.nz/file/abcdEFGH#key', 'https://mega.nz/#!abcdEFGH!key', 'https://mega.co.nz/#!abcdEFGH!otherkey']],
  ['google-drive:file:1AbCdEfGhIjKlMnOpQrStUvWxYz012345', [
    'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view?usp=sharing',
    'https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    'https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/edit',
  ]],
  ['pastebin:paste:AbCd1234', ['https://pastebin.com/AbCd1234', 'https://pastebin.com/raw/AbCd1234']],
  ['https://example.com/a/c?a=2&z=1', [
    'https://example.com/a/c?z=1&a=2',
    'HTTPS://EXAMPLE.COM:443/a/./b/../c?utm_source=x&z=1&a=2&fbclid=1#frag',
    'https://example.com//a//c?a=2&gclid=3&z=1&jsessionid=ABC',
    ' https://example.com/a/c?a=2&z=1\n',
    'https:\\\\example.com\\a\\c?a=2&z=1',
  ]],
];

describe('canonicalizeUrl: platform equivalences', () => {
  for (const [key, urls] of equivalences) {
    it.each(urls)(`${key} <- %s`, (url) => {
      expect(keyOf(url)).toBe(key);
    });
  }
});

describe('canonicalizeUrl: canonical URLs and explanations', () => {
  it('gives a YouTube video its watch URL and lists the rules applied', () => {
    expect(ok('http://m.youtube.com/shorts/dQw4w9WgXcQ?si=x')).toEqual({
      canonicalUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      contentKey: 'youtube:video:dQw4w9WgXcQ',
      platform: 'youtube',
      host: 'youtube.com',
      registrableDomain: 'youtube.com',
      rules: ['safe-browsing', 'host-alias:m', 'https-upgrade', 'tracking-params-removed:si', 'platform:youtube-video:shorts'],
    });
  });

  it('keys a Wayback snapshot by its target and keeps the timestamp in the URL', () => {
    const value = ok('https://web.archive.org/web/20200101000000id_/https://twitter.com/u/status/123');
    expect(value.canonicalUrl).toBe('https://web.archive.org/web/20200101000000/https://x.com/u/status/123');
    expect(value.contentKey).toBe('archive:x:status:123');
    expect(value.platform).toBe('archive-org');
    expect(value.rules).toContain('archive-modifier-removed:id_');
    expect(value.rules).toContain('target:platform:x-status');
  });

  it('keeps a Wayback URL whose target is not http(s) as its own URL', () => {
    const value = ok('https://web.archive.org/web/2020/ftp://example.org/file');
    expect(value.contentKey).toBe('https://web.archive.org/web/2020/ftp:/example.org/file');
    expect(value.rules).toContain('archive-target-invalid:unsupported_scheme');
  });

  it.each([
    ['https://vm.tiktok.com/ZMabc123/?_r=1', 'platform:tiktok-short-link-unresolved'],
    ['https://www.tiktok.com/t/ZTRabc123/', 'platform:tiktok-short-link-unresolved'],
    ['https://www.facebook.com/share/p/1AbCdEfGh/', 'platform:facebook-share-link-unresolved'],
    ['https://fb.watch/abcDEF/', 'platform:facebook-short-link-unresolved'],
    ['https://t.co/AbCdEf', 'platform:x-short-link-unresolved'],
  ])('keys the short link %s as its own URL and says so', (url, rule) => {
    const value = ok(url);
    expect(value.contentKey).toBe(value.canonicalUrl);
    expect(value.rules).toContain(rule);
  });

  it('drops tracking and session parameters, and only where they are noise', () => {
    const value = ok('https://example.com/p?utm_medium=social&b=2&PHPSESSID=x&a=1&t=5&s=9');
    expect(value.canonicalUrl).toBe('https://example.com/p?a=1&b=2&s=9&t=5');
    expect(value.rules).toEqual(['safe-browsing', 'tracking-params-removed:utm_medium', 'session-params-removed:phpsessid', 'query-sorted']);
    // On X, s and t are share tracking; on other hosts they may be content.
    expect(ok('https://x.com/explore?s=20&t=abc&q=1').canonicalUrl).toBe('https://x.com/explore?q=1');
    expect(ok('https://example.com/p;jsessionid=ABC123').canonicalUrl).toBe('https://example.com/p');
  });

  it('keeps www. and the scheme apart on sites that are not listed platforms', () => {
    expect(keyOf('http://www.example.com/')).not.toBe(keyOf('https://example.com/'));
    expect(keyOf('http://example.com/')).toBe('http://example.com/');
  });

  it('reads extra slashes after the scheme as WHATWG URL does', () => {
    expect(keyOf('http:///example.com/path')).toBe('http://example.com/path');
  });

  it('keeps non-default ports and removes default ones', () => {
    expect(keyOf('http://example.com:8080/')).toBe('http://example.com:8080/');
    expect(keyOf('http://example.com:080/')).toBe('http://example.com/');
    expect(ok('https://example.com:443/').rules).toContain('default-port-removed');
  });

  it('keeps query values with escaped separators distinct from separators', () => {
    expect(keyOf('https://example.com/s?q=a%26b')).toBe('https://example.com/s?q=a%26b');
    expect(keyOf('https://example.com/s?q=a&b')).toBe('https://example.com/s?b&q=a');
    expect(keyOf('https://example.com/s?q=a+b')).toBe(keyOf('https://example.com/s?q=a%20b'));
    expect(keyOf('https://example.com/a%3Fb')).toBe('https://example.com/a%3Fb');
  });

  it('normalizes odd IPv4 forms and IPv6', () => {
    expect(keyOf('http://3279880203/blah')).toBe('http://195.127.0.11/blah');
    expect(keyOf('http://0xc3.0x7f.0.11/')).toBe('http://195.127.0.11/');
    expect(keyOf('http://0303.0177.0.013/')).toBe('http://195.127.0.11/');
    expect(keyOf('http://%31%39%35.127.0.11/')).toBe('http://195.127.0.11/');
    expect(keyOf('http://[2001:DB8:0:0::1]:8080/x')).toBe('http://[2001:db8::1]:8080/x');
    expect(ok('http://195.127.0.11/').registrableDomain).toBeNull();
  });

  it('converts internationalized hosts to punycode', () => {
    const value = ok('https://München.DE/straße');
    expect(value.canonicalUrl).toBe('https://xn--mnchen-3ya.de/stra%C3%9Fe');
    expect(value.rules).toContain('idn-to-punycode');
    expect(keyOf('https://m%C3%BCnchen.de/')).toBe('https://xn--mnchen-3ya.de/');
    expect(keyOf('https://xn--mnchen-3ya.de/')).toBe('https://xn--mnchen-3ya.de/');
  });

  it('attributes unlisted sites to their registrable domain', () => {
    const value = ok('https://news.example.co.uk/article');
    expect(value.platform).toBe('example.co.uk');
    expect(value.registrableDomain).toBe('example.co.uk');
  });
});

describe('canonicalizeUrl: errors are values', () => {
  it.each<[string, CanonicalizeErrorCode]>([
    ['', 'invalid_url'],
    ['   ', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['www.example.com/no-scheme', 'invalid_url'],
    ['javascript:alert(1)', 'unsupported_scheme'],
    ['data:text/html,hi', 'unsupported_scheme'],
    ['file:///etc/passwd', 'unsupported_scheme'],
    ['ftp://example.com/', 'unsupported_scheme'],
    ['https://user:pw@example.com/', 'credentials'],
    ['https://user@example.com/', 'credentials'],
    ['https://' + 'a'.repeat(4100) + '.com/', 'too_long'],
    ['https://x.com/' + 'a'.repeat(5_000_000), 'too_long'],
    ['http://', 'invalid_url'],
    ['http://?q=1', 'invalid_url'],
    ['http://#frag', 'invalid_url'],
    ['http://\u3002/', 'bad_host'],
    ['http://example.com:99999/', 'invalid_url'],
    ['http://example.com:8x/', 'invalid_url'],
    ['http://1.2.3.256/', 'bad_host'],
    ['http://4294967296/', 'bad_host'],
    ['http://host%23.com/', 'bad_host'],
    ['http://W!eird<>Ho$^.com/', 'bad_host'],
    ['http://\u0001\u0080.com/', 'bad_host'],
    ['http://ex%2Fample.com/', 'bad_host'],
    ['http://exa\uFF0Fmple.com/', 'bad_host'],
    ['http://%ff%fe.com/', 'bad_host'],
    ['http://[::1/', 'bad_host'],
    ['http://[not-ipv6]/', 'bad_host'],
    ['http://...', 'bad_host'],
    ['http://' + 'a'.repeat(64) + '.com/', 'bad_host'],
  ])('%j -> %s', (input, code) => {
    const result = canonicalizeUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).not.toBe('');
    }
  });

  it('answers a near-limit hostile URL quickly', () => {
    const hostile = 'http://example.com/' + '%25'.repeat(400) + '25'.repeat(500) + '/..'.repeat(300) + '?' + '&a=%2525'.repeat(100);
    expect(hostile.length).toBeLessThanOrEqual(4096);
    const started = performance.now();
    expect(canonicalizeUrl(hostile).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

const hostileUrl = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTP://', 'https:\\\\', 'http:', 'https:///'),
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '.', '%', '2', '5', 'e', 'x', '@', ':', '[', ']', 'ü', '。', '\u0000', ' ', '/', '\\', '?', '#', '&', '=', '+', ';') , maxLength: 60 }),
      fc.constantFrom('', '/', '/watch?v=dQw4w9WgXcQ', '/x/status/123', '/web/2020/http://a.com/b', '/p/abcdef/', '/%2e%2e/%2F'),
    )
    .map(([scheme, middle, tail]) => scheme + middle + tail),
  fc
    .tuple(
      fc.constantFrom('youtube.com', 'youtu.be', 'x.com', 'twitter.com', 't.me', 'web.archive.org', 'facebook.com', 'instagram.com', 'tiktok.com', 'mega.nz', 'example.com'),
      fc.array(fc.string({ unit: fc.constantFrom('a', 'B', '1', '_', '-', '.', '@', '%', '2', 'F', 's', 'status', 'web', 'p', 'c'), maxLength: 12 }), { maxLength: 5 }),
      fc.array(fc.tuple(fc.constantFrom('v', 'si', 'utm_x', 'id', 'story_fbid', 's', 'a', 'B'), fc.string({ maxLength: 8 })), { maxLength: 4 }),
    )
    .map(([host, segments, params]) => `https://${host}/${segments.join('/')}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
);

describe('canonicalizeUrl: properties', () => {
  it('never throws and always returns a result or an error value', () => {
    fc.assert(
      fc.property(hostileUrl, (input) => {
        const result = canonicalizeUrl(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 3_000 },
    );
  });

  it('is idempotent: the canonical URL canonicalizes to itself and to the same key', () => {
    fc.assert(
      fc.property(hostileUrl, (input) => {
        const first = canonicalizeUrl(input);
        if (!first.ok) return;
        const second = canonicalizeUrl(first.value.canonicalUrl);
        expect(second.ok).toBe(true);
        if (!second.ok) return;
        expect(second.value.contentKey).toBe(first.value.contentKey);
        expect(second.value.canonicalUrl).toBe(first.value.canonicalUrl);
      }),
      { numRuns: 3_000 },
    );
  });

  it('produces ASCII URLs without whitespace, and with a fragment only where a rule kept it as content', () => {
    fc.assert(
      fc.property(hostileUrl, (input) => {
        const result = canonicalizeUrl(input);
        if (!result.ok) return;
        const hash = result.value.canonicalUrl.indexOf('#');
        const base = hash === -1 ? result.value.canonicalUrl : result.value.canonicalUrl.slice(0, hash);
        expect(base).toMatch(/^https?:\/\/[\x21-\x22\x24-\x7e]+$/);
        if (hash !== -1) {
          expect(result.value.canonicalUrl.slice(hash + 1)).toMatch(/^[\x21-\x22\x24-\x7e]*$/);
          expect(result.value.rules.some((rule) => rule.startsWith('fragment-kept:'))).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
