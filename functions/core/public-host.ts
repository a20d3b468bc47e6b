import ipaddr from 'ipaddr.js';

/**
 * Whether a host can be public web content or a public server. Referrals point at content a
 * platform can remove; loopback, private, link-local and every other special-purpose address
 * (and `localhost`) are nobody's public content, and refusing them keeps any later fetch of
 * a referred or configured URL from reaching internal networks (SSRF). Bare public IPs are
 * allowed: some sites really are served that way.
 *
 * Addresses are parsed and classified by ipaddr.js, whose ranges follow the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries: every IPv6 spelling (embedded IPv4, zone ids,
 * compressed forms) is parsed once, the way a resolver would.
 */
export type HostVerdict = { public: true } | { public: false; reason: string };

/** What each ipaddr.js range is, for the reason a host is refused. */
const rangeNames: Record<string, string> = {
  unspecified: 'unspecified (0.0.0.0/8, ::/128)',
  broadcast: 'limited broadcast (255.255.255.255/32)',
  multicast: 'multicast (224.0.0.0/4, ff00::/8)',
  linkLocal: 'link-local (169.254.0.0/16, fe80::/10)',
  loopback: 'loopback (127.0.0.0/8, ::1/128)',
  carrierGradeNat: 'shared address space (100.64.0.0/10, RFC 6598)',
  private: 'private (RFC 1918)',
  reserved: 'reserved, documentation or IETF protocol assignment',
  as112: 'AS112 (192.31.196.0/24, 192.175.48.0/24)',
  amt: 'AMT relay anycast',
  uniqueLocal: 'unique local (fc00::/7)',
  ipv4Mapped: 'IPv4-mapped (::ffff:0:0/96)',
  deprecatedSiteLocal: 'site-local (fec0::/10, RFC 3879)',
  discard: 'discard-only (100::/64)',
  rfc6145: 'IPv4-translated (::ffff:0:0:0/96)',
  rfc6052: 'IPv4/IPv6 translation (64:ff9b::/96, 64:ff9b:1::/48)',
  '6to4': '6to4 (2002::/16)',
  teredo: 'Teredo (2001::/32)',
  benchmarking: 'benchmarking (2001:2::/48)',
  as112v6: 'AS112-v6',
  deprecatedOrchid: 'ORCHID (2001:10::/28)',
  orchid2: 'ORCHIDv2 (2001:20::/28)',
  droneRemoteIdProtocolEntityTags: 'drone remote ID (2001:30::/28)',
  segmentRouting: 'segment routing SIDs (5f00::/16)',
};

/**
 * Registry blocks ipaddr.js files under "unicast". IPv4-compatible addresses (RFC 4291
 * 2.5.5.1, deprecated) spell an IPv4 address, loopback and private ones included; the dummy
 * prefix is RFC 9780's.
 */
const extraIpv6Blocks: [ipaddr.IPv6, number, string][] = [
  [ipaddr.IPv6.parse('::'), 96, 'IPv4-compatible (::/96, deprecated)'],
  [ipaddr.IPv6.parse('100:0:0:1::'), 64, 'dummy prefix (100:0:0:1::/64)'],
];

/** Special-use domain names (RFC 6761, RFC 6762, RFC 8375, ICANN's `.internal`) that never name a public host. */
const privateNames = ['localhost', 'local', 'home.arpa', 'internal'];

/** Classifies one IP address (no brackets); undefined when `text` is not an IP address. */
const classifyAddress = (text: string): HostVerdict | undefined => {
  if (!ipaddr.isValid(text)) return undefined;
  const address = ipaddr.parse(text);
  const range = address.range();
  if (range !== 'unicast') return { public: false, reason: `address is ${rangeNames[range] ?? range}` };
  if (address instanceof ipaddr.IPv6) {
    const extra = extraIpv6Blocks.find(([base, bits]) => address.match(base, bits));
    if (extra) return { public: false, reason: `address is ${extra[2]}` };
  }
  return { public: true };
};

/**
 * `host` as a URL names it (a name, an IPv4 address, or an IPv6 address in brackets) or as a
 * resolver answers it (a bare IPv6 address). Use it on the URL and again on each resolved
 * address before connecting.
 */
export const classifyHost = (host: string): HostVerdict => {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const bracketed = /^\[(.*)\]$/.exec(lower);
  // A URL spells the zone id of a link-local address percent-encoded (RFC 6874).
  const address = bracketed ? (bracketed[1] ?? '').replace(/%25/g, '%') : lower;
  const verdict = classifyAddress(address);
  if (verdict) return verdict;
  if (bracketed || address.includes(':')) return { public: false, reason: 'not a valid IP address' };
  const name = privateNames.find((suffix) => lower === suffix || lower.endsWith(`.${suffix}`));
  if (name) return { public: false, reason: `${name} is not a public name` };
  return { public: true };
};

/** The same rule as a yes/no, for callers that only need the answer (webhook URLs, resolved addresses). */
export const isPublicHost = (host: string): boolean => classifyHost(host).public;
