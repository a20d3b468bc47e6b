import type * as z from 'zod';
import { referralItem, reportItem } from './items';

// What each global index holds of an item: its readers parse these, and infra/resources.ts
// projects exactly their attributes (index-projections.test.ts).

/**
 * A referral as the liaison queue index (gsi1q) holds it: the queue's columns only, the attributes
 * infra/resources.ts projects (index-projections.test.ts checks they match). The index entry is
 * then a few hundred bytes, and the writes that touch only unprojected attributes (settling a
 * report's count, labels, the audit event) do not write the index at all. A reader that needs more
 * reads the referral by key.
 */
export const queueEntryItem = referralItem.pick({
  pk: true,
  sk: true,
  referralId: true,
  platform: true,
  status: true,
  outcome: true,
  priority: true,
  category: true,
  legalRoute: true,
  canonicalUrl: true,
  url: true,
  title: true,
  firstReportedAt: true,
  reportCount: true,
  units: true,
  deadlineAt: true,
  version: true,
  claimedBy: true,
  claimExpiresAt: true,
  assignee: true,
  assigneeUnit: true,
  gsi1pk: true,
  gsi1sk: true,
});
export type QueueEntryItem = z.infer<typeof queueEntryItem>;

/**
 * A report as the unit-day index (gsi2d) holds it: the unit listing's columns only (not the
 * selected text, notes or capture manifest), the attributes infra/resources.ts projects.
 */
export const unitReportEntryItem = reportItem.pick({
  pk: true,
  sk: true,
  entity: true,
  submissionId: true,
  referralId: true,
  officerId: true,
  acceptedAt: true,
  url: true,
  title: true,
  category: true,
  legalRoute: true,
  urgent: true,
  gsi2pk: true,
  gsi2sk: true,
});
export type UnitReportEntryItem = z.infer<typeof unitReportEntryItem>;
