import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrateUnitReportDays } from '../../functions/adapters/table/migrate-unit-report-days';

const usage = `usage: npm run migrate:unit-report-days -- --table <prefix>-referral-desk --region <region>
  Moves reports indexed under UNIT#<unit> to UNIT#<unit>#<day> (DEPLOY.md, "Moving to the projected
  indexes"), with the operator's AWS credentials; a rerun moves nothing.`;

/** `npm run migrate:unit-report-days`: run once per deployment, after the code that writes day keys is live. */
const main = async () => {
  const { values } = parseArgs({ options: { table: { type: 'string' }, region: { type: 'string' } } });
  if (!values.table || !values.region) {
    console.error(usage);
    process.exit(2);
  }
  const dynamo = new DynamoDBClient({ region: values.region });
  const result = await migrateUnitReportDays({ client: DynamoDBDocumentClient.from(dynamo), name: values.table });
  console.log(`${result.reports} reports read, ${result.moved} moved to their day's partition`);
  dynamo.destroy();
};

await main();
