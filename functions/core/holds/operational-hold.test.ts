import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { blockingHolds, channelKeyOf, checkExpiry, holdKeysOfContent, holdKeysOfReferral, holdSeenBy, placeHold, resolveHoldTarget, type OperationalHold } from './operational-hold';

const now = new Date('2026-12-06T10:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
const keyOf = (url: string) => {
  const canonical = canonicalizeUrl(url);
  if (!canonical.ok) throw new Error(canonical.error.message);
  return canonical.value.contentKey;
};

const channelHold = (unit: string, expiresAt = days(30)): OperationalHold => {
  const resolved = resolveHoldTarget({ kind: 'channel', url: 'https://t.me/watched_channel' });
  if (!resolved.ok) throw new Error(resolved.error.message);
  return { target: resolved.target, unit, reason: 'undercover account inside', contact: '+33 1 23 45 67 89', placedBy: 'b.officer', placedAt: now.toISOString(), expiresAt };
};

describe('operational holds', () => {
  it('derives the channel of a post from its content key, whatever URL form named it', () => {
    for (const url of ['https://t.me/watched_channel/42', 'https://t.me/s/Watched_Channel/42', 'https://web.telegram.org/k/#@watched_channel']) {
      const key = keyOf(url);
      expect(holdKeysOfContent(key)).toContain(keyOf('https://t.me/watched_channel'));
    }
    expect(channelKeyOf(keyOf('https://bsky.app/profile/alice.example/post/3k2a'))).toBe(keyOf('https://bsky.app/profile/alice.example'));
    expect(channelKeyOf(keyOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ'))).toBeUndefined();
  });

  it('refuses a channel hold named by a post URL, and an indicator that does not validate', () => {
    expect(resolveHoldTarget({ kind: 'channel', url: 'https://t.me/watched_channel/42' })).toMatchObject({ ok: false, error: { field: 'target.url' } });
    expect(resolveHoldTarget({ kind: 'indicator', type: 'iban', value: 'DE00 0000 0000' })).toMatchObject({ ok: false, error: { code: 'invalid_target' } });
    expect(resolveHoldTarget({ kind: 'indicator', type: '__proto__', value: 'x' })).toMatchObject({ ok: false, error: { field: 'target.type' } });
  });

  it('keys an indicator hold as the pipeline normalizes the indicator, so a referral carrying it is covered', () => {
    const resolved = resolveHoldTarget({ kind: 'indicator', type: 'iban', value: 'DE89 3704 0044 0532 0130 00' });
    expect(resolved).toMatchObject({ ok: true, target: { kind: 'indicator', key: 'indicator:iban:DE89370400440532013000' } });
    const keys = holdKeysOfReferral({ contentKey: keyOf('https://t.me/other/1'), indicators: [{ type: 'iban', value: 'DE89370400440532013000' }] });
    expect(keys).toContain('indicator:iban:DE89370400440532013000');
  });

  it('lasts at most 90 days, in the future', () => {
    expect(checkExpiry(days(90), now)).toBeUndefined();
    expect(checkExpiry(days(91), now)).toMatchObject({ code: 'invalid_expiry' });
    expect(checkExpiry(days(-1), now)).toMatchObject({ code: 'invalid_expiry' });
    expect(checkExpiry('tomorrow', now)).toMatchObject({ code: 'invalid_expiry' });
  });

  it('renews an active hold, keeping who placed it and when', () => {
    const existing = channelHold('fr-pharos');
    const later = new Date(now.getTime() + 20 * 86_400_000);
    const renewed = placeHold({ target: existing.target, unit: 'fr-pharos', officerId: 'b.other', reason: 'still watching', contact: 'desk', expiresAt: new Date(later.getTime() + 90 * 86_400_000).toISOString(), existing }, later);
    expect(renewed).toMatchObject({ ok: true, action: 'renewed', hold: { placedBy: 'b.officer', placedAt: now.toISOString(), renewedAt: later.toISOString(), reason: 'still watching' } });
    const afterExpiry = placeHold({ target: existing.target, unit: 'fr-pharos', officerId: 'b.other', reason: 'again', contact: 'desk', expiresAt: days(120), existing }, new Date(days(31)));
    expect(afterExpiry).toMatchObject({ ok: true, action: 'placed', hold: { placedBy: 'b.other' } });
  });

  it("shows another unit only the holding unit and its contact, never the reason", () => {
    const hold = channelHold('fr-pharos');
    expect(holdSeenBy(hold, 'eu-iru')).toEqual({ kind: 'channel', unit: 'fr-pharos', contact: '+33 1 23 45 67 89', expiresAt: hold.expiresAt, own: false });
    expect(holdSeenBy(hold, 'fr-pharos')).toMatchObject({ own: true, reason: 'undercover account inside' });
  });

  it('blocks other units until it expires; never the holding unit', () => {
    const hold = channelHold('fr-pharos', days(1));
    expect(blockingHolds([hold], 'eu-iru', now)).toHaveLength(1);
    expect(blockingHolds([hold], 'fr-pharos', now)).toHaveLength(0);
    expect(blockingHolds([hold], 'eu-iru', new Date(days(2)))).toHaveLength(0);
  });
});
