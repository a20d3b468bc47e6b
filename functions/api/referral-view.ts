import type { Principal } from '../contract/principal';
import type { ReferralView, SubmissionStatus } from '../contract/responses';
import { assignmentOf } from './routes/lifecycle-views';
import type { ReferralItem, SubmissionItem } from '../adapters/table/items';

/** What a unit member sees of a referral: no other unit's officer ids, no internal notes, no storage keys. */
export const toReferralView = (item: ReferralItem, principal: Principal): ReferralView => ({
  referralId: item.referralId,
  contentKey: item.contentKey,
  canonicalUrl: item.canonicalUrl,
  url: item.url,
  ...(item.title === undefined ? {} : { title: item.title }),
  platform: item.platform,
  category: item.category,
  legalRoute: item.legalRoute,
  status: item.status,
  priority: item.priority,
  ...(item.deadlineAt === undefined ? {} : { deadlineAt: item.deadlineAt }),
  units: item.units,
  reportCount: item.reportCount,
  firstReportedAt: item.firstReportedAt,
  lastReportedAt: item.lastReportedAt,
  labels: item.labels,
  indicators: item.indicators,
  ...(item.mirrorOf === undefined ? {} : { mirrorOf: item.mirrorOf }),
  // The version to act on (assign, claim) straight from the referral's page.
  version: item.version,
  ...assignmentOf(item, principal),
});

export const toSubmissionStatus = (item: SubmissionItem): SubmissionStatus => ({
  submissionId: item.submissionId,
  status: item.status,
  acceptedAt: item.acceptedAt,
  ...(item.processedAt === undefined ? {} : { processedAt: item.processedAt }),
  ...(item.referralId === undefined ? {} : { referralId: item.referralId }),
  ...(item.duplicateOfExisting === undefined ? {} : { duplicateOfExisting: item.duplicateOfExisting }),
  ...(item.rejection === undefined ? {} : { rejection: item.rejection }),
});
