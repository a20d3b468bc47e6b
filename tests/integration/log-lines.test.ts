import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStackHandle } from '../helpers/local-stack';
import { makeReport, postJson } from '../helpers/factories';

/**
 * Log lines per report at the deployed level (INFO): CloudWatch Logs bills every byte ingested,
 * and on an action day a line per step would multiply with the reports. Lambda's own lines are
 * suppressed below WARN in the cloud (infra/cdk/pipeline-function.ts); these are the application's.
 */

const reports = 20;
let local: LocalStackHandle;
const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // Loggers read their level when their module is first imported: set before the stack loads them.
  process.env['POWERTOOLS_LOG_LEVEL'] = 'INFO';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    lines.push(...text.split('\n').filter((line) => line.startsWith('{') && line.includes('"level"')));
    return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  const { startLocalStack } = await import('../helpers/local-stack');
  local = await startLocalStack();
});
afterAll(async () => {
  process.stdout.write = write;
  delete process.env['POWERTOOLS_LOG_LEVEL'];
  await local?.stop();
});

describe('log lines per report', () => {
  it('writes one line in the API and one in the process stage per report, whatever the report', async () => {
    const token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
    lines.length = 0;
    const submitted = Array.from({ length: reports }, (_, i) =>
      makeReport({ url: `https://t.me/s/loglines/${i % 5}`, title: `Log lines ${i}` }),
    );
    for (const report of submitted) {
      expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    }
    await Promise.all(submitted.map((report) => local.waitForSubmission(report.submissionId)));
    const messages = lines.map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages.filter((m) => m === 'report accepted')).toHaveLength(reports);
    expect(messages.filter((m) => m === 'report processed')).toHaveLength(reports);
    expect(lines.length).toBeLessThanOrEqual(2 * reports);
  });
});
