import normalizeUrl from 'normalize-url';
import { Bench } from 'tinybench';
import { canonicalizeUrl } from '../../functions/core/canonical-url/canonical-url';
import { canonicalizeSafeBrowsing } from '../../functions/core/canonical-url/safe-browsing';
import { safeBrowsingVectors } from '../../functions/core/canonical-url/safe-browsing-vectors';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * A realistic referral mix: platform share links with their tracking noise, mobile and legacy
 * hosts, archive snapshots, file hosts, news sites, a few hostile forms.
 */
const urlMix: readonly string[] = [
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbCdEfGh12345678&t=42s',
  'https://youtu.be/dQw4w9WgXcQ?si=xyzXYZ123',
  'https://m.youtube.com/shorts/dQw4w9WgXcQ?feature=share',
  'https://www.youtube.com/@SomeChannel/videos',
  'https://x.com/someone/status/1790000000000000001?s=20&t=AbCdEfGhIjKl',
  'https://twitter.com/SomeOne/status/1790000000000000001/photo/1',
  'https://mobile.twitter.com/i/web/status/1790000000000000001',
  'https://www.facebook.com/SomePage/posts/pfbid02AbCdEfGhIjKlMnOpQrStUvWxYz1234567890?mibextid=Nif5oz',
  'https://m.facebook.com/permalink.php?story_fbid=10158000000000001&id=100000000000001&__tn__=K-R',
  'https://www.facebook.com/watch/?v=2345678901234567&ref=sharing',
  'https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MWQ1ZGUxMzBkMA==',
  'https://www.instagram.com/p/C1a2B3c4D5e/?utm_source=ig_web_copy_link&img_index=1',
  'https://www.tiktok.com/@some.user/video/7234567890123456789?is_from_webapp=1&sender_device=pc&web_id=7234567890123456789',
  'https://vm.tiktok.com/ZMabc123/',
  'https://t.me/s/example_channel/1234',
  'https://telegram.me/example_channel/1234?single',
  'https://t.me/c/1234567890/55',
  'https://web.archive.org/web/20240101000000/https://example.org/manifesto.pdf',
  'https://web.archive.org/web/20240315123456id_/https://twitter.com/someone/status/1790000000000000001',
  'https://archive.org/details/some-item_2020',
  'https://rumble.com/v4abcde-some-title.html?mref=abc&mc=xyz',
  'https://odysee.com/@SomeChannel:a/some-video:b?r=AbCdEf',
  'https://pastebin.com/raw/AbCd1234',
  'https://justpaste.it/abc12',
  'https://mega.nz/file/abcdEFGH#Zm9vYmFyYmF6cXV4',
  'https://www.mediafire.com/file/abcdef1234567/video.mp4/file',
  'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view?usp=sharing',
  'https://www.dropbox.com/scl/fi/abc123def456/file.pdf?rlkey=xyz789&dl=0',
  'https://www.bbc.co.uk/news/world-europe-12345678?utm_source=twitter&utm_medium=social',
  'https://news.example.com/2024/05/01/some-article-title/?fbclid=IwAR0AbCdEfGhIjKl&amp=1',
  'https://example.com/forum/viewtopic.php?t=123&sid=0123456789abcdef0123456789abcdef',
  'https://example.com/a/./b/../c//d/?z=1&a=2&m=3#section-2',
  'HTTP://Example.COM:80/Path%20With%20Spaces/%7Euser/index.html',
  'https://xn--mnchen-3ya.de/stra%C3%9Fe?q=caf%C3%A9',
  'https://münchen.de/straße',
  'http://3279880203/blah',
  'https://blog.example.net/p/some-post.html?m=1',
  'https://www.reddit.com/r/somesub/comments/abc123/some_title/?utm_source=share&utm_medium=web2x',
  'https://subdomain.some-small-platform.io/videos/987654?ref=homepage',
  'https://www.example.org/search?q=some+query&page=2&lang=en',
];

/**
 * normalize-url configured as close to Safe Browsing as its options allow (its defaults strip
 * www., trailing slashes and sort the query, and pass 5 of the 33 examples; this passes 17).
 * It throws on some inputs; a throw counts as a handled URL, as an error value would.
 */
const normalizeUrlOptions = {
  stripWWW: false,
  removeQueryParameters: [],
  removeTrailingSlash: false,
  removeSingleSlash: false,
  sortQueryParameters: false,
  stripHash: true,
  removeExplicitPort: true,
};

const runNormalizeUrl = (url: string): string | null => {
  try {
    return normalizeUrl(url, normalizeUrlOptions);
  } catch {
    return null;
  }
};

const accuracy = (canonicalize: (input: string) => string | null): number =>
  safeBrowsingVectors.filter(([input, expected]) => canonicalize(input) === expected).length;

const urlsPerSecond = (bench: Bench, name: string): number => {
  const result = bench.getTask(name)?.result;
  if (result === undefined || !('latency' in result)) throw new Error(`benchmark task ${name} did not complete`);
  return (urlMix.length * 1000) / result.latency.mean;
};

export const benchmark: BenchmarkModule = {
  name: 'canonical-url',
  run: async (): Promise<BenchFigure[]> => {
    let sink = 0;
    const bench = new Bench({ time: 2_000, warmupTime: 500 });
    bench
      .add('canonicalizeUrl', () => {
        for (const url of urlMix) {
          const result = canonicalizeUrl(url);
          sink += result.ok ? result.value.contentKey.length : 1;
        }
      })
      .add('normalize-url', () => {
        for (const url of urlMix) sink += runNormalizeUrl(url)?.length ?? 1;
      });
    await bench.run();
    if (sink === 0) throw new Error('benchmark produced no output');

    const ours = urlsPerSecond(bench, 'canonicalizeUrl');
    const peer = urlsPerSecond(bench, 'normalize-url');
    const total = safeBrowsingVectors.length;
    const peerAccuracy = accuracy((input) => runNormalizeUrl(input));
    const sbAccuracy = accuracy((input) => {
      const result = canonicalizeSafeBrowsing(input, { encoding: 'latin1' });
      return result.ok ? result.value : null;
    });
    const urlAccuracy = accuracy((input) => {
      const result = canonicalizeUrl(input);
      return result.ok ? result.value.canonicalUrl : null;
    });
    return [
      {
        benchmark: 'canonical-url',
        metric: 'throughput (1 core, realistic mix)',
        value: Math.round(ours),
        unit: 'URLs/s',
        peer: 'normalize-url',
        peerValue: Math.round(peer),
        ratio: ours / peer,
        note: `${urlMix.length} URLs per iteration; canonicalizeUrl also detects the platform and computes the content key`,
      },
      {
        benchmark: 'canonical-url',
        metric: 'Safe Browsing examples passed (safe-browsing.ts)',
        value: sbAccuracy,
        unit: `of ${total}`,
        peer: 'normalize-url',
        peerValue: peerAccuracy,
        ratio: peerAccuracy === 0 ? sbAccuracy : sbAccuracy / peerAccuracy,
      },
      {
        benchmark: 'canonical-url',
        metric: 'Safe Browsing examples passed (canonicalizeUrl)',
        value: urlAccuracy,
        unit: `of ${total}`,
        peer: 'normalize-url',
        peerValue: peerAccuracy,
        ratio: peerAccuracy === 0 ? urlAccuracy : urlAccuracy / peerAccuracy,
        note: 'by design canonicalizeUrl keeps non-default ports, requires a scheme and rejects hosts that are not host names',
      },
    ];
  },
};
