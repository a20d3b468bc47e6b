import { fileURLToPath } from 'node:url';

/** The repository root: entry files, package-lock.json and cdk.json are resolved from here, not from the caller's cwd. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
