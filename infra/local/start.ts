import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signDevToken } from '../../functions/api/authenticate';
import { queues } from '../resources';
import { defaultDataDir } from './dev-secret';
import { devUsers } from './dev-users';
import { startLocalStack } from './local-stack';

/** `npm start`: the whole pipeline on this machine, with nothing but Node and npm. */
const main = async () => {
  const dataDir = defaultDataDir();
  const apiPort = Number(process.env['PORT'] ?? 8787);
  const sandboxPort = Number(process.env['SANDBOX_PORT'] ?? 8788);
  const stack = await startLocalStack({ dataDir, apiPort, sandbox: { port: sandboxPort, callbackDelayMs: 3_000 }, sandboxLog: (line) => console.log(line), sandboxPager: { port: Number(process.env['SANDBOX_PAGER_PORT'] ?? 8789) }, sandboxPagerLog: (line) => console.log(line) });
  // Where the running stack listens, for the command-line tools (dlq, import, trends).
  const runtimeFile = join(dataDir, 'local-stack.json');
  await writeFile(
    runtimeFile,
    `${JSON.stringify({ pid: process.pid, apiUrl: stack.apiUrl, dynamoEndpoint: stack.dynamoEndpoint, sqsEndpoint: stack.sqsEndpoint, region: stack.config.AWS_REGION, tableName: stack.config.TABLE_NAME, queues: stack.queues }, null, 2)}\n`,
  );
  const tokens = await Promise.all(devUsers.map(async (user) => ({ user, token: await signDevToken(stack.devAuthSecret, user) })));
  const referrer = tokens[0];
  const lines = [
    'Referral Desk local stack is running (127.0.0.1 only)',
    `  API              ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)`,
    `  DynamoDB         ${stack.dynamoEndpoint}   dynalite, table ${stack.config.TABLE_NAME}`,
    `  SQS              ${stack.sqsEndpoint}   fauxqs, queues ${Object.values(queues).map((q) => q.logicalName).join(', ')} (+ DLQs)`,
    `  process stage    polling ${queues.ingest.logicalName} in batches of 10, and ${queues.urgent.logicalName} (reports that may be a threat to life) on its own`,
    `  delivery stage   polling ${queues.delivery.logicalName}; retries with backoff, then ${queues.delivery.logicalName}-dlq`,
    `  test TSA         ${stack.tsa ? `${stack.tsa.url}   RFC 3161, own CA in ${stack.tsa.trustAnchorFile}; verified capture manifests are stamped` : '(off: openssl failed, manifests are not stamped)'}`,
    `  sandbox platform ${stack.sandbox?.url ?? '(off)'}/webhooks/<platform>   every webhook platform delivers here; it verifies, logs and calls back acknowledged, then removed`,
    `  escalation stage polling ${queues.escalation.logicalName}; pages the unit's on-call rota for P1 referrals, once per step`,
    `  sandbox pager    ${stack.sandboxPager?.url ?? '(off)'}/v2/enqueue/<routingKey>   a unit's rota can page here (README: On-call rota and pager); it verifies and logs each page`,
    `  data             ${dataDir}`,
    '',
    'Dev users (tokens valid 12 h; `npm run token -- --role referrer --unit eu-iru` prints more):',
    ...tokens.map(({ user }) => `  ${[user.role].flat().join('+').padEnd(9)} ${user.sub}`),
    '',
    'Try it:',
    `  TOKEN=$(npm run --silent token -- --role referrer --unit eu-iru)`,
    `  curl -s -X POST ${stack.apiUrl}/v1/reports -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    `    -d '{"submissionId":"'$(node -e 'console.log(crypto.randomUUID())')'","url":"https://t.me/s/example/42","category":"recruitment"}'`,
    `  curl -s ${stack.apiUrl}/v1/submissions/<submissionId> -H "authorization: Bearer $TOKEN"`,
    '',
    'Liaison loop (queue, claim, send, watch the sandbox call back; then trends):',
    `  LIAISON=$(npm run --silent token -- --role liaison --unit eu-iru --platforms x,youtube,telegram)`,
    `  curl -s ${stack.apiUrl}/v1/queues/youtube -H "authorization: Bearer $LIAISON"`,
    `  curl -s -X POST ${stack.apiUrl}/v1/referrals/<referralId>/send -H "authorization: Bearer $LIAISON" -H 'content-type: application/json' -d '{"expectedVersion":0}'`,
    `  npm run trends -- --from ${new Date().toISOString().slice(0, 8)}01 --by platform`,
    '',
    'Ctrl-C stops everything; accepted reports stay queued on disk.',
  ];
  console.log(lines.join('\n'));
  if (referrer && process.env['PRINT_TOKENS'] === '1') console.log(`\nreferrer token: ${referrer.token}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API, finishing in-flight batches, closing the stores...`);
    await stack.stop();
    await rm(runtimeFile, { force: true });
    console.log('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch((error: unknown) => {
  console.error('local stack failed to start:', error);
  process.exit(1);
});
