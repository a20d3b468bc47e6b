import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

/**
 * Per-deployment webhook configuration of a platform: `PLATFORM#<id>` / `CHANNEL`, set by
 * an admin (or by the local stack for its sandbox). The signing secret is read by the
 * delivery stage and the callback route only; no API response carries it.
 */
export const platformChannelItem = z.object({
  pk: z.string(),
  sk: z.literal('CHANNEL'),
  entity: z.literal('platform-channel'),
  platform: z.string(),
  webhookUrl: z.string(),
  signingSecret: z.string().min(32),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type PlatformChannelItem = z.infer<typeof platformChannelItem>;

const channelKey = (platform: string) => ({ pk: `PLATFORM#${platform}`, sk: 'CHANNEL' });

export class PlatformChannelStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(platform: string): Promise<PlatformChannelItem | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: channelKey(platform), ConsistentRead: true }));
    return result.Item ? platformChannelItem.parse(result.Item) : undefined;
  }

  /** A plain put: setting the same configuration twice leaves the same item. */
  async put(input: { platform: string; webhookUrl: string; signingSecret: string; updatedAt: string; updatedBy: string }): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...channelKey(input.platform), entity: 'platform-channel', ...input } }));
  }
}
