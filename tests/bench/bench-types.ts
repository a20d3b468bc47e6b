/**
 * Every benchmark module under tests/bench exports `benchmark: BenchmarkModule`.
 * `npm run bench` imports them all, runs them in one process one after another,
 * and prints one table (or JSON with --json).
 */
export interface BenchFigure {
  /** Which benchmark, e.g. "canonicalization". */
  benchmark: string;
  /** What was measured, e.g. "throughput (1 core)". */
  metric: string;
  value: number;
  unit: string;
  /** A peer measured side by side in the same run, e.g. "normalize-url". */
  peer?: string;
  peerValue?: number;
  /** value / peerValue, oriented so that > 1 means we are better. */
  ratio?: number;
  note?: string;
}

export interface BenchmarkModule {
  name: string;
  run: () => Promise<BenchFigure[]>;
}
