import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

const run = promisify(execFile);

/** Runs the command-line tool the way `npm run hashes` does: Node 24 with tsx. */
const hashes = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', ...args], { cwd: process.cwd() });

const fixtures = 'tests/fixtures/pdq/';
const vectors = z
  .object({ cases: z.array(z.object({ file: z.string(), hash: z.string(), quality: z.number() })) })
  .parse(JSON.parse(await readFile(`${fixtures}vectors.json`, 'utf8')));

describe('npm run hashes -- pdq', () => {
  it('prints "<64 hex> <quality> <file>" per file, the reference hash and quality, in the order given', async () => {
    const cases = vectors.cases.filter((c) => /(original|jpeg_q30|grayscale)\./.test(c.file)).slice(0, 12);
    const { stdout } = await hashes(['pdq', ...cases.map((c) => `${fixtures}${c.file}`)]);
    expect(stdout).toBe(cases.map((c) => `${c.hash} ${c.quality} ${fixtures}${c.file}\n`).join(''));
  });

  it("prints Meta's pdq-photo-hasher format with --csv", async () => {
    const [first] = vectors.cases;
    const { stdout } = await hashes(['pdq', '--csv', `${fixtures}${first?.file}`]);
    expect(stdout).toBe(`${first?.hash},${first?.quality},${fixtures}${first?.file}\n`);
  });

  it('hashes the files it can, names the others on standard error, and exits 1', async () => {
    const [first] = vectors.cases;
    const failed = hashes(['pdq', `${fixtures}${first?.file}`, `${fixtures}missing.png`, `${fixtures}README.md`]);
    await expect(failed).rejects.toMatchObject({
      code: 1,
      stdout: `${first?.hash} ${first?.quality} ${fixtures}${first?.file}\n`,
      stderr: expect.stringMatching(/missing\.png: ENOENT\n.*README\.md: unsupported_format/s),
    });
  });

  it('prints its usage and exits 2 without a command or files', async () => {
    await expect(hashes(['pdq'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run hashes -- pdq') });
  });
});
