import { describe, expect, it } from 'vitest';
import { assumeHttps } from '../contract/http-url';
import { checkReportUrl } from './report-url';

describe('assumeHttps', () => {
  it.each([
    ['t.me/s/chan/12', 'https://t.me/s/chan/12'],
    ['www.example.com/x', 'https://www.example.com/x'],
    ['  example.org  ', 'https://example.org'],
    ['//example.org/a', 'https://example.org/a'],
    ['example.com:8080/x', 'https://example.com:8080/x'],
  ])('reads %s as %s and says so', (input, url) => {
    expect(assumeHttps(input)).toEqual({ url, note: 'the URL had no scheme: https:// was assumed' });
  });

  it.each(['https://t.me/x', 'http://example.com/', 'javascript:alert(1)', 'mailto:a@example.com', 'not a url', 'localhost/x', '1.2.3.4/x', ''])('leaves %j alone', (input) => {
    expect(assumeHttps(input)).toEqual({ url: input, note: null });
  });
});

describe('checkReportUrl', () => {
  it('canonicalizes a URL without a scheme as https:// and tells the sender', () => {
    const check = checkReportUrl('t.me/s/chan_name/12');
    expect(check).toMatchObject({ ok: true, url: 'https://t.me/s/chan_name/12', notes: ['the URL had no scheme: https:// was assumed'] });
    expect(check.ok && check.canonical.contentKey).toBe('telegram:post:chan_name/12');
  });

  it('passes on the notes of canonicalization (a fragment dropped)', () => {
    const check = checkReportUrl(`https://forum.example.org/#/${'a'.repeat(1100)}`);
    expect(check).toMatchObject({ ok: true, notes: ['fragment dropped: longer than 1024 characters'] });
  });

  it('has no notes for an ordinary URL', () => {
    expect(checkReportUrl('https://example.org/a')).toMatchObject({ ok: true, url: 'https://example.org/a', notes: [] });
  });

  it('still refuses what is not a public http(s) URL', () => {
    expect(checkReportUrl('javascript:alert(1)')).toMatchObject({ ok: false, code: 'unsupported_scheme' });
    expect(checkReportUrl('localhost/admin')).toMatchObject({ ok: false, code: 'invalid_url' });
    expect(checkReportUrl('127.0.0.1/admin')).toMatchObject({ ok: false });
  });
});
