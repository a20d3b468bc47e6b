import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, partitions, sortPrefixes } from './table/keys';
import { platformChannelItem, type PlatformChannelItem } from './table/items';

export class PlatformChannelStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(platform: string): Promise<PlatformChannelItem | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.platformChannel(platform), ConsistentRead: true }));
    return result.Item ? platformChannelItem.parse(result.Item) : undefined;
  }

  /**
   * Records who changed a platform's channel, written before the change itself: a crash in
   * between leaves a record of a change that was asked for, never a change without a record.
   * The secret is not recorded, only a fingerprint that tells two secrets apart.
   */
  async recordChannelChange(input: { platform: string; webhookUrl: string; signingSecret: string; at: string; by: string; eventId: string }): Promise<void> {
    const previous = await this.get(input.platform);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.channelChange(input.platform, input.at, input.eventId),
          entity: 'platform-audit',
          action: 'channel_configured',
          platform: input.platform,
          at: input.at,
          by: input.by,
          webhookUrl: input.webhookUrl,
          secretFingerprint: createHash('sha256').update(input.signingSecret).digest('hex').slice(0, 12),
          ...(previous ? { previousWebhookUrl: previous.webhookUrl } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listChannelChanges(platform: string): Promise<Record<string, unknown>[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': partitions.platform(platform), ':audit': sortPrefixes.audit },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []) as Record<string, unknown>[];
  }

  /** A plain put: setting the same configuration twice leaves the same item. */
  async put(input: { platform: string; webhookUrl: string; signingSecret: string; updatedAt: string; updatedBy: string }): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.platformChannel(input.platform), entity: 'platform-channel', ...input } }));
  }
}
