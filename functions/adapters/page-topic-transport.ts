import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { PagerEventV2 } from '../contract/escalation';
import type { PageAnswer } from '../core/escalation/pager-event';

/** SNS caps an e-mail subject at 100 characters. */
const subjectLimit = 100;

/**
 * Publishes a page to the unit's page topic, whose subscribers (e-mail, SMS) the unit's admin
 * manages. The message is plain text a phone can show; the Events API v2 event travels as the
 * `dedup_key` attribute, so a subscriber that is a program can tell pages apart.
 */
export const createPageTopicTransport =
  (sns: SNSClient, topicArnPrefix: string | undefined, options: { timeoutMs: number }) =>
  async (unit: string, event: PagerEventV2): Promise<PageAnswer> => {
    if (!topicArnPrefix) return { ok: false, error: 'this deployment has no page topics (referralDesk:pageTopicUnits): the contact cannot be paged by SNS' };
    const summary = event.payload?.summary ?? `Referral Desk page ${event.dedup_key}`;
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: `${topicArnPrefix}${unit}`,
          Subject: summary.length > subjectLimit ? `${summary.slice(0, subjectLimit - 1)}…` : summary,
          Message: `${summary}\n\nAcknowledge it on the Referral Desk dashboard (page ${event.dedup_key}).`,
          MessageAttributes: { dedup_key: { DataType: 'String', StringValue: event.dedup_key } },
        }),
        { abortSignal: AbortSignal.timeout(options.timeoutMs) },
      );
      return { ok: true };
    } catch (error) {
      // A missing topic (unit not in pageTopicUnits) or a refused publish: SQS retries, then the DLQ keeps it.
      return { ok: false, error: `SNS refused the page for unit ${unit}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
    }
  };
