import type { Actor, LifecycleState, QueueItem } from '../../contract/lifecycle';
import { referralOutcome } from '../../contract/lifecycle';
import type { AssignmentView } from '../../contract/assignment';
import type { Principal } from '../../contract/principal';
import type { QueueEntryItem } from '../../adapters/table/index-entries';
import type { LifecycleRecord } from '../../core/lifecycle/referral-lifecycle';
import { isBreached } from '../../core/lifecycle/transitions';
import { isPlatformId, platformById } from '../../core/platforms/platforms';

export const officerActor = (principal: Principal): Actor & { unit: string } => ({ kind: 'officer', id: principal.officerId, unit: principal.unit });

/** A live claim is shown as "mine or not" with its expiry: the claimer's id stays out of the view. */
const claimOf = (record: { claimedBy?: string; claimExpiresAt?: string }, principal: Principal, now: Date) =>
  record.claimedBy !== undefined && record.claimExpiresAt !== undefined && Date.parse(record.claimExpiresAt) > now.getTime()
    ? { claim: { mine: record.claimedBy === principal.officerId, expiresAt: record.claimExpiresAt } }
    : {};

/**
 * Who has the referral, as the caller may see it: the colleague's id to the unit that assigned it,
 * and to any other unit only that someone has it (officer identities stay inside their unit).
 */
export const assignmentOf = (record: { assignee?: string; assigneeUnit?: string }, principal: Principal): { assignment?: AssignmentView } => {
  if (record.assignee === undefined) return {};
  const ownUnit = record.assigneeUnit === principal.unit;
  return { assignment: { mine: ownUnit && record.assignee === principal.officerId, ownUnit, ...(ownUnit ? { officerId: record.assignee } : {}) } };
};

/** Whether the referral is assigned to the caller (`?assignee=me`). */
export const isAssignedTo = (record: { assignee?: string; assigneeUnit?: string }, principal: Principal): boolean =>
  record.assignee === principal.officerId && record.assigneeUnit === principal.unit;

const outcomeOf = (value: string | undefined) => {
  const parsed = referralOutcome.safeParse(value);
  return parsed.success ? { outcome: parsed.data } : {};
};

export const toQueueItem = (item: QueueEntryItem, principal: Principal, now: Date): QueueItem => ({
  referralId: item.referralId,
  platform: item.platform,
  status: item.status,
  ...outcomeOf(item.outcome),
  priority: item.priority,
  category: item.category,
  legalRoute: item.legalRoute,
  canonicalUrl: item.canonicalUrl,
  url: item.url,
  ...(item.title === undefined ? {} : { title: item.title }),
  firstReportedAt: item.firstReportedAt,
  reportCount: item.reportCount,
  unitCount: item.units.length,
  ...(item.deadlineAt === undefined ? {} : { deadlineAt: item.deadlineAt }),
  breached: isBreached(item.deadlineAt, item.status, now),
  version: item.version,
  ...claimOf(item, principal, now),
  ...assignmentOf(item, principal),
});

export const toLifecycleState = (record: LifecycleRecord, principal: Principal, now: Date, delivery?: LifecycleState['delivery']): LifecycleState => ({
  referralId: record.referralId,
  platform: record.platform,
  status: record.status,
  ...outcomeOf(record.outcome),
  version: record.version,
  ...(record.deadlineAt === undefined ? {} : { deadlineAt: record.deadlineAt }),
  breached: isBreached(record.deadlineAt, record.status, now),
  ...claimOf(record, principal, now),
  ...assignmentOf(record, principal),
  ...(delivery ? { delivery } : {}),
});

export const isWebhookPlatform = (platform: string): boolean => isPlatformId(platform) && platformById(platform).channel === 'webhook';
