import fc from 'fast-check';

/**
 * Generators of hostile input for the API fuzz tests (the API faces the open internet's
 * pages through officers' browsers and bulk files). Each one says what
 * makes its values invalid, so a test can demand a 4xx for every one of them.
 */

/** Keys that reach for the prototype chain, or that naive code treats specially. */
export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'] as const;

const controlChars = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u200b', '\u202e', '\ufeff');
const loneSurrogates = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', 'a\ud800b', '\udc00\ud800');

/** Strings no identifier, enum value or slug accepts. */
export const hostileString = fc.oneof(
  fc.constantFrom(...prototypeKeys),
  fc.constantFrom('..', '../../etc/passwd', '..\\..\\windows', "' OR 1=1 --", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', 'null', 'undefined', 'NaN', '-1', '1e309', ' ', 'REF#x', 'ref_ZZZZ', 'ref_' + '0'.repeat(23) + 'g'),
  fc.string({ unit: controlChars, minLength: 1, maxLength: 5 }).map((s) => `id${s}x`),
  loneSurrogates,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => `\u202e${s}`),
  // Long, but under Node's 16 KB header limit, so the app (not the HTTP parser) is what answers.
  fc.integer({ min: 250, max: 6_000 }).map((n) => 'A'.repeat(n)),
);

/**
 * Percent-encodes a path segment byte by byte; lone surrogates (which encodeURIComponent
 * refuses) become the bytes a broken client would send for them (CESU-8 style).
 */
export const encodeSegment = (value: string): string => {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
};

/** Raw segments sent unencoded: broken escapes, encoded traversal and NUL. */
export const rawHostileSegments = ['%', '%zz', '%00', '%ff', '%ED%A0%80', '%2e%2e', '%2e%2e%2f%2e%2e', '%252e', '..%2f..%2f'] as const;

/** Loopback, private, link-local and metadata addresses in the notations parsers disagree on. */
export const nonPublicUrls = [
  'http://127.0.0.1/x',
  'http://127.1/x',
  'http://0x7f.1/x',
  'http://0x7f000001/x',
  'http://2130706433/x',
  'http://017700000001/x',
  'http://0177.0.0.1/x',
  'http://0/x',
  'http://0.0.0.0/x',
  'http://10.1.2.3/x',
  'http://172.16.0.1/x',
  'http://192.168.1.1/x',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]/x',
  'http://[0:0:0:0:0:0:0:1]/x',
  'http://[::ffff:127.0.0.1]/x',
  'http://[::ffff:7f00:1]/x',
  'http://[::ffff:a9fe:a9fe]/x',
  'http://[fe80::1]/x',
  'http://[fc00::1]/x',
  'http://localhost/x',
  'http://LOCALHOST./x',
  'http://a.b.localhost/x',
  'http://100.64.0.1/x',
  'http://224.0.0.1/x',
  'http://255.255.255.255/x',
] as const;

/** URLs a report may never carry: other schemes, credentials, no host, garbage. */
export const invalidUrls = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'ftp://example.org/x',
  'ws://example.org/x',
  'blob:https://example.org/uuid',
  'chrome://settings',
  'about:blank',
  'mailto:a@example.org',
  'https://user:pass@example.org/x',
  'https://user@example.org/x',
  'https://',
  // A scheme-relative `//host/x` is read as https:// like any pasted link without a scheme; three slashes name no host.
  '///example.org/x',
  '/relative/path',
  'not a url',
  '',
  'https://exa mple.org/x',
  'https://[::1/x',
  'http://%00/x',
  `https://example.org/${'a'.repeat(5_000)}`,
] as const;

export const hostileUrl = fc.oneof(fc.constantFrom(...nonPublicUrls), fc.constantFrom(...invalidUrls));

/**
 * Look-alike hosts: each pairs a mixed-script (or fullwidth) spelling with the genuine
 * host it imitates. They are real, registrable names, so they are not refused; they must
 * never be confused with the genuine host.
 */
export const lookAlikeHosts = [
  ['p\u0430ypal.com', 'paypal.com'],
  ['\u0440aypal.com', 'paypal.com'],
  ['g\u043e\u043egle.com', 'google.com'],
  ['yout\u0443be.com', 'youtube.com'],
  ['t\u0435legram.org', 'telegram.org'],
  ['\u0445.com', 'x.com'],
  ['faceb\u03bfok.com', 'facebook.com'],
  ['twitt\u0435r.com', 'twitter.com'],
] as const;

/** A JSON value of another kind than `value`, so replacing a field with it is always a type error. */
export const otherKindThan = (value: unknown): fc.Arbitrary<unknown> => {
  const kinds: fc.Arbitrary<unknown>[] = [fc.constant(null)];
  if (typeof value !== 'string') kinds.push(fc.string({ maxLength: 20 }));
  if (typeof value !== 'number') kinds.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (typeof value !== 'boolean') kinds.push(fc.boolean());
  if (!Array.isArray(value)) kinds.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  return fc.oneof(...kinds);
};

/** Text that JSON.parse refuses. */
export const malformedJson = (validExample: string) =>
  fc.oneof(
    fc.string({ maxLength: 60 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    }),
    fc.integer({ min: 1, max: Math.max(1, validExample.length - 1) }).map((cut) => validExample.slice(0, cut)),
    fc.constantFrom("{'single': 'quotes'}", '{"a":1,}', '{"a":01}', '{"a":NaN}', '{"a":undefined}', '\ufeff{}', '{"a":"\u0000"}', '[', '{"a":"\\x41"}', '{"a":1}{"b":2}', '{"a":1} trailing'),
  );

/** Nesting deep enough to overflow a recursive walker: the text stays under every body limit. */
export const deeplyNested = fc.integer({ min: 1_000, max: 6_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
