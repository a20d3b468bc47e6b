import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LegalActor } from '../../core/rule-of-law/legal-event';
import { proceduresSentTo, providerKeyOf, type ProviderHistory } from '../../core/rule-of-law/procedural-notice';
import { keys } from '../table/keys';
import { unitSettingsItem, type UnitSettings } from '../table/items';
import { isConditionFailure, type TableHandle } from '../table/operations';
import type { LegalAuditStore } from './legal-audit-store';

/**
 * A unit's settings (contact point, four-eyes, the procedures it sent each provider) and its
 * record of the first removal order to each provider (Regulation (EU) 2021/784 Art. 3(2)).
 */
export class UnitSettingsStore {
  constructor(
    private readonly table: TableHandle,
    private readonly audit: LegalAuditStore,
  ) {}

  async get(unit: string): Promise<UnitSettings | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.unitSettings(unit), ConsistentRead: true }));
    return result.Item ? unitSettingsItem.parse(result.Item) : undefined;
  }

  /** A conditional put on the version the admin saw (0 for the first). */
  async put(settings: Omit<UnitSettings, 'pk' | 'sk' | 'entity'>, expectedVersion: number, actor: LegalActor): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.unitSettings(settings.unit), entity: 'unit-settings', ...settings },
          ...(expectedVersion === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.audit.put({
      referralId: '',
      subject: 'settings',
      subjectId: settings.unit,
      version: settings.version,
      action: 'settings_changed',
      at: settings.updatedAt,
      actor,
      details: { fourEyes: String(settings.fourEyes) },
    });
    return true;
  }

  /** What the unit's records say of a provider before an order to it (Art. 3(2)). */
  async providerHistory(unit: string, platform: string, addresseeName: string): Promise<ProviderHistory> {
    const [settings, first] = await Promise.all([
      this.get(unit),
      this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.firstOrderTo(unit, providerKeyOf(platform, addresseeName)), ConsistentRead: true })),
    ]);
    const sentAt = proceduresSentTo(settings?.tcoProcedures ?? [], platform, addresseeName);
    return { previousOrder: first.Item !== undefined, ...(sentAt !== undefined ? { proceduresSentAt: sentAt } : {}) };
  }

  /** Remembers the unit's first order to a provider; repeating it keeps the first. */
  async markOrderIssued(unit: string, platform: string, addresseeName: string, order: { orderId: string; issuedAt: string }): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.firstOrderTo(unit, providerKeyOf(platform, addresseeName)),
        UpdateExpression: 'SET entity = if_not_exists(entity, :entity), orderId = if_not_exists(orderId, :orderId), issuedAt = if_not_exists(issuedAt, :issuedAt)',
        ExpressionAttributeValues: { ':entity': 'first-order', ':orderId': order.orderId, ':issuedAt': order.issuedAt },
      }),
    );
  }
}
