import { afterEach, describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import defaultRegistryFile from './default-platforms.json';
import { allPlatforms, detectPlatform, isPlatformId, parsePlatformRegistry, platformById, useDefaultPlatformRegistry, usePlatformRegistry } from './platforms';

describe('platform registry', () => {
  it('has unique ids and lists each domain once', () => {
    const ids = allPlatforms().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const domains = allPlatforms().flatMap((p) => p.domains);
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('covers the platforms that matter most for referrals', () => {
    for (const id of ['x', 'facebook', 'instagram', 'youtube', 'tiktok', 'telegram', 'whatsapp', 'rumble', 'odysee', 'archive-org', 'pastebin', 'justpaste-it', 'mega', 'mediafire', 'dropbox', 'google-drive']) {
      expect(isPlatformId(id), id).toBe(true);
    }
    expect(isPlatformId('myspace')).toBe(false);
    expect(platformById('telegram').domains).toContain('t.me');
  });

  it('keeps domains lowercase and deadlines positive', () => {
    for (const p of allPlatforms()) {
      expect(p.referralDeadlineHours).toBeGreaterThan(0);
      for (const d of p.domains) expect(d).toBe(d.toLowerCase());
    }
  });
});

describe('detectPlatform', () => {
  it.each([
    ['x.com', 'x', 'x.com is listed for x'],
    ['mobile.twitter.com', 'x', 'mobile.twitter.com is under twitter.com, listed for x'],
    ['M.FACEBOOK.COM', 'facebook', 'm.facebook.com is under facebook.com, listed for facebook'],
    ['youtu.be', 'youtube', 'youtu.be is listed for youtube'],
    ['music.youtube.com', 'youtube', 'music.youtube.com is under youtube.com, listed for youtube'],
    ['web.archive.org', 'archive-org', 'web.archive.org is under archive.org, listed for archive-org'],
    ['drive.google.com', 'google-drive', 'drive.google.com is listed for google-drive'],
    ['t.me.', 'telegram', 't.me is listed for telegram'],
  ])('%s -> %s (registry)', (host, platform, evidence) => {
    expect(detectPlatform(host)).toEqual({ platform, rule: 'registry', evidence });
  });

  it('falls back to the registrable domain from the public suffix list', () => {
    expect(detectPlatform('news.bbc.co.uk')).toEqual({
      platform: 'bbc.co.uk',
      rule: 'registrable-domain',
      evidence: 'news.bbc.co.uk has registrable domain bbc.co.uk (public suffix list)',
    });
    // google.com itself is not a registry platform; only its Drive hosts are.
    expect(detectPlatform('www.google.com').platform).toBe('google.com');
    // A lookalike must not match by suffix string: notx.com is not under x.com.
    expect(detectPlatform('notx.com').platform).toBe('notx.com');
  });

  it('uses the bare host when there is no registrable domain', () => {
    expect(detectPlatform('195.127.0.11')).toMatchObject({ platform: '195.127.0.11', rule: 'host' });
    expect(detectPlatform('localhost')).toMatchObject({ platform: 'localhost', rule: 'host' });
  });
});

describe('platform registry file', () => {
  afterEach(() => useDefaultPlatformRegistry());

  const fileHost = {
    id: 'example-files',
    name: 'Example Files',
    domains: ['files.example'],
    channel: 'manual',
    referralDeadlineHours: 48,
    tco: { establishment: null, contactPoint: { email: 'tco@files.example', source: 'files.example/legal' }, legalRepresentative: null },
    urlRules: [
      { name: 'file', path: '^/(?:f|dl)/(?<id>[A-Za-z0-9]{6,12})$', key: '{id}', canonicalUrl: 'https://files.example/f/{id}', source: 'files.example/help/links' },
      { name: 'user', path: '^/u/(?<user>[A-Za-z0-9_]{2,30})$', key: '{user}', canonicalUrl: 'https://files.example/u/{user}', lowercase: ['user'], source: 'files.example/help/links' },
      { name: 'short', hosts: ['go.files.example'], path: '^/[A-Za-z0-9]+$', key: 'x', canonicalUrl: 'https://files.example/', unresolved: true, source: 'files.example/help/links' },
    ],
  };

  it('ships the default as a valid file: 30 platforms, each with its TCO contacts recorded or marked unknown', () => {
    const parsed = parsePlatformRegistry(defaultRegistryFile);
    expect(parsed.ok).toBe(true);
    expect(allPlatforms()).toHaveLength(30);
    expect(platformById('facebook').tco.establishment).toMatchObject({ entity: 'Meta Platforms Ireland Limited', memberState: 'IE' });
    for (const platform of allPlatforms()) {
      expect(platform.tco, platform.id).toHaveProperty('contactPoint');
      // Every platform names its content somehow: built-in code, data rules, or both.
      expect(platform.urlMatcher !== undefined || (platform.urlRules ?? []).length > 0, platform.id).toBe(true);
    }
  });

  it('lets a deployment add a platform and its URL rules without code', () => {
    expect(canonicalizeUrl('https://files.example/dl/AbC123').ok && canonicalizeUrl('https://files.example/dl/AbC123')).toMatchObject({ value: { platform: 'files.example', contentKey: 'https://files.example/dl/AbC123' } });
    const parsed = parsePlatformRegistry({ platforms: [fileHost] });
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    usePlatformRegistry(parsed.registry);
    expect(isPlatformId('example-files')).toBe(true);
    expect(isPlatformId('youtube')).toBe(true);
    const file = canonicalizeUrl('http://www.files.example/dl/AbC123?utm_source=x');
    expect(file).toMatchObject({ ok: true, value: { platform: 'example-files', contentKey: 'example-files:file:AbC123', canonicalUrl: 'https://files.example/f/AbC123' } });
    expect(file.ok && file.value.rules).toContain('platform:example-files-file');
    expect(canonicalizeUrl('https://files.example/u/SomeOne')).toMatchObject({ value: { contentKey: 'example-files:user:someone' } });
    expect(canonicalizeUrl('https://go.files.example/Ab12')).toMatchObject({ value: { shortLink: true, contentKey: 'https://go.files.example/Ab12' } });
    // A form no rule names keeps the generic canonical URL, never a wrong key.
    expect(canonicalizeUrl('https://files.example/about')).toMatchObject({ value: { platform: 'example-files', contentKey: 'https://files.example/about' } });
  });

  it('lets a deployment replace a default entry, e.g. to record a contact point', () => {
    const telegram = defaultRegistryFile.platforms.find((p) => p.id === 'telegram');
    const parsed = parsePlatformRegistry({ platforms: [{ ...telegram, tco: { establishment: null, contactPoint: { url: 'https://telegram.org/tos', source: 'unit liaison notes' }, legalRepresentative: null } }] });
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    usePlatformRegistry(parsed.registry);
    expect(platformById('telegram').tco.contactPoint?.url).toBe('https://telegram.org/tos');
    expect(allPlatforms()).toHaveLength(30);
    expect(canonicalizeUrl('https://web.telegram.org/k/#@somechannel')).toMatchObject({ value: { contentKey: 'telegram:channel:somechannel' } });
  });

  it.each([
    ['a pattern that is not anchored', { ...fileHost, urlRules: [{ ...fileHost.urlRules[0], path: '/f/(?<id>.+)' }] }, 'anchored'],
    ['an invalid pattern', { ...fileHost, urlRules: [{ ...fileHost.urlRules[0], path: '^/f/(?<id>[$' }] }, 'regular expression'],
    ['a placeholder no pattern defines', { ...fileHost, urlRules: [{ ...fileHost.urlRules[0], key: '{nope}' }] }, '{nope}'],
    ['an unknown built-in matcher', { ...fileHost, urlMatcher: 'myspace' }, 'urlMatcher'],
    ['a domain another platform owns', { ...fileHost, domains: ['t.me'] }, 'domain t.me is listed for both telegram and example-files'],
    ['an upper-case domain', { ...fileHost, domains: ['Files.Example'] }, 'domains.0'],
    ['a rule without a source', { ...fileHost, urlRules: [{ ...fileHost.urlRules[0], source: undefined }] }, 'source'],
  ])('refuses %s, saying where', (_, entry, expected) => {
    const parsed = parsePlatformRegistry({ platforms: [entry] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.join('; ')).toContain(expected);
  });
});
