import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrateClosedIncidents } from '../../functions/adapters/table/migrate-closed-incidents';
import { migrateCounterShards } from '../../functions/adapters/table/migrate-counter-shards';
import { migrateOtherHostsQueue } from '../../functions/adapters/table/migrate-other-hosts-queue';
import { migrateUnitReportDays } from '../../functions/adapters/table/migrate-unit-report-days';
import type { TableHandle } from '../../functions/adapters/table/operations';

/**
 * The table's one-off moves after an upgrade (DEPLOY.md, "Upgrading a deployment with existing
 * data"). The local stack runs each of them on start; a cloud deployment runs them with this
 * tool, once, after the code that reads the new layout is live. Each is idempotent: a rerun, or
 * a run killed half-way and started again, moves nothing twice.
 */
export const migrationSteps = {
  'unit-report-days': {
    what: 'reports indexed under UNIT#<unit> move to UNIT#<unit>#<day>',
    run: async (table: TableHandle) => {
      const result = await migrateUnitReportDays(table);
      return `${result.reports} reports read, ${result.moved} moved to their day's partition`;
    },
  },
  'counter-shards': {
    what: 'trend counters move to STAT#<dimension>#<shard>, their counted ids to claims',
    run: async (table: TableHandle) => {
      const result = await migrateCounterShards(table);
      return `${result.found} counters in the old layout, ${result.moved} moved to their shard partition, ${result.claims} claims written`;
    },
  },
  'other-hosts-queue': {
    what: 'referrals of unlisted hosts move to the other-hosts queue',
    run: async (table: TableHandle) => {
      const result = await migrateOtherHostsQueue(table);
      return `${result.referrals} referrals read, ${result.moved} moved to the other-hosts queue`;
    },
  },
  'closed-incidents': {
    what: 'incidents closed before closing listed them get the copy the closed list reads',
    run: async (table: TableHandle) => {
      const result = await migrateClosedIncidents(table);
      return `${result.closed} closed incidents, ${result.listed} added to the closed list`;
    },
  },
} as const satisfies Record<string, { what: string; run: (table: TableHandle) => Promise<string> }>;

const usage = `usage: npm run migrate -- <step> --table <prefix>-referral-desk --region <region> [--endpoint <url>]
  Runs one of the table's upgrade moves with the operator's AWS credentials; a rerun moves nothing twice.
${Object.entries(migrationSteps)
  .map(([step, { what }]) => `  ${step.padEnd(18)} ${what}`)
  .join('\n')}`;

const main = async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } } });
  const step = positionals[0];
  if (positionals.length !== 1 || !step || !(step in migrationSteps) || !values.table || !values.region) {
    console.error(usage);
    process.exit(2);
  }
  const dynamo = new DynamoDBClient({ region: values.region, ...(values.endpoint ? { endpoint: values.endpoint } : {}) });
  try {
    console.log(await migrationSteps[step as keyof typeof migrationSteps].run({ client: DynamoDBDocumentClient.from(dynamo), name: values.table }));
  } finally {
    dynamo.destroy();
  }
};

await main();
