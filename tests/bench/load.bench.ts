import { loadFigures, runLoad } from '../helpers/load-run';
import { startBenchStack } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * The reliability load run (tests/reliability/load.long.test.ts) with its speed held against
 * targets: 100 reports/s offered for 60 s to the local stack on loopback. The test checks only
 * what holds at any speed (every report stored once, nothing dead-lettered); whether this
 * machine keeps the schedule, and how long reports wait, is read here.
 */

const name = 'load';
const ratePerSecond = 100;
const durationSeconds = 60;
/** Requests in flight beyond this mean the API is not keeping up with the schedule. */
const maxInFlight = 400;

const run = async (): Promise<BenchFigure[]> => {
  // Lambda's maximum concurrency for the process function (infra/resources.ts).
  const local = await startBenchStack({ processConcurrency: 5 });
  try {
    const load = await runLoad(local, { ratePerSecond, durationSeconds, maxInFlight });
    const figures = loadFigures(load);
    const stored = new Set(load.reports.map((report) => report['submissionId'])).size;
    const note = (met: boolean, target: string) => `${met ? 'meets' : 'MISSES'} target ${target}`;
    return [
      { benchmark: name, metric: `${ratePerSecond} reports/s for ${durationSeconds} s: achieved send rate`, value: figures.achievedRatePerSecond, unit: 'reports/s', note: note(figures.sendSeconds < durationSeconds + 3, `${ratePerSecond}/s (sent within ${durationSeconds + 3} s); ${stored} of ${load.offered} stored, ${load.errors.length} errors`) },
      { benchmark: name, metric: 'requests in flight at most', value: figures.maxInFlight, unit: 'requests', note: note(figures.maxInFlight < maxInFlight, `< ${maxInFlight} (the client waits at ${maxInFlight})`) },
      { benchmark: name, metric: 'sends repeated (connection failure, 429, 5xx)', value: figures.retries, unit: 'requests', note: note(figures.retries === 0, '0') },
      { benchmark: name, metric: 'schedule lag at most', value: figures.maxScheduleLagMs, unit: 'ms' },
      { benchmark: name, metric: 'API response p50', value: figures.apiResponseMs.p50, unit: 'ms' },
      { benchmark: name, metric: 'API response p99', value: figures.apiResponseMs.p99, unit: 'ms' },
      { benchmark: name, metric: 'accepted-to-stored p50', value: figures.acceptedToStoredMs.p50, unit: 'ms' },
      { benchmark: name, metric: 'accepted-to-stored p99', value: figures.acceptedToStoredMs.p99, unit: 'ms' },
      { benchmark: name, metric: 'ingest queue depth at most', value: figures.maxIngestQueueDepth, unit: 'messages' },
      { benchmark: name, metric: 'drain after the last send', value: figures.drainAfterLastSendSeconds, unit: 's' },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
