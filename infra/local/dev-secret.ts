import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signDevToken } from '../../functions/api/authenticate';

/** The dev token secret is created once per data folder, so tokens survive restarts. */
export const loadDevSecret = async (dataDir: string): Promise<string> => {
  const path = join(dataDir, 'dev-auth-secret');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    await writeFile(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
};

export const defaultDataDir = (): string => process.env['DATA_DIR'] ?? join(process.cwd(), '.data');

/**
 * An analyst's dev token of the running stack for a command-line tool (an analyst reads every
 * platform's referrals); refused without a started stack, whose secret the token needs.
 */
export const analystDevToken = async (unit: string, sub: string): Promise<string> => {
  const dataDir = defaultDataDir();
  try {
    await access(join(dataDir, 'dev-auth-secret'));
  } catch {
    throw new Error(`no dev secret at ${join(dataDir, 'dev-auth-secret')}: start the local stack (npm start) or pass --token`);
  }
  return signDevToken(await loadDevSecret(dataDir), { role: 'analyst', unit, sub });
};

/** A tool's answer to a file (`--out`) or to standard output. */
export const writeAnswer = async (body: string | Uint8Array, out: string | undefined): Promise<void> => {
  if (out) {
    await writeFile(out, body);
    console.error(`wrote ${out}`);
  } else {
    process.stdout.write(body);
  }
};
