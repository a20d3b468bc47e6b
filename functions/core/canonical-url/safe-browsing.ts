/**
 * Google Safe Browsing URL canonicalization, from the Safe Browsing API v4 "URLs and Hashing"
 * document, section "Canonicalization" (https://developers.google.com/safe-browsing/v4/urls-hashing).
 *
 * The rules work on bytes: percent-unescaping can produce any byte. Internally a URL is a
 * "byte string", a JS string whose code units are all 0..255, one per byte; text input is
 * UTF-8 encoded into one first. Output is always ASCII, since every byte <= 0x20 or >= 0x7f is
 * escaped.
 *
 * The helpers are exported so canonical-url.ts can reuse the host and path rules while handling
 * the query per parameter (the doc unescapes the whole query, which merges `%26` into `&`).
 */

export interface SafeBrowsingError {
  code: 'invalid_url';
  message: string;
}

export type SafeBrowsingResult = { ok: true; value: string } | { ok: false; error: SafeBrowsingError };

const PERCENT = 0x25;
const HEX = '0123456789ABCDEF';

const hexValue = (code: number): number => {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
};

/** Builds a string from char codes without overflowing the call stack on MB inputs. */
const fromCodes = (codes: number[]): string => {
  if (codes.length <= 8192) return String.fromCharCode(...codes);
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
};

const hasNonAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
};

const utf8 = new TextEncoder();

/** UTF-8 encodes text into a byte string; ASCII text is returned as is. */
export const toByteString = (text: string): string => {
  if (!hasNonAscii(text)) return text;
  const bytes = utf8.encode(text);
  const codes = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) codes[i] = bytes[i] as number;
  return fromCodes(codes);
};

/**
 * "Repeatedly percent-unescape the URL until it has no more percent-escapes", in one pass:
 * after each appended byte, an escape completed at the tail of the output is decoded at once,
 * and decoding again may complete an earlier one. The result has no `%XX` left, like the
 * doc's loop, in linear time instead of one pass per nesting level (`%25252525...`).
 */
export const unescapeRepeatedly = (bytes: string): string => {
  if (bytes.indexOf('%') === -1) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    out.push(bytes.charCodeAt(i));
    let n = out.length;
    while (n >= 3 && out[n - 3] === PERCENT) {
      const high = hexValue(out[n - 2] as number);
      const low = hexValue(out[n - 1] as number);
      if (high < 0 || low < 0) break;
      out.length = n - 3;
      out.push(high * 16 + low);
      n = out.length;
    }
  }
  return fromCodes(out);
};

/**
 * "Percent-escape all characters that are <= ASCII 32, >= 127, '#', or '%'", with uppercase
 * hex. `extra` adds characters that must stay escaped in a given component (e.g. '?' in a path).
 */
export const escapeBytes = (bytes: string, extra = ''): string => {
  let out = '';
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes.charCodeAt(i);
    if (code > 0x20 && code < 0x7f && code !== 0x23 && code !== PERCENT && (extra === '' || extra.indexOf(bytes[i] as string) === -1)) {
      continue;
    }
    out += bytes.slice(start, i) + '%' + HEX[(code >> 4) & 0xf] + HEX[code & 0xf];
    start = i + 1;
  }
  return start === 0 ? bytes : out + bytes.slice(start);
};

/** One IPv4 part in inet_aton notation: 0x-prefixed hex, 0-prefixed octal, or decimal. */
const parseIpv4Part = (part: string): number => {
  if (part === '' || part.length > 12) return -1;
  let radix = 10;
  let digits = part;
  if (part.length >= 2 && part[0] === '0' && (part[1] === 'x' || part[1] === 'X')) {
    radix = 16;
    digits = part.slice(2);
    if (digits === '') return 0;
  } else if (part.length >= 2 && part[0] === '0') {
    radix = 8;
    digits = part.slice(1);
  }
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = hexValue(digits.charCodeAt(i));
    if (digit < 0 || digit >= radix) return -1;
    value = value * radix + digit;
  }
  return value;
};

/**
 * "If the hostname can be parsed as an IP address, normalize it to 4 dot-separated decimal
 * values. The client should handle any legal IP-address encoding, including octal, hex, and
 * fewer than four components." Legal means inet_aton: 1 to 4 parts, every part but the last
 * one byte, the last filling the remaining bytes. Returns null when `host` is not such an address.
 */
export const parseIpv4 = (host: string): string | null => {
  const first = host.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return null;
  const parts = host.split('.');
  if (parts.length > 4) return null;
  let address = 0;
  for (let i = 0; i < parts.length; i++) {
    const value = parseIpv4Part(parts[i] as string);
    if (value < 0) return null;
    if (i < parts.length - 1) {
      if (value > 255) return null;
      address = address * 256 + value;
    } else {
      const remainingBytes = 4 - i;
      if (value >= 2 ** (8 * remainingBytes)) return null;
      address = address * 2 ** (8 * remainingBytes) + value;
    }
  }
  return `${Math.floor(address / 16777216) % 256}.${Math.floor(address / 65536) % 256}.${Math.floor(address / 256) % 256}.${address % 256}`;
};

