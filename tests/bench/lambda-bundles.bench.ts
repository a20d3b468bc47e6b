import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * Each Lambda as infra/cdk/pipeline-function.ts bundles it (esbuild, minified, ESM for
 * node24, module entry points first, the createRequire banner), its size, and how long a
 * fresh Node process takes to import it: the part of a cold start the code controls.
 * sharp stays outside the bundle as in the process stage's asset: it is imported on the first
 * image, so neither its ~20 MB nor its load time is in these figures (the process bundle grew by
 * about 0.13 MB when its image readers, jsQR among them, came into Lambda).
 */

const name = 'lambda-bundles';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const importRuns = 7;

/** What the handlers read at import or first call; nothing is contacted during the import. */
const lambdaEnvironment = {
  TABLE_NAME: 'bench',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/ingest',
  INGEST_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/ingest-dlq',
  URGENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/urgent-ingest',
  URGENT_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/urgent-ingest-dlq',
  AWS_REGION: 'eu-west-1',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const importTime = async (bundle: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env['PATH'] ?? '', ...lambdaEnvironment },
  });
  return Number(stdout);
};

const run = async (): Promise<BenchFigure[]> => {
  const functionsDir = join(repoRoot, 'functions');
  const stages = [];
  for (const entry of await readdir(functionsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const handler = join(functionsDir, entry.name, 'handler.ts');
    if (await stat(handler).then(() => true, () => false)) stages.push({ stage: entry.name, handler });
  }
  const outDir = await mkdtemp(join(tmpdir(), 'referral-bundles-'));
  const figures: BenchFigure[] = [];
  try {
    for (const { stage, handler } of stages.sort((a, b) => a.stage.localeCompare(b.stage))) {
      const outfile = join(outDir, stage, 'index.mjs');
      await build({
        entryPoints: [handler],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node24',
        format: 'esm',
        mainFields: ['module', 'main'],
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
        legalComments: 'none',
        external: ['sharp'],
        logLevel: 'error',
      });
      const bytes = await readFile(outfile);
      const times: number[] = [];
      for (let i = 0; i < importRuns; i += 1) times.push(await importTime(outfile));
      figures.push(
        { benchmark: name, metric: `${stage}: bundle size (minified)`, value: Math.round(bytes.length / 1024), unit: 'KiB', note: `${Math.round(gzipSync(bytes).length / 1024)} KiB gzipped; AWS SDK bundled` },
        { benchmark: name, metric: `${stage}: cold import, median of ${importRuns}`, value: Math.round(median(times) * 10) / 10, unit: 'ms', note: `fresh node ${process.version} per run; min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms` },
      );
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return figures;
};

export const benchmark: BenchmarkModule = { name, run };
