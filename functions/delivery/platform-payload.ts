import type { PlatformReferralV1 } from '../contract/lifecycle';
import type { ReferralItem } from '../adapters/table/items';

/** Labels that describe the content itself; rule names and evidence (which may quote officers' selections) stay inside. */
const contentLabels = new Set(['group', 'language', 'suggested-category']);

/**
 * What a platform receives: where the content is, what it is and by when (DSA Art. 16(2)
 * location and explanation; Regulation (EU) 2021/784 Annex I section B for orders).
 * Built field by field from an allow-list, so notes, officer ids, units and report
 * texts cannot leak by a new field appearing on the referral item.
 */
export const toPlatformReferral = (referral: ReferralItem, deliveryId: string, sentAt: string, earlier: readonly ReferralItem[] = [], options: { urgent?: boolean } = {}): PlatformReferralV1 => {
  const sameMedia = sameMediaContext(referral, earlier);
  return {
    type: 'referral',
    version: 1,
    referralId: referral.referralId,
    deliveryId,
    canonicalUrl: referral.canonicalUrl,
    url: referral.url,
    category: referral.category,
    labels: referral.labels.filter((label) => contentLabels.has(label.name)).map((label) => ({ name: label.name, value: label.value })),
    priority: referral.priority,
    ...(referral.deadlineAt === undefined ? {} : { deadlineAt: referral.deadlineAt }),
    legalRoute: referral.legalRoute,
    sentAt,
    ...(options.urgent === true ? { urgent: true as const } : {}),
    ...(sameMedia.length > 0 ? { sameMedia } : {}),
  };
};

/** At most this many earlier referrals are looked up and sent as context. */
export const sameMediaContextLimit = 5;

export type SameMediaLink =
  | { referralId: string; distance: number }
  | { referralId: string; videoFramesMatched: { thisPercent: number; earlierPercent: number } };

/** The match a `same-media` label's rule states: an image's PDQ distance, or a video's vPDQ shares (core/media/video-bank.ts). */
const sameMediaLinkOf = (label: { value: string; rule: string }): SameMediaLink => {
  const video = /^vpdq (\d+)% .*\(other video (\d+)%\)/.exec(label.rule);
  if (video) return { referralId: label.value, videoFramesMatched: { thisPercent: Number(video[1]), earlierPercent: Number(video[2]) } };
  return { referralId: label.value, distance: Number(/^pdq distance (\d+)/.exec(label.rule)?.[1] ?? 256) };
};

/** Closest first: images by distance, then videos by the share of this video's frames matched. */
const closeness = (link: SameMediaLink): number => ('distance' in link ? link.distance : 512 - link.videoFramesMatched.thisPercent);

/** The earlier referrals a `same-media` label names, with the image distance or video shares, closest first. */
export const sameMediaLinks = (referral: ReferralItem): SameMediaLink[] =>
  referral.labels
    .filter((label) => label.name === 'same-media')
    .map(sameMediaLinkOf)
    .sort((a, b) => closeness(a) - closeness(b))
    .slice(0, sameMediaContextLimit);

/**
 * Only referrals this platform already received are named to it: another platform's referral
 * (its URL, its outcome) is that platform's business and the unit's, not this one's.
 */
const sameMediaContext = (referral: ReferralItem, earlier: readonly ReferralItem[]): NonNullable<PlatformReferralV1['sameMedia']> => {
  const byId = new Map(earlier.map((item) => [item.referralId, item]));
  return sameMediaLinks(referral).flatMap(({ referralId, ...match }) => {
    const item = byId.get(referralId);
    if (!item || item.platform !== referral.platform || item.status === 'new') return [];
    return [{
      referralId,
      canonicalUrl: item.canonicalUrl,
      status: item.status,
      ...(item.outcome === undefined ? {} : { outcome: item.outcome }),
      ...(item.statusChangedAt === undefined ? {} : { statusChangedAt: item.statusChangedAt }),
      ...match,
    }];
  });
};

/**
 * Wait before the next delivery attempt: exponential from `baseSeconds`, capped (SQS allows
 * a visibility timeout of at most 12 hours; a platform down for longer is a DLQ case).
 */
export const retryDelaySeconds = (receiveCount: number, baseSeconds: number, capSeconds = 900): number =>
  Math.min(capSeconds, Math.round(baseSeconds * 2 ** Math.max(0, receiveCount - 1)));
