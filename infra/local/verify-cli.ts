import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStores } from '../../functions/adapters/create-stores';
import { verifyAuditTrails } from '../../functions/core/audit-chain/verify-audit-trail';
import { defaultDataDir } from './dev-secret';
import { readRunningStack } from './running-stack';

const usage = `usage: npm run verify -- <referralId> [--trust-anchor <ca.pem>] [--json]
  checks the referral's audit chain in the running local stack (npm start), the chains of the
  operational holds covering it, and the daily anchors covering them; exit code 0: intact, 1: broken (the first broken event is named), 2: cannot check
  --trust-anchor <pem>   CA certificates of the TSA (default: the local stack's test TSA)`;

/** `npm run verify`: the same check as GET /v1/referrals/{id}/audit/verify, straight on the table. */
const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'trust-anchor': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  const [referralId] = positionals;
  if (values.help || !referralId || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  const stack = await readRunningStack();
  const anchorFile = values['trust-anchor'] ?? join(defaultDataDir(), 'tsa', 'ca.pem');
  const trustAnchorsPem = await readFile(anchorFile, 'utf8').then(
    (pem) => [pem],
    () => [],
  );
  const stores = createStores({ TABLE_NAME: stack.tableName, AWS_REGION: stack.region, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint });
  // A purged or never-created referral still has its chain to check; only the holds covering it need its content key.
  const referral = await stores.referrals.get(referralId);
  const heldTargets = referral ? await stores.auditChain.heldTargetTrails(referral) : [];
  const verification = await verifyAuditTrails(
    { ...(await stores.auditChain.referralTrail(referralId)), trustAnchorsPem },
    heldTargets.map((held) => ({ ...held, trustAnchorsPem })),
  );
  if (values.json) console.log(JSON.stringify({ referralId, ...verification }, null, 2));
  else {
    console.log(verification.ok ? `ok: ${verification.events} audit events, chain intact` : `broken: ${verification.firstBroken ? `${verification.firstBroken.kind} - ${verification.firstBroken.message}${verification.firstBroken.chain ? ` (in ${verification.firstBroken.chain})` : ''}` : 'an anchor was refused'}`);
    for (const finding of verification.findings.slice(1)) console.log(`  also ${finding.kind}: ${finding.message}${finding.chain ? ` (in ${finding.chain})` : ''}`);
    for (const anchor of verification.anchors) console.log(`  anchor ${anchor.day}: ${anchor.status}${'message' in anchor ? ` (${anchor.message})` : ''}`);
  }
  return verification.ok ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