/**
 * Host rules: unescape, "remove all leading and trailing dots", "replace consecutive dots with a
 * single dot", normalize IPv4 encodings, "lowercase the whole string". Input and output are
 * unescaped byte strings. IPv6 literals are only lowercased.
 */
export const canonicalHostBytes = (rawHost: string): string => {
  let host = unescapeRepeatedly(rawHost);
  if (host.charCodeAt(0) === 0x5b) return host.toLowerCase();
  if (host.indexOf('..') !== -1) host = host.replace(/\.{2,}/g, '.');
  let start = 0;
  let end = host.length;
  while (start < end && host.charCodeAt(start) === 0x2e) start++;
  while (end > start && host.charCodeAt(end - 1) === 0x2e) end--;
  if (start !== 0 || end !== host.length) host = host.slice(start, end);
  const ip = parseIpv4(host);
  if (ip !== null) return ip;
  // ASCII-only lowercasing: bytes >= 0x80 are parts of UTF-8 sequences, not Latin-1 letters.
  return host.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
};

/**
 * Path rules: unescape, "resolve the sequences /../ and /./", "replace runs of consecutive
 * slashes with a single slash". A trailing `..` or `.` resolves too (doc: `/blah/..` gives `/`).
 * Returns the unescaped segments and whether the path ends with a slash.
 */
export const canonicalPathSegments = (rawPath: string): { segments: string[]; trailingSlash: boolean } => {
  const path = unescapeRepeatedly(rawPath);
  const parts = path.split('/');
  const segments: string[] = [];
  let trailingSlash = false;
  for (const part of parts) {
    trailingSlash = false;
    if (part === '' || part === '.') {
      trailingSlash = true;
    } else if (part === '..') {
      segments.pop();
      trailingSlash = true;
    } else {
      segments.push(part);
    }
  }
  return { segments, trailingSlash: trailingSlash && segments.length > 0 };
};

export const joinPath = (segments: readonly string[], trailingSlash: boolean, extraEscapes = ''): string => {
  if (segments.length === 0) return '/';
  let out = '';
  for (const segment of segments) out += '/' + escapeBytes(segment, extraEscapes);
  return trailingSlash ? out + '/' : out;
};

/** Removes tab, CR and LF anywhere ("remove tab (0x09), CR (0x0d), and LF (0x0a) characters"). */
export const removeTabsAndNewlines = (text: string): string =>
  /[\t\r\n]/.test(text) ? text.replace(/[\t\r\n]/g, '') : text;

export interface SafeBrowsingOptions {
  /**
   * How to read `input`: `utf-8` (default) treats it as text; `latin1` treats each code unit
   * as one byte, which is how the doc's C-string examples such as "http://\x01\x80.com/" are meant.
   */
  encoding?: 'utf-8' | 'latin1';
}

/**
 * Canonicalizes a URL exactly as the Safe Browsing doc specifies, including its choices that a
 * content key should not copy: ports are dropped, a missing scheme means http, and the query is
 * unescaped as a whole.
 */
export const canonicalizeSafeBrowsing = (input: string, options: SafeBrowsingOptions = {}): SafeBrowsingResult => {
  let url = removeTabsAndNewlines(input).trim();
  if (options.encoding !== 'latin1') url = toByteString(url);
  const hash = url.indexOf('#');
  if (hash !== -1) url = url.slice(0, hash);

  let scheme = 'http';
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
  if (schemeMatch !== null) {
    scheme = (schemeMatch[1] as string).toLowerCase();
    url = url.slice(schemeMatch[0].length);
  }

  let authorityEnd = url.length;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f) {
      authorityEnd = i;
      break;
    }
  }
  let authority = url.slice(0, authorityEnd);
  const rest = url.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  // The doc's example "http://www.gotaport.com:1234/" drops the port: lookups ignore it.
  const portColon = authority.lastIndexOf(':');
  if (portColon !== -1 && portColon > authority.lastIndexOf(']')) authority = authority.slice(0, portColon);

  const host = canonicalHostBytes(authority);
  if (host === '') return { ok: false, error: { code: 'invalid_url', message: 'URL has no host' } };

  const question = rest.indexOf('?');
  const rawPath = question === -1 ? rest : rest.slice(0, question);
  const { segments, trailingSlash } = canonicalPathSegments(rawPath);
  let out = `${scheme}://${escapeBytes(host)}${joinPath(segments, trailingSlash)}`;
  if (question !== -1) out += '?' + escapeBytes(unescapeRepeatedly(rest.slice(question + 1)));
  return { ok: true, value: out };
};
