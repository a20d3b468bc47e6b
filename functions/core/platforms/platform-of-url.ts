import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { detectPlatform, type PlatformMatch } from './platforms';

/**
 * The platform a report of `url` is filed under, as the process stage decides it: the host
 * of the canonical URL, looked up in the platform registry (else its registrable domain).
 * The popup shows this too, so the officer sees the platform the server will use.
 */
export const platformOfUrl = (url: string): PlatformMatch | undefined => {
  const canonical = canonicalizeUrl(url);
  return canonical.ok ? detectPlatform(canonical.value.host) : undefined;
};
