import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { defaultDataDir } from './dev-secret';

const provisionedQueue = z.object({ url: z.string(), arn: z.string(), deadLetterUrl: z.string(), deadLetterArn: z.string() });

/** What `npm start` writes to .data/local-stack.json while it runs. */
export const runningStackSchema = z.object({
  pid: z.number().int(),
  apiUrl: z.string(),
  dynamoEndpoint: z.string(),
  sqsEndpoint: z.string(),
  region: z.string(),
  tableName: z.string(),
  queues: z.record(z.string(), provisionedQueue),
});
export type RunningStack = z.infer<typeof runningStackSchema>;

/** Where the local stack keeps its hash bank snapshots (S3 in the cloud): the process stage and the hashes CLI agree on it. */
export const indexSnapshotDirOf = (dataDir: string): string => join(dataDir, 'index-snapshots');

/** Finds the stack `npm start` is running, for command-line tools; a clear error when none is. */
export const readRunningStack = async (dataDir = defaultDataDir()): Promise<RunningStack> => {
  const path = join(dataDir, 'local-stack.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`no local stack is running (${path} not found): start it with \`npm start\``);
  }
  const stack = runningStackSchema.parse(JSON.parse(text));
  try {
    process.kill(stack.pid, 0);
  } catch {
    throw new Error(`the local stack that wrote ${path} (pid ${stack.pid}) is no longer running: start it with \`npm start\``);
  }
  return stack;
};

/**
 * The API a command-line tool talks to: `--api` when given, else $REFERRAL_DESK_API, else
 * the stack `npm start` runs (from .data/local-stack.json), whatever port it took.
 */
export const resolveApiUrl = async (explicit: string | undefined, dataDir = defaultDataDir()): Promise<string> =>
  (explicit ?? process.env['REFERRAL_DESK_API'] ?? (await readRunningStack(dataDir)).apiUrl).replace(/\/+$/, '');
