import { getDomain } from 'tldts';
import { maxUrlLength } from '../../contract/http-url';
import { detectPlatform, isPlatformId, platformById, platformUrlRules } from '../platforms/platforms';
import { matchPlatformItem, type QueryParam } from './platform-items';
import type { ItemInput, PlatformItem } from './platform-item';
import { matchUrlRules } from './url-rules';
import {
  canonicalHostBytes,
  canonicalPathSegments,
  escapeBytes,
  joinPath,
  parseIpv4,
  removeTabsAndNewlines,
  toByteString,
  unescapeRepeatedly,
} from './safe-browsing';

export type CanonicalizeErrorCode = 'invalid_url' | 'unsupported_scheme' | 'credentials' | 'too_long' | 'bad_host';

export interface CanonicalizeError {
  code: CanonicalizeErrorCode;
  message: string;
}

export interface CanonicalUrl {
  /** A working URL for the content, normalized; for platform items the platform's own form. */
  canonicalUrl: string;
  /** What deduplicates reports: `youtube:video:ID`, `archive:<target key>`, or the canonical URL. */
  contentKey: string;
  /** Registry platform id, or the registrable domain (or bare host) for unlisted sites. */
  platform: string;
  host: string;
  registrableDomain: string | null;
  /** The normalization and equivalence rules applied, in order, for explanations. */
  rules: string[];
  /**
   * A short or share link (fb.watch, vm.tiktok.com, redd.it media, /share/ links) whose target
   * only the platform can resolve: it stays its own content until the resolved URL is attached.
   */
  shortLink?: true;
  /** What was dropped or assumed on the way, for the officer: e.g. a malformed fragment. */
  notes?: string[];
}

export type CanonicalizeResult = { ok: true; value: CanonicalUrl } | { ok: false; error: CanonicalizeError };

const fail = (code: CanonicalizeErrorCode, message: string): CanonicalizeResult => ({ ok: false, error: { code, message } });

/** Click ids and campaign tags: they say who shared a link, not what it points at. */
const trackingParams = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'igsh', 'yclid',
  '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'twclid', 'ttclid', 'li_fat_id', 'ref_src', 'ref_url', 'oly_anon_id',
  'oly_enc_id', 'rb_clickid', 's_cid', 'vero_id', 'wickedid', '__s',
]);

/** Server session ids: one per visitor, so two visitors' URLs for one page would differ. */
const sessionParams = new Set(['jsessionid', 'phpsessid', 'sid', 'sessionid', 'aspsessionid', 'cfid', 'cftoken']);

/** Share-sheet parameters that only some hosts add (and that mean content elsewhere, e.g. `t`). */
const platformTrackingParams: Record<string, ReadonlySet<string>> = {
  youtube: new Set(['si', 'feature', 'pp', 'ab_channel', 'app', 'embeds_referring_euri', 'embeds_euri', 'source_ve_path']),
  x: new Set(['s', 't', 'cxt', 'src']),
  facebook: new Set(['mibextid', 'rdid', 'share_url', '__cft__[0]', '__tn__', '__xts__[0]', 'sfnsn', 'refsrc', '_rdr', 'ref', 'fref', 'hc_ref', 'paipv', 'eav', 'notif_id', 'notif_t']),
  instagram: new Set(['img_index', 'hl']),
  tiktok: new Set(['is_from_webapp', 'sender_device', 'sender_web_id', '_r', '_t', 'u_code', 'preview_pb', 'share_app_id', 'share_link_id', 'share_item_id', 'tt_from', 'checksum', 'timestamp', 'user_id', 'sec_uid', 'social_sharing', 'source', 'lang', 'is_copy_url', 'web_id', 'refer', 'enter_from']),
  telegram: new Set(['single', 'embed', 'comment', 'thread']),
  // Odysee's invite links add `r=` (the referrer's code) to any URL.
  odysee: new Set(['r', 'src']),
  vimeo: new Set(['share']),
  reddit: new Set(['share_id', 'context', 'rdt']),
  'spotify.com': new Set(['si', 'context']),
  dropbox: new Set(['dl']),
};

