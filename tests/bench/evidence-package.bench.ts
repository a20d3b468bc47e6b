import { randomBytes } from 'node:crypto';
import { fileCapturedReport } from '../helpers/captured-report';
import { startBenchStack } from './bench-stack';
import type { BenchFigure, BenchmarkModule } from './bench-types';

/**
 * GET /v1/referrals/{id}/evidence-package for a referral with 20 MB of artifacts (four captures
 * of two 2.5 MB snapshots each), on the local stack: time to the last byte, and how far the
 * process's memory grew while the ZIP streamed (sampled every 5 ms). The same for a referral
 * with three times as much: memory that grew with the package would show there. Client and API
 * share the process, so the growth includes both sides' garbage not yet collected.
 */
const name = 'evidence package';
const captures = 4;
const artifactBytes = 2.5 * 1024 * 1024;

const run = async (): Promise<BenchFigure[]> => {
  const local = await startBenchStack();
  try {
    const token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'bench.officer' });
    const referralWith = async (url: string, count: number): Promise<string> => {
      let referralId = '';
      for (let i = 0; i < count; i++) {
        const filed = await fileCapturedReport(local, token, {
          url,
          officer: 'bench.officer',
          unit: 'eu-iru',
          artifacts: [0, 1].map(() => ({ kind: 'mhtml' as const, mediaType: 'multipart/related' as const, bytes: randomBytes(artifactBytes) })),
        });
        referralId = filed.referralId;
      }
      return referralId;
    };
    const referralId = await referralWith('https://t.me/bench_package/1', captures);
    const largeReferralId = await referralWith('https://t.me/bench_package/2', captures * 3);
    const exportOnce = async (referral = referralId): Promise<{ ms: number; bytes: number; peakGrowth: number }> => {
      globalThis.gc?.();
      const memory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const baseline = memory();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, memory())), 5);
      const started = performance.now();
      const response = await fetch(`${local.apiUrl}/v1/referrals/${referral}/evidence-package`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200 || !response.body) throw new Error(`export refused: ${response.status}`);
      let bytes = 0;
      // Read chunk by chunk, as a browser download does: the package is never whole in memory here.
      for await (const chunk of response.body) {
        bytes += (chunk as Uint8Array).byteLength;
        peak = Math.max(peak, memory());
      }
      const ms = performance.now() - started;
      clearInterval(sampler);
      return { ms, bytes, peakGrowth: peak - baseline };
    };
    await exportOnce();
    const runs = [await exportOnce(), await exportOnce(), await exportOnce()];
    const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
    await exportOnce(largeReferralId);
    const large = await exportOnce(largeReferralId);
    const mb = (n: number) => Number((n / 1024 / 1024).toFixed(1));
    const note = `${captures * 2} artifacts of ${mb(artifactBytes)} MB, ${mb(median.bytes)} MB ZIP, median of 3 warm runs`;
    return [
      { benchmark: name, metric: 'export of 20 MB of artifacts (target < 2 s)', value: Number((median.ms / 1000).toFixed(3)), unit: 's', note },
      { benchmark: name, metric: 'memory growth while streaming 20 MB (peak)', value: mb(Math.max(...runs.map((r) => r.peakGrowth))), unit: 'MB', note: `heap + array buffers, uncollected garbage included; largest artifact ${mb(artifactBytes)} MB` },
      { benchmark: name, metric: `memory growth while streaming ${mb(large.bytes)} MB (peak)`, value: mb(large.peakGrowth), unit: 'MB', note: `the same, ${captures * 6} artifacts; exported in ${(large.ms / 1000).toFixed(2)} s` },
    ];
  } finally {
    await local.stop();
  }
};

export const benchmark: BenchmarkModule = { name, run };
