import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../table/keys';
import { submissionItem, type SubmissionItem } from '../table/items';
import { isConditionFailure, type TableHandle } from '../table/operations';

/**
 * Submissions: what the API accepted and what became of it (processed into a referral, or
 * rejected). The API writes the first state, the process stage the last; both are safe to repeat.
 */
export class SubmissionStore {
  constructor(private readonly table: TableHandle) {}

  /**
   * Records that the API accepted a submission. A retry of a submission that is
   * already processed keeps its processed state; returns the stored item.
   */
  async recordAccepted(input: { submissionId: string; unit: string; officerId: string; acceptedAt: string }): Promise<SubmissionItem> {
    const key = keys.submission(input.submissionId);
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key, entity: 'submission', status: 'accepted', ...input },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return submissionItem.parse({ ...key, entity: 'submission', status: 'accepted', ...input });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(input.submissionId);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(submissionId: string): Promise<SubmissionItem | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.submission(submissionId), ConsistentRead: true }));
    return result.Item ? submissionItem.parse(result.Item) : undefined;
  }

  async markProcessed(input: { submissionId: string; referralId: string; processedAt: string; duplicateOfExisting: boolean; unit: string; officerId: string; acceptedAt: string }): Promise<void> {
    // A plain SET: repeating it writes the same values. The submission item may be
    // missing if the API's write was lost, so the identifying fields are set too.
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.submission(input.submissionId),
        UpdateExpression:
          'SET entity = :entity, submissionId = :sid, #status = :processed, referralId = :rid, processedAt = if_not_exists(processedAt, :at), duplicateOfExisting = if_not_exists(duplicateOfExisting, :dup), #unit = :unit, officerId = :officer, acceptedAt = if_not_exists(acceptedAt, :acceptedAt)',
        ExpressionAttributeNames: { '#status': 'status', '#unit': 'unit' },
        ExpressionAttributeValues: {
          ':entity': 'submission',
          ':sid': input.submissionId,
          ':processed': 'processed',
          ':rid': input.referralId,
          ':at': input.processedAt,
          ':dup': input.duplicateOfExisting,
          ':unit': input.unit,
          ':officer': input.officerId,
          ':acceptedAt': input.acceptedAt,
        },
      }),
    );
  }

  async markRejected(input: { submissionId: string; code: string; message: string; processedAt: string }): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.submission(input.submissionId),
        UpdateExpression: 'SET #status = :rejected, rejection = :rejection, processedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':rejected': 'rejected',
          ':rejection': { code: input.code, message: input.message },
          ':at': input.processedAt,
        },
      }),
    );
  }
}