/** Subdomains that serve the same content as the bare domain on a platform. */
const aliasPrefixes: Record<string, readonly string[]> = {
  facebook: ['www.', 'm.', 'mobile.', 'mbasic.', 'web.', 'touch.', 'business.'],
  x: ['www.', 'mobile.', 'm.'],
  // yt-dlp reddit.py tests: www., old., nm.; np. ("no participation") and new. serve the same posts.
  reddit: ['www.', 'old.', 'np.', 'nm.', 'new.', 'm.'],
  // yt-dlp vk.py: (?:(?:m|new)\.)?vk\.com; bitchute.py: (?:www|old)\.
  vk: ['www.', 'm.', 'new.'],
  bitchute: ['www.', 'old.'],
  dailymotion: ['www.', 'touch.', 'geo.'],
  default: ['www.', 'm.', 'mobile.'],
};

/** The domain an alias host stands for, where it is not the alias with its prefix removed. */
const hostAliases: Record<string, string> = {
  'fb.com': 'facebook.com',
  'instagr.am': 'instagram.com',
  'telegram.me': 't.me',
  'telegram.dog': 't.me',
  'twitter.com': 'x.com',
  'mega.co.nz': 'mega.nz',
  'threads.net': 'threads.com',
  'discordapp.com': 'discord.com',
  'lbry.tv': 'odysee.com',
  // archive.today's mirrors serve the same snapshots under the same ids.
  'archive.today': 'archive.ph',
  'archive.is': 'archive.ph',
  'archive.li': 'archive.ph',
  'archive.vn': 'archive.ph',
  'archive.md': 'archive.ph',
  'archive.fo': 'archive.ph',
};

const isHostChar = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e || code === 0x5f;

const isAsciiOnly = (bytes: string): boolean => {
  for (let i = 0; i < bytes.length; i++) if (bytes.charCodeAt(i) > 0x7f) return false;
  return true;
};

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const byteStringToText = (bytes: string): string | null => {
  const array = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
  try {
    return utf8Decoder.decode(array);
  } catch {
    return null;
  }
};

/** WHATWG URL host parsing: UTS #46 mapping and punycode (also what a browser would request). */
const whatwgHostname = (host: string): string | null => {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
};

const checkDnsName = (host: string): string | null => {
  if (host.length > 253) return 'host is longer than 253 characters';
  let labelStart = 0;
  for (let i = 0; i <= host.length; i++) {
    if (i === host.length || host.charCodeAt(i) === 0x2e) {
      if (i - labelStart > 63) return 'host has a label longer than 63 characters';
      labelStart = i + 1;
    } else if (!isHostChar(host.charCodeAt(i))) {
      return `host has a character not allowed in a host name: ${JSON.stringify(host[i])}`;
    }
  }
  // WHATWG URL: a host whose last label is a number must be an IPv4 address.
  const lastLabel = host.slice(host.lastIndexOf('.') + 1);
  if (/^(\d+|0x[0-9a-f]*)$/.test(lastLabel)) return 'host ends in a number but is not an IPv4 address';
  return null;
};

interface HostResult {
  host: string;
  error: string | null;
}

const canonicalHost = (rawHost: string, rules: string[]): HostResult => {
  if (rawHost.charCodeAt(0) === 0x5b) {
    const ipv6 = whatwgHostname(rawHost);
    return ipv6 === null ? { host: '', error: 'not a valid IPv6 address' } : { host: ipv6, error: null };
  }
  let host = canonicalHostBytes(rawHost);
  if (host === '') return { host, error: 'URL has no host' };
  if (parseIpv4(host) === host) {
    if (host !== rawHost) rules.push('ipv4-normalized');
    return { host, error: null };
  }
  if (!isAsciiOnly(host)) {
    // Only letters, digits, '-', '.', '_' may sit beside the Unicode: anything else (e.g. a
    // '/' or '@' from percent-decoding) would change how the WHATWG parser splits the URL.
    for (let i = 0; i < host.length; i++) {
      const code = host.charCodeAt(i);
      if (code < 0x80 && !isHostChar(code)) return { host: '', error: `host has a character not allowed in a host name: ${JSON.stringify(host[i])}` };
    }
    const text = byteStringToText(host);
    const ascii = text === null ? null : whatwgHostname(text);
    if (ascii === null) return { host: '', error: 'internationalized host name is not valid (UTF-8, UTS #46)' };
    host = canonicalHostBytes(ascii);
    // UTS #46 maps ideographic full stops to '.', so "。" alone leaves no host at all.
    if (host === '') return { host, error: 'URL has no host' };
    rules.push('idn-to-punycode');
    if (parseIpv4(host) === host) return { host, error: null };
  }
  const problem = checkDnsName(host);
  return problem === null ? { host, error: null } : { host: '', error: problem };
};

