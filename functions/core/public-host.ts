/**
 * Whether a canonical host can be public web content. Referrals point at content a
 * platform can remove; loopback, private, link-local and reserved addresses (and
 * `localhost`) are nobody's public content, and refusing them keeps any later fetch of
 * referred URLs from reaching internal networks (SSRF). Bare public IPs are allowed:
 * some sites really are served that way.
 */
export type HostVerdict = { public: true } | { public: false; reason: string };

const ipv4Ranges: [number, number, string][] = [
  [0x00000000, 8, 'this network (0.0.0.0/8)'],
  [0x0a000000, 8, 'private (10.0.0.0/8, RFC 1918)'],
  [0x64400000, 10, 'shared address space (100.64.0.0/10, RFC 6598)'],
  [0x7f000000, 8, 'loopback (127.0.0.0/8)'],
  [0xa9fe0000, 16, 'link-local (169.254.0.0/16)'],
  [0xac100000, 12, 'private (172.16.0.0/12, RFC 1918)'],
  [0xc0000000, 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [0xc0000200, 24, 'documentation (192.0.2.0/24)'],
  [0xc0a80000, 16, 'private (192.168.0.0/16, RFC 1918)'],
  [0xc6120000, 15, 'benchmarking (198.18.0.0/15)'],
  [0xc6336400, 24, 'documentation (198.51.100.0/24)'],
  [0xcb007100, 24, 'documentation (203.0.113.0/24)'],
  [0xe0000000, 4, 'multicast (224.0.0.0/4)'],
  [0xf0000000, 4, 'reserved (240.0.0.0/4)'],
];

const ipv4ToNumber = (host: string): number | undefined => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
};

export const classifyHost = (host: string): HostVerdict => {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return { public: false, reason: 'localhost is not public content' };
  const v4 = ipv4ToNumber(lower);
  if (v4 !== undefined) {
    for (const [base, bits, name] of ipv4Ranges) {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      if (((v4 & mask) >>> 0) === base) return { public: false, reason: `address is ${name}` };
    }
    return { public: true };
  }
  if (lower.startsWith('[')) {
    const v6 = lower.slice(1, -1);
    if (v6 === '::1' || v6 === '::') return { public: false, reason: 'IPv6 loopback or unspecified address' };
    if (/^f[cd]/.test(v6)) return { public: false, reason: 'IPv6 unique local address (fc00::/7)' };
    if (/^fe[89ab]/.test(v6)) return { public: false, reason: 'IPv6 link-local address (fe80::/10)' };
    if (v6.startsWith('::ffff:')) return classifyHost(v6.slice(7).replace(/^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/, (_, hi: string, lo: string) => {
      const n = (parseInt(hi, 16) << 16) + parseInt(lo, 16);
      return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    }));
    return { public: true };
  }
  return { public: true };
};
