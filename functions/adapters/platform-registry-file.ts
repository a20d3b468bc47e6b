import { readFileSync } from 'node:fs';
import { parsePlatformRegistry, usePlatformRegistry } from '../core/platforms/platforms';

/**
 * A deployment's platform registry (PLATFORM_REGISTRY_FILE, e.g. /opt/platforms.json from a
 * Lambda layer): read and validated once at start, merged over the default, then used by
 * every lookup. An invalid file stops the function at start, naming each problem, rather than
 * routing referrals by a half-read registry.
 */
export const usePlatformRegistryFile = (path: string): void => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`PLATFORM_REGISTRY_FILE ${path} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = parsePlatformRegistry(json);
  if (!parsed.ok) throw new Error(`PLATFORM_REGISTRY_FILE ${path} is invalid: ${parsed.issues.join('; ')}`);
  usePlatformRegistry(parsed.registry);
};
