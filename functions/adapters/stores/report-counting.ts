import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { workQueueOf } from '../../core/platforms/work-queue';
import { keys, queueIndexKey } from '../table/keys';
import { referralItem, type ReferralItem } from '../table/items';
import { isConditionFailure, type TableHandle } from '../table/operations';
import { notCounted, settleId, type IdMemory } from './settled-ids';
import type { ReferralDraft } from './referral-store';

/**
 * The count of a referral's reports, exact without transactions (ReferralStore.fileReport has the
 * order of the writes and why; functions/storage-design.md, "Counting a referral's reports").
 */
export { SETTLED_MEMORY_MS } from './settled-ids';

/** Where a referral remembers the submissions it counted (settled-ids.ts). */
const referralReportMemory: IdMemory = { counting: 'countingReports', settled: 'settledReports', settledBefore: 'settledBefore', settledSince: 'settledSince' };

/** Step 2 of ReferralStore.fileReport: the referral, created if new, counts the report and marks it as being filed. */
export const countReport = async (table: TableHandle, draft: ReferralDraft, report: { submissionId: string; unit: string }): Promise<{ counted: boolean; created: boolean; referral?: ReferralItem }> => {
  const queueKey = queueIndexKey(workQueueOf(draft.platform), 'new', draft.priority, draft.reportedAt, draft.referralId);
  try {
    const result = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.referral(draft.referralId),
        UpdateExpression: [
          'SET entity = :entity, referralId = :rid, contentKey = if_not_exists(contentKey, :contentKey)',
          'canonicalUrl = if_not_exists(canonicalUrl, :canonicalUrl), #url = if_not_exists(#url, :url)',
          'platform = if_not_exists(platform, :platform), category = if_not_exists(category, :category)',
          'legalRoute = if_not_exists(legalRoute, :legalRoute), #status = if_not_exists(#status, :new)',
          'priority = if_not_exists(priority, :priority), deadlineAt = if_not_exists(deadlineAt, :deadlineAt)',
          '#language = if_not_exists(#language, :language), groups = if_not_exists(groups, :groups)',
          'labels = if_not_exists(labels, :labels), indicators = if_not_exists(indicators, :indicators)',
          'firstReportedAt = if_not_exists(firstReportedAt, :at), lastReportedAt = :at',
          'gsi1pk = if_not_exists(gsi1pk, :gsi1pk), gsi1sk = if_not_exists(gsi1sk, :gsi1sk)',
          ...(draft.title === undefined ? [] : ['title = if_not_exists(title, :title)']),
        ].join(', ') + ' ADD reportCount :one, countingReports :sids, units :units',
        ConditionExpression: `attribute_not_exists(pk) OR (${notCounted(referralReportMemory, ':sid')})`,
        ExpressionAttributeNames: { '#status': 'status', '#url': 'url', '#language': 'language' },
        ExpressionAttributeValues: {
          ':entity': 'referral',
          ':rid': draft.referralId,
          ':contentKey': draft.contentKey,
          ':canonicalUrl': draft.canonicalUrl,
          ':url': draft.url,
          ':platform': draft.platform,
          ':category': draft.category,
          ':legalRoute': draft.legalRoute,
          ':new': 'new',
          ':priority': draft.priority,
          ':deadlineAt': draft.deadlineAt,
          ':language': draft.language,
          ':groups': draft.groups,
          ':labels': draft.labels,
          ':indicators': draft.indicators,
          ':at': draft.reportedAt,
          ':gsi1pk': queueKey.gsi1pk,
          ':gsi1sk': queueKey.gsi1sk,
          ':one': 1,
          ':sids': new Set([report.submissionId]),
          ':sid': report.submissionId,
          ':units': new Set([report.unit]),
          ...(draft.title === undefined ? {} : { ':title': draft.title }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    // The write just counted this submission: a count of one means it created the referral.
    // ALL_NEW also spares the caller a read of the referral it needs next.
    const referral = referralItem.parse(result.Attributes);
    return { counted: true, created: referral.reportCount === 1, referral };
  } catch (error) {
    if (isConditionFailure(error)) return { counted: false, created: false };
    throw error;
  }
};

/** Step 4 of ReferralStore.fileReport: the report item exists, so the id is settled (settled-ids.ts). */
export const settleCounting = (table: TableHandle, now: number, referralId: string, submissionId: string): Promise<void> =>
  settleId(table, keys.referral(referralId), submissionId, now, referralReportMemory);
