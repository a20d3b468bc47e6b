import { platformOfUrl } from '../shared-rules';

/** As many out-links as POST /v1/reports takes with one report (reportV1's `outLinks`). */
export const maxOutLinks = 50;

const httpUrlOf = (value: string): string | undefined => {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The links of a captured post that the officer may refer with it: those to another platform
 * than the post's (a beacon's mirrors on file hosts, video sites), by the server's own platform
 * rule; links within the post's platform are its navigation. Each once, in page order.
 */
export const outLinkCandidates = (postUrl: string, links: readonly string[]): string[] => {
  const postPlatform = platformOfUrl(postUrl)?.platform;
  const kept = new Set<string>();
  for (const link of links) {
    const url = httpUrlOf(link);
    if (url === undefined || kept.has(url)) continue;
    const platform = platformOfUrl(url)?.platform;
    if (platform === undefined || platform === postPlatform) continue;
    kept.add(url);
    if (kept.size === maxOutLinks) break;
  }
  return [...kept];
};
