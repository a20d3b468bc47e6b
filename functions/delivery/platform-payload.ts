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
export const toPlatformReferral = (referral: ReferralItem, deliveryId: string, sentAt: string): PlatformReferralV1 => ({
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
});

/**
 * Wait before the next delivery attempt: exponential from `baseSeconds`, capped (SQS allows
 * a visibility timeout of at most 12 hours; a platform down for longer is a DLQ case).
 */
export const retryDelaySeconds = (receiveCount: number, baseSeconds: number, capSeconds = 900): number =>
  Math.min(capSeconds, Math.round(baseSeconds * 2 ** Math.max(0, receiveCount - 1)));
