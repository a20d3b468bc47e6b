import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableHandle } from './operations';

export interface MigrationScan {
  /** Items of this entity only (the `entity` attribute every item carries). */
  entity: string;
  /** More conditions on the item, over `names` and `values` (the entity's own is added here). */
  filter?: string;
  /** Only these attributes, when the migration needs few of a large item. */
  projection?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * Every item of one entity, page by page. Only migrations scan: they must find items whose keys
 * they cannot name in advance, and run once per deployment (infra/cdk/DEPLOY.md); no request path
 * does. A page's items are handed on before the next page is read, so a migration's writes to one
 * page are done when the scan moves on.
 */
export async function* scanForMigration(table: TableHandle, scan: MigrationScan): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: scan.filter === undefined ? 'entity = :migratedEntity' : `entity = :migratedEntity AND (${scan.filter})`,
        ...(scan.projection !== undefined ? { ProjectionExpression: scan.projection } : {}),
        ...(scan.names !== undefined ? { ExpressionAttributeNames: scan.names } : {}),
        ExpressionAttributeValues: { ...scan.values, ':migratedEntity': scan.entity },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
