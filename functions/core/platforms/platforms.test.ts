import { describe, expect, it } from 'vitest';
import { detectPlatform, isPlatformId, platformById, platforms } from './platforms';

describe('platform registry', () => {
  it('has unique ids and lists each domain once', () => {
    const ids = platforms.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const domains = platforms.flatMap((p) => p.domains);
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
    for (const p of platforms) {
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
