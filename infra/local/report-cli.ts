import { parseArgs } from 'node:util';
import * as z from 'zod';
import { unitId } from '../../functions/contract/principal';
import { transparencyReportKinds } from '../../functions/contract/rule-of-law';
import { analystDevToken, writeAnswer } from './dev-secret';
import { resolveApiUrl } from './running-stack';

const usage = `usage: npm run report -- --year <yyyy> --unit <slug> [options]
  --kind authority|trusted-flagger   authority: Regulation (EU) 2021/784 Art. 8 (default);
                                     trusted-flagger: DSA Art. 22(3)
  --format md|csv                    default md
  --out <file>                       write there instead of standard output
  --api <url>                        API base URL (default: the stack \`npm start\` runs, or $REFERRAL_DESK_API)
  --token <jwt>                      bearer token (default: an analyst dev token for --unit)`;

const options = z.object({
  year: z.coerce.number().int().min(2022).max(2100),
  unit: unitId,
  kind: z.enum(transparencyReportKinds).default('authority'),
  format: z.enum(['md', 'csv']).default('md'),
});

const devToken = (unit: string): Promise<string> => analystDevToken(unit, `report@${unit}`);

/** `npm run report`: the unit's yearly transparency report from the API's exact counters. */
const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      year: { type: 'string' },
      unit: { type: 'string' },
      kind: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const parsed = options.safeParse(values);
  if (values.help || !parsed.success) {
    if (!parsed.success) for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(usage);
    return 2;
  }
  const { year, unit, kind, format } = parsed.data;
  const api = await resolveApiUrl(values.api);
  const token = values.token ?? (await devToken(unit));
  const url = `${api}/v1/transparency-reports/${year}?kind=${kind}&format=${format}&unit=${unit}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (!response.ok) {
    console.error(`the API answered ${response.status}: ${body}`);
    return 1;
  }
  await writeAnswer(body, values.out);
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
