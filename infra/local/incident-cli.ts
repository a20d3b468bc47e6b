import { parseArgs } from 'node:util';
import * as z from 'zod';
import { unitId } from '../../functions/contract/principal';
import { analystDevToken, writeAnswer } from './dev-secret';
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

const devToken = (unit: string): Promise<string> => analystDevToken(unit, `incident-report@${unit}`);

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
  await writeAnswer(body, out);
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