const parseQuery = (rawQuery: string): QueryParam[] => {
  const params: QueryParam[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    // Form encoding: '+' is a space in a query, so `a+b` and `a%20b` are one value.
    const decode = (part: string): string => unescapeRepeatedly(part.indexOf('+') === -1 ? part : part.replace(/\+/g, ' '));
    params.push(eq === -1 ? { key: decode(piece), value: null } : { key: decode(piece.slice(0, eq)), value: decode(piece.slice(eq + 1)) });
  }
  return params;
};

const queryEscapes = '&=+';
const pathEscapes = '?\\';

const serializeQuery = (params: readonly QueryParam[]): string => {
  if (params.length === 0) return '';
  let out = '';
  for (const p of params) {
    out += (out === '' ? '?' : '&') + escapeBytes(p.key, queryEscapes);
    if (p.value !== null) out += '=' + escapeBytes(p.value, queryEscapes);
  }
  return out;
};

const removeParams = (params: QueryParam[], platform: string, rules: string[]): QueryParam[] => {
  const platformSet = platformTrackingParams[platform];
  const removed = new Set<string>();
  const kept: QueryParam[] = [];
  for (const p of params) {
    const key = p.key.toLowerCase();
    if (key.startsWith('utm_') || trackingParams.has(key) || platformSet?.has(key) === true) {
      if (!removed.has(key)) rules.push(`tracking-params-removed:${key}`);
      removed.add(key);
    } else if (sessionParams.has(key)) {
      if (!removed.has(key)) rules.push(`session-params-removed:${key}`);
      removed.add(key);
    } else {
      kept.push(p);
    }
  }
  return kept;
};

const sortParams = (params: QueryParam[], rules: string[]): QueryParam[] => {
  for (let i = 1; i < params.length; i++) {
    if ((params[i - 1] as QueryParam).key > (params[i] as QueryParam).key) {
      // Stable: repeated keys keep their relative order, which some sites read as a list.
      rules.push('query-sorted');
      return params.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
  }
  return params;
};

/** `;jsessionid=...` path parameters (Java servlet URL rewriting). */
const stripPathSessions = (segments: string[], rules: string[]): void => {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment.indexOf(';') === -1) continue;
    const at = segment.toLowerCase().indexOf(';jsessionid=');
    if (at !== -1) {
      segments[i] = segment.slice(0, at);
      rules.push('session-params-removed:jsessionid');
    }
  }
};

const waybackPath = /^\/web\/(\d{1,14})([a-z]{2}_)?\/(.+)$/s;

interface RawParts {
  scheme: string;
  authority: string;
  path: string;
  query: string | null;
  fragment: string | null;
}

const splitUrl = (bytes: string): RawParts | CanonicalizeError => {
  let i: number;
  const first = bytes.charCodeAt(0) | 0x20;
  if (!(first >= 0x61 && first <= 0x7a)) return { code: 'invalid_url', message: 'not an absolute URL: no scheme' };
  for (i = 1; i < bytes.length && i < 64; i++) {
    const c = bytes.charCodeAt(i);
    const lower = c | 0x20;
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) break;
  }
  if (bytes.charCodeAt(i) !== 0x3a) return { code: 'invalid_url', message: 'not an absolute URL: no scheme' };
  const scheme = bytes.slice(0, i).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { code: 'unsupported_scheme', message: `scheme ${scheme}: is not allowed; only http and https` };
  }
  i++;
  // WHATWG URL: any run of slashes and backslashes after a special scheme starts the authority.
  while (i < bytes.length && (bytes.charCodeAt(i) === 0x2f || bytes.charCodeAt(i) === 0x5c)) i++;
  let end = i;
  while (end < bytes.length) {
    const c = bytes.charCodeAt(end);
    if (c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) break;
    end++;
  }
  const authority = bytes.slice(i, end);
  const hash = bytes.indexOf('#', end);
  const fragment = hash === -1 ? null : bytes.slice(hash + 1);
  const rest = hash === -1 ? bytes.slice(end) : bytes.slice(end, hash);
  const question = rest.indexOf('?');
  let path = question === -1 ? rest : rest.slice(0, question);
  if (path.indexOf('\\') !== -1) path = path.replace(/\\/g, '/');
  return { scheme, authority, path, query: question === -1 ? null : rest.slice(question + 1), fragment };
};

