import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalHostBytes,
  canonicalizeSafeBrowsing,
  escapeBytes,
  parseIpv4,
  toByteString,
  unescapeRepeatedly,
} from './safe-browsing';
import { safeBrowsingVectors } from './safe-browsing-vectors';

/** The doc's loop, literally: unescape every %XX left to right, until nothing changes. */
const unescapeByPasses = (bytes: string): string => {
  let current = bytes;
  for (;;) {
    const next = current.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) return current;
    current = next;
  }
};

describe('canonicalizeSafeBrowsing: the published examples', () => {
  it('has all 33 examples of the doc', () => {
    expect(safeBrowsingVectors).toHaveLength(33);
  });

  it.each(safeBrowsingVectors)('%j -> %j', (input, expected) => {
    expect(canonicalizeSafeBrowsing(input, { encoding: 'latin1' })).toEqual({ ok: true, value: expected });
  });
});

describe('canonicalizeSafeBrowsing: beyond the examples', () => {
  it('UTF-8 encodes text input before escaping', () => {
    expect(canonicalizeSafeBrowsing('http://host/ü')).toEqual({ ok: true, value: 'http://host/%C3%BC' });
  });

  it('returns an error value when there is no host', () => {
    for (const input of ['', 'http://', 'http:///path', '#frag', '...']) {
      const result = canonicalizeSafeBrowsing(input);
      expect(result.ok, input).toBe(false);
    }
  });

  it('unescapes a deeply nested escape in linear time', () => {
    const input = 'http://host/%25' + '25'.repeat(200_000);
    const started = performance.now();
    expect(canonicalizeSafeBrowsing(input)).toEqual({ ok: true, value: 'http://host/%25' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('unescapeRepeatedly', () => {
  it('matches the doc loop of whole passes on arbitrary percent-heavy strings', () => {
    const percentHeavy = fc.string({ unit: fc.constantFrom('%', '2', '5', '3', 'a', 'F', 'g', '4', '1', 'x') });
    fc.assert(fc.property(percentHeavy, (s) => unescapeRepeatedly(s) === unescapeByPasses(s)), { numRuns: 2_000 });
  });

  it('leaves no escapes behind', () => {
    expect(unescapeRepeatedly('%%%25%32%35asd%%')).toBe('%%%asd%%');
  });
});

describe('escapeBytes', () => {
  it('escapes controls, space, DEL and above, # and %, with uppercase hex', () => {
    expect(escapeBytes('a b#c%d\x7f\xff\x00')).toBe('a%20b%23c%25d%7F%FF%00');
    expect(escapeBytes('plain/path;x=1')).toBe('plain/path;x=1');
    expect(escapeBytes('a?b', '?')).toBe('a%3Fb');
  });
});

describe('parseIpv4', () => {
  it.each([
    ['3279880203', '195.127.0.11'],
    ['0xc3.0x7f.0x0.0xb', '195.127.0.11'],
    ['0303.0177.0.013', '195.127.0.11'],
    ['195.127.11', '195.127.0.11'],
    ['195.8323083', '195.127.0.11'],
    ['12.0x12.01234', '12.18.2.156'],
    ['0x12.0x43.0x44.0x01', '18.67.68.1'],
    ['4294967295', '255.255.255.255'],
    ['0', '0.0.0.0'],
  ])('%s -> %s', (host, expected) => {
    expect(parseIpv4(host)).toBe(expected);
  });

  it.each(['4294967296', '256.1.1.1', '1.2.3.4.5', '08.1.1.1', '1..2', '1.2.3.x', 'example.com', '1e3', '999999999999999999999'])(
    'rejects %s',
    (host) => {
      expect(parseIpv4(host)).toBeNull();
    },
  );
});

describe('canonicalHostBytes', () => {
  it('strips and collapses dots, lowercases ASCII only', () => {
    expect(canonicalHostBytes('..WWW..Example...COM..')).toBe('www.example.com');
    expect(canonicalHostBytes(toByteString('ÄÖ.de'))).toBe(toByteString('ÄÖ.de'));
  });
});
