import { beforeEach } from 'vitest';

/**
 * Test runs show the runner's summary, not the API's and the stages' JSON log lines: the
 * Powertools loggers write straight to the process's stdout and stderr (as Lambda captures
 * them), so Vitest's console handling never sees them. Here they are held per test and
 * printed only after a test that failed, as `silent: 'passed-only'` does for console output.
 * `LOG_LEVEL=DEBUG npm test` (or any level) shows every line as it is written instead.
 */

/** Enough to explain a failure without holding a whole load test in memory. */
const maxHeldLines = 2_000;

type Write = typeof process.stdout.write;

const hold = (stream: NodeJS.WriteStream, held: string[]): Write => {
  const write = stream.write.bind(stream) as Write;
  stream.write = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown) => {
    held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    if (held.length > maxHeldLines) held.splice(0, held.length - maxHeldLines);
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
  return write;
};

if (process.env['LOG_LEVEL'] === undefined || process.env['LOG_LEVEL'] === '') {
  const held: string[] = [];
  const stdout = hold(process.stdout, held);
  hold(process.stderr, held);
  beforeEach((context) => {
    // Lines written before a test (its file's beforeAll) are shown with the first test if it fails.
    context.onTestFinished(() => {
      if (context.task.result?.state === 'fail' && held.length > 0) {
        stdout(`\n--- log lines written while "${context.task.name}" ran (the last ${maxHeldLines} at most) ---\n${held.join('')}--- end of log lines ---\n`);
      }
      held.length = 0;
    });
  });
}