const trimControlsAndSpaces = (text: string): string => {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
};

const canonicalizeBytes = (bytes: string, depth: number): CanonicalizeResult => {
  const parts = splitUrl(bytes);
  if ('code' in parts) return { ok: false, error: parts };
  const rules = ['safe-browsing'];

  let authority = parts.authority;
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    if (at > 0) return fail('credentials', 'URLs with credentials are not allowed');
    authority = authority.slice(1);
  }

  let rawHost = authority;
  let rawPort = '';
  if (authority.charCodeAt(0) === 0x5b) {
    const close = authority.indexOf(']');
    if (close === -1) return fail('bad_host', 'IPv6 address is missing its closing bracket');
    rawHost = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '' && after.charCodeAt(0) !== 0x3a) return fail('invalid_url', 'unexpected characters after the IPv6 address');
    rawPort = after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    if (colon !== -1) {
      rawHost = authority.slice(0, colon);
      rawPort = authority.slice(colon + 1);
    }
  }
  if (rawHost === '') return fail('invalid_url', 'URL has no host');
  let port = '';
  if (rawPort !== '') {
    if (!/^\d{1,10}$/.test(rawPort) || Number(rawPort) > 65535) return fail('invalid_url', 'port is not a number from 0 to 65535');
    port = String(Number(rawPort));
    if ((parts.scheme === 'http' && port === '80') || (parts.scheme === 'https' && port === '443')) {
      port = '';
      rules.push('default-port-removed');
    }
  }

  const hostResult = canonicalHost(rawHost, rules);
  if (hostResult.error !== null) return fail('bad_host', hostResult.error);
  let host = hostResult.host;

  const detected = detectPlatform(host);
  const platform = detected.platform;
  let scheme = parts.scheme;
  const registered = isPlatformId(platform);
  if (registered) {
    for (const prefix of aliasPrefixes[platform] ?? aliasPrefixes.default ?? []) {
      if (host.startsWith(prefix) && detectPlatform(host.slice(prefix.length)).platform === platform) {
        host = host.slice(prefix.length);
        rules.push(`host-alias:${prefix.slice(0, -1)}`);
        break;
      }
    }
    const alias = hostAliases[host];
    if (alias !== undefined) {
      rules.push(`host-alias:${host}`);
      host = alias;
    }
    if (scheme === 'http') {
      // Listed platforms serve only HTTPS; http links are the same content.
      scheme = 'https';
      rules.push('https-upgrade');
    }
  }
  const registrableDomain = getDomain(host, { validateHostname: false }) || null;

  if (depth === 0 && (host === 'web.archive.org' || host === 'wayback.archive.org')) {
    const wayback = waybackPath.exec(parts.path);
    if (wayback !== null) {
      const snapshot = waybackTarget(wayback, parts.query, rules);
      if (snapshot !== null) return { ok: true, value: { ...snapshot, platform, host, registrableDomain } };
    }
  }

  const { segments, trailingSlash } = canonicalPathSegments(parts.path);
  stripPathSessions(segments, rules);
  let params = parts.query === null ? [] : removeParams(parseQuery(parts.query), platform, rules);

  const notes: string[] = [];
  let fragment = parts.fragment;
  if (fragment !== null && fragment.length > maxFragmentLength) {
    // Bad input: the report survives without the fragment, and the officer is told.
    rules.push('fragment-dropped:too-long');
    notes.push(`fragment dropped: longer than ${maxFragmentLength} characters`);
    fragment = null;
  }
  const item = registered ? matchRegisteredPlatform({ platform, host, segments, params, fragment }) : null;
  if (item !== null) {
    rules.push(item.rule);
    if (item.notes !== undefined) notes.push(...item.notes);
    if (item.keepParams !== undefined) {
      const keep = item.keepParams;
      params = params.filter((p) => keep.includes(p.key));
    }
  }
  if (item?.canonicalUrl === undefined) params = sortParams(params, rules);
  const authorityOut = port === '' ? host : `${host}:${port}`;
  const route = item === null && fragment !== null ? fragmentRoute(fragment, rules, notes) : '';
  const canonicalUrl = item?.canonicalUrl ?? `${scheme}://${authorityOut}${joinPath(segments, trailingSlash, pathEscapes)}${serializeQuery(params)}${route}`;
  if (item?.canonicalUrl?.includes('#') === true) rules.push('fragment-kept:content');
  const value: CanonicalUrl = { canonicalUrl, contentKey: item?.contentKey ?? canonicalUrl, platform, host, registrableDomain, rules };
  if (item !== null && item.contentKey === null) value.shortLink = true;
  if (notes.length > 0) value.notes = notes;
  return { ok: true, value };
};

