import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HostAbuseContact, HostAbuseContactRequest } from '../../contract/host-contact';
import { keys } from '../table/keys';
import { hostAbuseContactItem } from '../table/items';
import type { TableHandle } from '../table/operations';

/**
 * The abuse contacts of hosts outside the platform registry, one per host for every unit, and
 * who recorded each (in the host's change record, which stays in the table).
 */
export class HostContactStore {
  constructor(private readonly table: TableHandle) {}

  async get(host: string): Promise<HostAbuseContact | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.hostAbuseContact(host), ConsistentRead: true }));
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ...contact } = hostAbuseContactItem.parse(result.Item);
    return contact as HostAbuseContact;
  }

  /** The contacts known for these hosts (a queue page names a few), in the order given. */
  async getMany(hosts: string[]): Promise<HostAbuseContact[]> {
    const found = await Promise.all([...new Set(hosts)].map((host) => this.get(host)));
    return found.filter((contact) => contact !== undefined);
  }

  /**
   * The change record first, then the contact: a crash in between leaves a record of a change
   * asked for, never a change without a record. A repeat of the same request writes a second
   * record (it is a second request) and the same contact.
   */
  async record(input: HostAbuseContactRequest & { host: string; at: string; unit: string; officerId: string; eventId: string }): Promise<HostAbuseContact> {
    const contact: HostAbuseContact = {
      host: input.host,
      ...(input.email === undefined ? {} : { email: input.email }),
      ...(input.formUrl === undefined ? {} : { formUrl: input.formUrl }),
      source: input.source,
      updatedAt: input.at,
      updatedByUnit: input.unit,
    };
    const previous = await this.get(input.host);
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...keys.channelChange(input.host, input.at, input.eventId),
          entity: 'platform-audit',
          action: 'abuse_contact_recorded',
          platform: input.host,
          at: input.at,
          by: input.officerId,
          unit: input.unit,
          contact,
          ...(previous ? { previousContact: previous } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.hostAbuseContact(input.host), entity: 'host-abuse-contact', ...contact } }));
    return contact;
  }
}
