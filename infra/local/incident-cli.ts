import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { signDevToken } from '../../functions/api/authenticate';
import { unitId } from '../../functions/contract/principal';
import { defaultDataDir, loadDevSecret } from './dev-secret';
import { resolveApiUrl } from './running-stack';

const usage = `usage: npm run incident -- report <incidentId> [options]
  --format md|pdf     default md (a PDF needs --out)
  --out <file>        write there instead of standard output
  --unit <slug>       the unit whose analyst reads it (default eu-iru); every unit reads incidents
  --api <url>         API base URL (default: the stack \`npm start\` runs, or $REFERRAL_DESK_API)
  --token <jwt>       bearer token (default: an analyst dev token for --unit)`;

const command = z.tuple([z.literal('report'), z.uuid({ message: 'an incident id (a UUID)' })]);
const options = z.object({ format: z.enum(['md', 'pdf']).default('md'), unit: unitId.default('eu-iru'), out: z.string().min(1).optional() }).refine((o) => o.format !== 'pdf' || o.out !== undefined, {
  message: 'a PDF is written to a file: pass --out',
  path: ['out'],
});

const devToken = async (unit: string): Promise<string> => {
  const dataDir = defaultDataDir();
  try {
    await access(join(dataDir, 'dev-auth-secret'));
  } catch {
    throw new Error(`no dev secret at ${join(dataDir, 'dev-auth-secret')}: start the local stack (npm start) or pass --token`);
  }
  // An analyst reads every platform's referrals, so the debrief lists every referral it counts.
  return signDevToken(await loadDevSecret(dataDir), { role: 'analyst', unit, sub: `incident-report@${unit}` });
};

/** `npm run incident -- report <id>`: the incident's debrief (Markdown or PDF) from the API. */
const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      unit: { type: 'string' },
      out: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const parsedCommand = command.safeParse(positionals);
  const parsed = options.safeParse(values);
  if (values.help || !parsedCommand.success || !parsed.success) {
    for (const issue of parsedCommand.error?.issues ?? []) console.error(`${issue.path.length > 0 ? `argument ${issue.path.join('.')}` : 'arguments'}: ${issue.message}`);
    for (const issue of parsed.error?.issues ?? []) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(usage);
    return 2;
  }
  const [, incidentId] = parsedCommand.data;
  const { format, unit, out } = parsed.data;
  const api = await resolveApiUrl(values.api);
  const token = values.token ?? (await devToken(unit));
  const response = await fetch(`${api}/v1/incidents/${incidentId}/debrief?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    console.error(`the API answered ${response.status}: ${await response.text()}`);
    return 1;
  }
  const body = format === 'pdf' ? new Uint8Array(await response.arrayBuffer()) : await response.text();
  if (out) {
    await writeFile(out, body);
    console.error(`wrote ${out}`);
  } else {
    process.stdout.write(body);
  }
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
