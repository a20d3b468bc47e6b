import { access, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { signDevToken } from '../../functions/api/authenticate';
import { unitId } from '../../functions/contract/principal';
import { formatSummary } from '../../functions/core/import/import-summary';
import { defaultDataDir, loadDevSecret } from './dev-secret';
import { ImportError, runImport } from './import-client';
import { resolveApiUrl } from './running-stack';

const usage = `usage: npm run import -- <file.csv|file.ndjson> [options]
  --api <url>         API base URL (default $REFERRAL_DESK_API, else the stack "npm start" runs, found from .data/)
  --token <jwt>       bearer token (default: a referrer dev token for --unit, signed with .data/dev-auth-secret)
  --unit <slug>       your unit (default eu-iru); part of every derived submission id
  --officer <id>      without --token: the officer the dev token names, who files the rows (default: your login name)
  --dry-run           only validate; print rejected rows with line numbers
  --refang            take defanged URLs (hxxps://t[.]me/...) in their refanged form; the summary names the rows changed
  --batch-size <n>    reports per request (default 100, at most 500)
  --json              print the summary as JSON on standard output
Columns: url, category, title, selected_text, group, urgent, legal_route, notes, sub_tags, submission_id (README: "Bulk import").`;

/**
 * The local stack's secret only: never create one here, a fresh secret would sign tokens
 * nobody accepts. The token names the officer who runs the import: rows are filed as theirs.
 */
const localDevToken = async (unit: string, officer: string): Promise<string> => {
  const dataDir = defaultDataDir();
  try {
    await access(join(dataDir, 'dev-auth-secret'));
  } catch {
    throw new ImportError(`no dev secret at ${join(dataDir, 'dev-auth-secret')}: start the local stack (npm start) or pass --token`);
  }
  return signDevToken(await loadDevSecret(dataDir), { role: 'referrer', unit, sub: officer });
};

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      api: { type: 'string' },
      token: { type: 'string' },
      unit: { type: 'string', default: 'eu-iru' },
      officer: { type: 'string', default: userInfo().username },
      'dry-run': { type: 'boolean', default: false },
      refang: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [filePath] = positionals;
  const unit = unitId.safeParse(values.unit);
  const batchSize = Number(values['batch-size']);
  if (values.help || !filePath || !unit.success || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) {
    console.error(usage);
    return 2;
  }
  const text = await readFile(filePath, 'utf8');
  const dryRun = values['dry-run'];
  const token = dryRun ? '' : values.token ?? (await localDevToken(unit.data, values.officer));
  const apiUrl = dryRun
    ? ''
    : await resolveApiUrl(values.api).catch((error: unknown) => {
        throw new ImportError((error as Error).message);
      });

  // Ctrl-C once: finish the batches in flight, print what was done; re-running resumes.
  const abort = new AbortController();
  process.once('SIGINT', () => {
    console.error('\ninterrupted: finishing the batches in flight...');
    abort.abort();
  });
  const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows | {eta_formatted} left', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let barPhase = '';
  const { summary } = await runImport({
    fileName: basename(filePath),
    text,
    unit: unit.data,
    dryRun,
    refang: values.refang,
    apiUrl,
    token,
    batchSize,
    signal: abort.signal,
    onProgress: ({ phase, done, total }) => {
      if (phase !== barPhase) {
        if (barPhase) bar.stop();
        bar.start(total, 0, { phase: phase === 'checking' ? 'checking existing referrals' : 'sending' });
        barPhase = phase;
      }
      bar.update(done);
    },
  }).finally(() => bar.stop());
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(formatSummary(summary));
  if (summary.interrupted) return 3;
  return summary.rejected.length > 0 ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ImportError ? `import failed: ${error.message}` : error);
    process.exit(error instanceof ImportError ? 2 : 1);
  },
);
