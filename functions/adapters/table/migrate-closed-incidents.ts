import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import { whenConditionHolds, type TableHandle } from './operations';
import { scanForMigration } from './migration-scan';
import { incidentItem } from './urgent-items';

export interface ClosedIncidentsMigrationResult {
  /** Closed incidents found. */
  closed: number;
  /** Of those, given the closed copy the incidents screen lists them by. */
  listed: number;
}

/**
 * Incidents closed before closing wrote a copy under `INCIDENTS#CLOSED` are listed by nobody
 * (`GET /v1/incidents?status=closed` reads only that partition). This writes the copy a close
 * writes today, once per deployment; a migration must find items whose keys it cannot name, so it
 * reads the incidents with a Scan, as no request path does. Each write is conditional on the copy
 * being absent, so a rerun writes nothing.
 */
export const migrateClosedIncidents = async (table: TableHandle): Promise<ClosedIncidentsMigrationResult> => {
  const result: ClosedIncidentsMigrationResult = { closed: 0, listed: 0 };
  for await (const item of scanForMigration(table, { entity: 'incident', filter: '#status = :closed', names: { '#status': 'status' }, values: { ':closed': 'closed' } })) {
    const { pk: _pk, sk: _sk, entity: _entity, ...record } = incidentItem.parse(item);
    if (!record.closedAt) continue;
    result.closed += 1;
    const written = await whenConditionHolds(() =>
      table.client.send(
        new PutCommand({ TableName: table.name, Item: { ...keys.closedIncident(record.incidentId, record.closedAt ?? ''), entity: 'closed-incident', ...record }, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
    if (written) result.listed += 1;
  }
  return result;
};
