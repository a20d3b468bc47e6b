import { describe, expect, it } from 'vitest';
import { platformReferralV1 } from '../contract/lifecycle';
import { referralItem } from '../adapters/table/items';
import { retryDelaySeconds, toPlatformReferral } from './platform-payload';

const referral = referralItem.parse({
  pk: 'REF#ref_0123456789abcdef01234567',
  sk: 'META',
  entity: 'referral',
  referralId: 'ref_0123456789abcdef01234567',
  contentKey: 'x:status:1',
  canonicalUrl: 'https://x.com/i/status/1',
  url: 'https://x.com/a/status/1?s=20',
  platform: 'x',
  category: 'propaganda',
  legalRoute: 'removal_order',
  status: 'new',
  priority: 'P2',
  deadlineAt: '2026-03-01T11:00:00.000Z',
  units: new Set(['eu-iru', 'fr-pharos']),
  reportCount: 2,
  firstReportedAt: '2026-03-01T10:00:00.000Z',
  lastReportedAt: '2026-03-01T10:05:00.000Z',
  labels: [
    { name: 'content-key', value: 'x:status:1', rule: 'canonical-url', evidence: ['https://x.com/a/status/1?s=20'] },
    { name: 'group', value: 'isis', rule: 'designated-group-alias', evidence: ['selected text quoted by officer.ana@eu-iru'] },
    { name: 'priority', value: 'P2', rule: 'removal-order-route', evidence: ['officer flagged'] },
  ],
  indicators: [{ type: 'btc', value: 'bc1qexample' }],
  gsi1pk: 'QUEUE#x#new',
  gsi1sk: 'P2#2026-03-01T10:00:00.000Z#ref_0123456789abcdef01234567',
  notes: 'internal only',
});

describe('what a platform receives', () => {
  it('carries location, category, priority, deadline and legal route, and nothing internal', () => {
    const payload = toPlatformReferral(referral, '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55', '2026-03-01T10:10:00.000Z');
    expect(platformReferralV1.parse(payload)).toEqual(payload);
    expect(payload).toMatchObject({ canonicalUrl: referral.canonicalUrl, priority: 'P2', deadlineAt: referral.deadlineAt, legalRoute: 'removal_order' });
    expect(payload.labels).toEqual([{ name: 'group', value: 'isis' }]);
    const text = JSON.stringify(payload);
    for (const secret of ['officer.ana', 'eu-iru', 'fr-pharos', 'internal only', 'bc1qexample', 'submission']) expect(text).not.toContain(secret);
  });

  it('names earlier referrals of the same media to the same platform, with what became of them, and no other platform\'s', () => {
    const earlier = (id: string, platform: string, status: 'actioned' | 'new' | 'sent') =>
      referralItem.parse({ ...referral, referralId: id, pk: `REF#${id}`, platform, status, canonicalUrl: `https://${platform}.example/${id}`, outcome: status === 'actioned' ? 'removed' : undefined, statusChangedAt: '2026-02-27T08:00:00.000Z' });
    const removedHere = earlier('ref_aaaaaaaaaaaaaaaaaaaaaaaa', 'x', 'actioned');
    const elsewhere = earlier('ref_bbbbbbbbbbbbbbbbbbbbbbbb', 'youtube', 'actioned');
    const notYetSent = earlier('ref_cccccccccccccccccccccccc', 'x', 'new');
    const sameMedia = (id: string, distance: number) => ({ name: 'same-media', value: id, rule: `pdq distance ${distance} <= 31`, evidence: ['artifact sha256 00 pdq 00'] });
    const linked = referralItem.parse({ ...referral, labels: [...referral.labels, sameMedia(elsewhere.referralId, 2), sameMedia(removedHere.referralId, 12), sameMedia(notYetSent.referralId, 4)] });
    expect(linked.labels.map((label) => label.name)).toContain('same-media');
    const payload = toPlatformReferral(linked, '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55', '2026-03-01T10:10:00.000Z', [removedHere, elsewhere, notYetSent]);
    expect(platformReferralV1.parse(payload)).toEqual(payload);
    expect(payload.sameMedia).toEqual([
      { referralId: removedHere.referralId, canonicalUrl: 'https://x.example/ref_aaaaaaaaaaaaaaaaaaaaaaaa', status: 'actioned', outcome: 'removed', statusChangedAt: '2026-02-27T08:00:00.000Z', distance: 12 },
    ]);
    expect(JSON.stringify(payload)).not.toContain('youtube');
    // A video match states the shares of frames matched both ways, after the image matches.
    const sameVideo = { name: 'same-media', value: notYetSent.referralId, rule: "vpdq 93% of this video's frames >= 80% (other video 41%), frames within pdq distance 31, quality >= 50", evidence: [] };
    const sentVideo = { ...notYetSent, status: 'sent' as const };
    const withVideo = toPlatformReferral(referralItem.parse({ ...linked, labels: [...linked.labels.filter((label) => label.value !== notYetSent.referralId), sameVideo] }), 'd', 's', [removedHere, sentVideo]);
    expect(platformReferralV1.parse(withVideo)).toEqual(withVideo);
    expect(withVideo.sameMedia).toEqual([
      expect.objectContaining({ referralId: removedHere.referralId, distance: 12 }),
      { referralId: notYetSent.referralId, canonicalUrl: 'https://x.example/ref_cccccccccccccccccccccccc', status: 'sent', statusChangedAt: '2026-02-27T08:00:00.000Z', videoFramesMatched: { thisPercent: 93, earlierPercent: 41 } },
    ]);
    expect(toPlatformReferral(referral, 'd', 's', [removedHere]).sameMedia).toBeUndefined();
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20, 10)).toBe(900);
  });
});
