import { describe, expect, it } from 'vitest';
import { refangUrl } from './refang';

describe('refangUrl', () => {
  it.each([
    ['hxxps://t[.]me/s/chan/12', 'https://t.me/s/chan/12'],
    ['hXXp://example[.]org/a.php?x=1', 'http://example.org/a.php?x=1'],
    ['hxxps[:]//justpaste[.]it/abc12', 'https://justpaste.it/abc12'],
    ['https[://]archive(.)org/details/x', 'https://archive.org/details/x'],
    ['example[dot]org/post/7', 'example.org/post/7'],
    ['t{.}me/s/chan/12', 't.me/s/chan/12'],
    ['hxxps://files.example[.]net/a[.]zip', 'https://files.example.net/a.zip'],
  ])('refangs %s to %s', (defanged, refanged) => {
    expect(refangUrl(defanged)).toBe(refanged);
  });

  it('leaves a URL that is not defanged alone', () => {
    for (const url of ['https://t.me/s/chan/12', 'https://example.org/list?ids[]=1', 't.me/s/chan/12', 'https://example.org/a(1).html']) {
      expect(refangUrl(url)).toBeUndefined();
    }
  });
});
