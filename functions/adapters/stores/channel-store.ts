import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, partitions, sortPrefixes } from '../table/keys';
import type { PlatformEmergencyContact } from '../../contract/lifecycle';
import { platformChannelItem, type PlatformChannelItem } from '../table/items';
import { platformEmergencyContactItem, type PlatformEmergencyContactItem } from '../table/urgent-items';
import { isConditionFailure, type TableHandle } from '../table/operations';

/**
 * Platform channels: each platform's webhook configuration and its change record (set by an
 * admin, or by the local stack for its sandbox), and the signatures of the callbacks it sent,
 * kept to refuse a replay.
 */
export class ChannelStore {
  constructor(private readonly table: TableHandle) {}

  async get(platform: string): Promise<PlatformChannelItem | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.platformChannel(platform), ConsistentRead: true }));
    return result.Item ? platformChannelItem.parse(result.Item) : undefined;
  }

  /**
   * Records who changed a platform's channel, written before the change itself: a crash in
   * between leaves a record of a change that was asked for, never a change without a record.
   * The secret is not recorded, only a fingerprint that tells two secrets apart.
   */
  async recordChannelChange(input: { platform: string; webhookUrl: string; signingSecret: string; at: string; by: string; eventId: string }): Promise<void> {
    const previous = await this.get(input.platform);
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
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

  async getEmergencyContact(platform: string): Promise<PlatformEmergencyContactItem | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.platformEmergencyContact(platform), ConsistentRead: true }));
    return result.Item ? platformEmergencyContactItem.parse(result.Item) : undefined;
  }

  /**
   * Sets a platform's emergency line: the change record first (who, when, what it was before), then
   * the contact, so a crash in between leaves a record of a change asked for, never an unrecorded change.
   */
  async setEmergencyContact(input: { platform: string; contact: PlatformEmergencyContact; at: string; by: string; eventId: string }): Promise<void> {
    const previous = await this.getEmergencyContact(input.platform);
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...keys.channelChange(input.platform, input.at, input.eventId),
          entity: 'platform-audit',
          action: 'emergency_contact_set',
          platform: input.platform,
          at: input.at,
          by: input.by,
          emergencyContact: input.contact,
          ...(previous ? { previousEmergencyContact: previous.contact } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const item = { ...keys.platformEmergencyContact(input.platform), sk: 'EMERGENCY', entity: 'platform-emergency-contact', platform: input.platform, contact: input.contact, updatedAt: input.at, updatedBy: input.by } satisfies PlatformEmergencyContactItem;
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item }));
  }

  async listChannelChanges(platform: string): Promise<Record<string, unknown>[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': partitions.platform(platform), ':audit': sortPrefixes.audit },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []) as Record<string, unknown>[];
  }

  /** A plain put: setting the same configuration twice leaves the same item. */
  async put(input: { platform: string; webhookUrl: string; signingSecret: string; updatedAt: string; updatedBy: string }): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.platformChannel(input.platform), entity: 'platform-channel', ...input } }));
  }

  /**
   * Remembers a callback signature; false when it was seen before (a replay). Kept with an
   * expiry past the timestamp tolerance, after which the timestamp check refuses it anyway.
   */
  async rememberCallbackSignature(platform: string, signature: string, receivedAt: string, expiresAt: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.callbackSignature(platform, signature), entity: 'callback-signature', receivedAt, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getCallbackSignature(platform: string, signature: string): Promise<boolean> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.callbackSignature(platform, signature), ConsistentRead: true }));
    return result.Item !== undefined;
  }
}
