import { parseArgs } from 'node:util';
import { createStores } from '../../functions/adapters/create-stores';
import { importSanctionsList, readSanctionsFile } from './sanctions-import';
import { readRunningStack } from './running-stack';

const usage = `usage: npm run sanctions -- import <file> [--dry-run]
         loads OFAC's SDN list (sdn.xml or SDN_ADVANCED.xml) or the EU consolidated financial
         sanctions list (FSF XML) into the running local stack, and labels the referrals whose
         wallets or IBANs it names`;

/** Exit code 0: imported; 2: the file or the arguments refused (nothing written). */
const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  const [command, file, ...rest] = positionals;
  if (command !== 'import' || !file || rest.length > 0) {
    console.error(usage);
    return 2;
  }
  const read = await readSanctionsFile(file).catch((error: NodeJS.ErrnoException) => ({ code: 'unreadable', message: error.code ?? error.message }));
  if ('code' in read) {
    console.error(`${file}: ${read.code}: ${read.message}; nothing imported`);
    return 2;
  }
  const identifiers = read.entries.reduce((sum, entry) => sum + entry.identifiers.length, 0);
  const described = `${read.list} published ${read.publishedOn} (${read.format}): ${read.entryCount} entries, ${read.entries.length} naming ${identifiers} wallets or IBANs`;
  if (values['dry-run']) {
    console.log(`would import ${described}`);
    return 0;
  }
  const stack = await readRunningStack();
  const stores = createStores({ TABLE_NAME: stack.tableName, AWS_REGION: stack.region, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint });
  const summary = await importSanctionsList(read, stores, new Date().toISOString());
  console.log(`imported ${described}`);
  for (const { referralId, match, priorityRaised } of summary.labelled) {
    console.log(`  ${referralId}: ${match.type} ${match.value} is entry ${match.entryId}${priorityRaised ? ' (priority raised to P2)' : ''}`);
  }
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
