import { makeReport, postJson } from '../helpers/factories';
import { percentile, startBenchStack, waitForIngestDrained } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * The extension's one request per page view, GET /v1/lookup, answering "already referred" and
 * every operational hold on the page and on its channel together, on the local stack. Pages of
 * a held channel, some referred, some not; the same warm API process answers them all in turn.
 */
const name = 'deconfliction lookup';
const channels = 20;
const postsPerChannel = 10;
const lookups = 400;

const run = async (): Promise<BenchFigure[]> => {
  const local = await startBenchStack();
  try {
    const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'bench.referrer' });
    const holder = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'bench.holder' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (let c = 0; c < channels; c++) {
      const placed = await fetch(`${local.apiUrl}/v1/holds`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${holder}`, 'content-type': 'application/json' },
        body: JSON.stringify({ target: { kind: 'channel', url: `https://t.me/bench_channel_${c}` }, reason: 'bench', contact: 'desk', expiresAt }),
      });
      if (placed.status !== 201) throw new Error(`hold refused: ${placed.status}`);
      // Half of each channel's posts are referred, so both answers are measured.
      for (let p = 0; p < postsPerChannel / 2; p++) {
        const answer = await postJson(`${local.apiUrl}/v1/reports`, referrer, makeReport({ url: `https://t.me/bench_channel_${c}/${p}` }));
        if (answer.status !== 202) throw new Error(`report refused: ${answer.status}`);
      }
    }
    await waitForIngestDrained(local);
    const urls = Array.from({ length: lookups }, (_, i) => `https://t.me/s/bench_channel_${i % channels}/${Math.floor(i / channels) % postsPerChannel}`);
    const latencies: number[] = [];
    let held = 0;
    let referred = 0;
    for (const [i, url] of urls.entries()) {
      const started = performance.now();
      const response = await fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent(url)}`, { headers: { authorization: `Bearer ${referrer}` } });
      const body = (await response.json()) as { referred: boolean; holds: unknown[] };
      const elapsed = performance.now() - started;
      // The first lookups warm the process (JIT, connections); measured from the 21st.
      if (i >= 20) latencies.push(elapsed);
      if (body.holds.length > 0) held++;
      if (body.referred) referred++;
    }
    if (held !== lookups) throw new Error(`only ${held} of ${lookups} lookups saw their channel's hold`);
    latencies.sort((a, b) => a - b);
    const note = `${latencies.length} sequential lookups of posts of held channels (${referred} referred), one request each`;
    return [
      { benchmark: name, metric: 'lookup with holds p50', value: Number(percentile(latencies, 50).toFixed(2)), unit: 'ms', note },
      { benchmark: name, metric: 'lookup with holds p95 (target < 50 ms)', value: Number(percentile(latencies, 95).toFixed(2)), unit: 'ms', note },
      { benchmark: name, metric: 'lookup with holds max', value: Number((latencies.at(-1) ?? 0).toFixed(2)), unit: 'ms', note },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
