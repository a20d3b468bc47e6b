import { platformOfUrl } from '../shared-rules';

/**
 * Platform and handle hints for the popup form. The platform is the server's (the same
 * registry and rule); the handle only saves the officer typing.
 */

const parseHttpUrl = (value: string): URL | undefined => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The platform the server will file a report of this URL under (the process stage's own
 * rule, from the platform registry), or `other` for a URL it cannot read.
 */
export const detectPlatform = (value: string): string => (parseHttpUrl(value) ? platformOfUrl(value)?.platform ?? 'other' : 'other');

/** First path segments that name a feature of the site, not an account. */
const reservedSegments: Record<string, ReadonlySet<string>> = {
  x: new Set(['i', 'home', 'explore', 'search', 'hashtag', 'intent', 'share', 'settings', 'messages', 'notifications', 'login', 'signup', 'tos', 'privacy', 'compose']),
  telegram: new Set(['joinchat', 'addstickers', 'share', 'proxy', 'socks', 'c', 'iv', 'addlist']),
  instagram: new Set(['p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'direct', 'about', 'developer', 'legal']),
};

// Account names on these platforms are letters, digits, underscores and dots; anything else is not a handle.
const handlePattern = /^[A-Za-z0-9_.]{1,64}$/;

const asHandle = (segment: string | undefined): string | undefined =>
  segment !== undefined && handlePattern.test(segment) ? segment : undefined;

/**
 * The account a URL belongs to, when its path shows it: x.com/<handle>/status/1,
 * t.me/<channel>/12 or t.me/s/<channel>, instagram.com/<handle>/ or /stories/<handle>/,
 * tiktok.com/@<handle>/video/1. Returned with a leading `@` except for Telegram channels.
 */
export const detectHandle = (value: string): string | undefined => {
  const url = parseHttpUrl(value);
  if (!url) return undefined;
  const platform = detectPlatform(value);
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponentSafe(s));
  const [first, second] = segments;
  switch (platform) {
    case 'x': {
      if (first === undefined || reservedSegments.x?.has(first.toLowerCase())) return undefined;
      const handle = asHandle(first);
      return handle ? `@${handle}` : undefined;
    }
    case 'telegram': {
      const channel = first === 's' ? second : first;
      if (channel === undefined || reservedSegments.telegram?.has(channel.toLowerCase())) return undefined;
      // Invite links (t.me/+abc) are not a public channel name.
      return asHandle(channel);
    }
    case 'instagram': {
      if (first === 'stories') {
        const handle = asHandle(second);
        return handle ? `@${handle}` : undefined;
      }
      if (first === undefined || reservedSegments.instagram?.has(first.toLowerCase())) return undefined;
      const handle = asHandle(first);
      return handle ? `@${handle}` : undefined;
    }
    case 'tiktok': {
      if (first === undefined || !first.startsWith('@')) return undefined;
      const handle = asHandle(first.slice(1));
      return handle ? `@${handle}` : undefined;
    }
    default:
      return undefined;
  }
};

const decodeURIComponentSafe = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};
