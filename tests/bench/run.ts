import { readdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * `npm run bench [-- --json] [-- --only name,name]`: imports every tests/bench/*.bench.ts,
 * runs the modules one after another in this process (so figures are not skewed by each
 * other), and prints one table; with --json the same figures go to standard output as
 * JSON and everything else (progress, module logs) to standard error.
 */

export interface BenchReport {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  startedAt: string;
  durationSeconds: number;
  modules: { name: string; seconds: number; error?: string }[];
  figures: BenchFigure[];
}

const benchDir = dirname(fileURLToPath(import.meta.url));

const formatNumber = (value: number | undefined): string => {
  if (value === undefined || Number.isNaN(value)) return '';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
};

/** A Markdown table, so the output can be pasted into BENCHMARKS.md as it is. */
export const formatTable = (figures: BenchFigure[]): string => {
  const rows = figures.map((f) => [
    f.benchmark,
    f.metric,
    `${formatNumber(f.value)} ${f.unit}`,
    f.peer ?? '',
    f.peerValue === undefined ? '' : `${formatNumber(f.peerValue)}`,
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}x`,
    f.note ?? '',
  ]);
  const header = ['benchmark', 'metric', 'value', 'peer', 'peer value', 'ratio', 'note'];
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // Set before any module is imported: loggers read their level once, and a JSON line per
  // report would measure the console rather than the pipeline.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  const writeStdout = process.stdout.write.bind(process.stdout);
  if (values.json) {
    // Standard output carries the JSON only; whatever modules print (loggers write to the
    // stream directly, not through console.log) goes to standard error.
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }
  const only = values.only?.split(',').map((name) => name.trim());
  const files = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const started = performance.now();
  const report: BenchReport = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    startedAt: new Date().toISOString(),
    durationSeconds: 0,
    modules: [],
    figures: [],
  };
  for (const file of files) {
    const loaded = (await import(pathToFileURL(join(benchDir, file)).href)) as { benchmark?: BenchmarkModule };
    const module = loaded.benchmark;
    if (!module) {
      report.modules.push({ name: file, seconds: 0, error: 'exports no `benchmark`' });
      continue;
    }
    if (only && !only.includes(module.name)) continue;
    log(`[bench] ${module.name} ...`);
    const moduleStarted = performance.now();
    try {
      const figures = await module.run();
      report.figures.push(...figures);
      report.modules.push({ name: module.name, seconds: Math.round((performance.now() - moduleStarted) / 100) / 10 });
    } catch (error) {
      // One broken module must not hide the others' figures; the exit code reports it.
      log(`[bench] ${module.name} failed: ${(error as Error).stack ?? String(error)}`);
      report.modules.push({ name: module.name, seconds: Math.round((performance.now() - moduleStarted) / 100) / 10, error: (error as Error).message });
    }
    log(`[bench] ${module.name} done in ${report.modules.at(-1)?.seconds ?? 0} s`);
  }
  report.durationSeconds = Math.round((performance.now() - started) / 1000);
  if (values.json) {
    writeStdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const m = report.machine;
    console.log(`\nReferral Desk benchmarks, ${report.startedAt} - ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; ${report.durationSeconds} s\n`);
    console.log(formatTable(report.figures));
    console.log(`\nmodules: ${report.modules.map((x) => `${x.name} ${x.seconds} s${x.error ? ' (FAILED)' : ''}`).join(', ')}`);
  }
  return report.modules.some((x) => x.error) ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
