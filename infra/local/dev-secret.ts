import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