/** A registry platform's data rules first (a deployment's additions), then its built-in matcher. */
const matchRegisteredPlatform = (input: ItemInput): PlatformItem | null => {
  const matcher = platformById(input.platform).urlMatcher;
  return matchUrlRules(input.platform, platformUrlRules(input.platform), input) ?? (matcher === undefined ? null : matchPlatformItem(matcher, input));
};

/** Longest fragment kept or read: routes and MEGA keys are far shorter; longer ones are noise or abuse. */
const maxFragmentLength = 1024;

/**
 * Single-page apps route by fragment (`#/thread/42`, or the hashbang `#!/thread/42` of
 * Google's AJAX crawling scheme): such a fragment names content, so it is kept, normalized
 * like a path (unescaped, then escaped once). Any other fragment is an anchor in a page
 * (`#section-2`, `#t=10`) and is dropped, as Safe Browsing does.
 */
const fragmentRoute = (fragment: string, rules: string[], notes: string[]): string => {
  const first = fragment.charCodeAt(0);
  if (first !== 0x2f && !(first === 0x21 && fragment.charCodeAt(1) === 0x2f) && first !== 0x25) return '';
  const route = unescapeRepeatedly(fragment);
  if (!(route.startsWith('/') || route.startsWith('!/'))) return '';
  for (let i = 0; i < route.length; i++) {
    const code = route.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      rules.push('fragment-dropped:malformed');
      notes.push('fragment dropped: it holds control characters');
      return '';
    }
  }
  rules.push('fragment-kept:app-route');
  return '#' + escapeBytes(route);
};

/**
 * "archive.org wayback URLs keep the archived target": the key is `archive:` + the target's
 * key, without the timestamp. The Wayback Machine serves the capture nearest to any timestamp,
 * and exclusion requests act on the target URL across captures, so two snapshots of one page
 * are one referral. The canonical URL keeps the timestamp and drops rendering modifiers
 * (`id_`, `if_`, ...), which change the toolbar, not the capture.
 */
const waybackTarget = (match: RegExpExecArray, query: string | null, rules: string[]): Omit<CanonicalUrl, 'platform' | 'host' | 'registrableDomain'> | null => {
  const [, timestamp, modifier, rawTarget] = match as unknown as [string, string, string | undefined, string];
  let target = rawTarget + (query === null ? '' : `?${query}`);
  if (/^https?%3a/i.test(target)) target = unescapeRepeatedly(target);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) target = `http://${target}`;
  const archived = canonicalizeBytes(target, 1);
  if (!archived.ok) {
    rules.push(`archive-target-invalid:${archived.error.code}`);
    return null;
  }
  if (modifier !== undefined) rules.push(`archive-modifier-removed:${modifier}`);
  rules.push('platform:archive-wayback', ...archived.value.rules.map((rule) => `target:${rule}`));
  return {
    canonicalUrl: `https://web.archive.org/web/${timestamp}/${archived.value.canonicalUrl}`,
    contentKey: `archive:${archived.value.contentKey}`,
    rules,
  };
};

/**
 * Canonicalizes a reported URL into a stable content key. Never throws: hostile input
 * (megabytes, odd IP forms, invalid Unicode) gives an error value.
 */
export const canonicalizeUrl = (input: string): CanonicalizeResult => {
  if (typeof input !== 'string') return fail('invalid_url', 'URL is not a string');
  if (input.length > maxUrlLength) return fail('too_long', `URL is longer than ${maxUrlLength} characters`);
  const text = trimControlsAndSpaces(removeTabsAndNewlines(input));
  if (text === '') return fail('invalid_url', 'URL is empty');
  try {
    return canonicalizeBytes(toByteString(text), 0);
  } catch (error) {
    // Defence in depth: a bug must not turn one hostile URL into a failed batch.
    return fail('invalid_url', `URL could not be canonicalized: ${error instanceof Error ? error.message : String(error)}`);
  }
};
