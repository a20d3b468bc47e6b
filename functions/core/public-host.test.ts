import { describe, expect, it } from 'vitest';
import { classifyHost, isPublicHost } from './public-host';

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates, as
 * published in 2025), plus multicast and deprecated site-local space: the first and last
 * address of every block. None of them is anybody's public web content.
 */
const ipv4SpecialPurpose: [block: string, first: string, last: string][] = [
  ['0.0.0.0/8 this network', '0.0.0.0', '0.255.255.255'],
  ['10.0.0.0/8 private-use', '10.0.0.0', '10.255.255.255'],
  ['100.64.0.0/10 shared address space', '100.64.0.0', '100.127.255.255'],
  ['127.0.0.0/8 loopback', '127.0.0.0', '127.255.255.255'],
  ['169.254.0.0/16 link local', '169.254.0.0', '169.254.255.255'],
  ['172.16.0.0/12 private-use', '172.16.0.0', '172.31.255.255'],
  ['192.0.0.0/24 IETF protocol assignments', '192.0.0.0', '192.0.0.255'],
  ['192.0.0.9/32 PCP anycast', '192.0.0.9', '192.0.0.9'],
  ['192.0.0.10/32 TURN anycast', '192.0.0.10', '192.0.0.10'],
  ['192.0.0.170/32 NAT64/DNS64 discovery', '192.0.0.170', '192.0.0.171'],
  ['192.0.2.0/24 documentation (TEST-NET-1)', '192.0.2.0', '192.0.2.255'],
  ['192.31.196.0/24 AS112-v4', '192.31.196.0', '192.31.196.255'],
  ['192.52.193.0/24 AMT', '192.52.193.0', '192.52.193.255'],
  ['192.88.99.0/24 deprecated 6to4 relay anycast', '192.88.99.0', '192.88.99.255'],
  ['192.168.0.0/16 private-use', '192.168.0.0', '192.168.255.255'],
  ['192.175.48.0/24 direct delegation AS112', '192.175.48.0', '192.175.48.255'],
  ['198.18.0.0/15 benchmarking', '198.18.0.0', '198.19.255.255'],
  ['198.51.100.0/24 documentation (TEST-NET-2)', '198.51.100.0', '198.51.100.255'],
  ['203.0.113.0/24 documentation (TEST-NET-3)', '203.0.113.0', '203.0.113.255'],
  ['224.0.0.0/4 multicast', '224.0.0.0', '239.255.255.255'],
  ['240.0.0.0/4 reserved', '240.0.0.0', '255.255.255.254'],
  ['255.255.255.255/32 limited broadcast', '255.255.255.255', '255.255.255.255'],
];

const ipv6SpecialPurpose: [block: string, first: string, last: string][] = [
  ['::1/128 loopback', '::1', '::1'],
  ['::/128 unspecified', '::', '::'],
  ['::/96 IPv4-compatible (deprecated, RFC 4291)', '::0.0.0.2', '::255.255.255.255'],
  ['::ffff:0:0/96 IPv4-mapped', '::ffff:0:0', '::ffff:ffff:ffff'],
  ['64:ff9b::/96 IPv4-IPv6 translation', '64:ff9b::', '64:ff9b::ffff:ffff'],
  ['64:ff9b:1::/48 local-use IPv4-IPv6 translation', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
  ['100::/64 discard-only', '100::', '100::ffff:ffff:ffff:ffff'],
  ['100:0:0:1::/64 dummy prefix', '100:0:0:1::', '100:0:0:1:ffff:ffff:ffff:ffff'],
  ['2001::/23 IETF protocol assignments', '2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001::/32 TEREDO', '2001::', '2001::ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:1::1/128 PCP anycast', '2001:1::1', '2001:1::1'],
  ['2001:1::2/128 TURN anycast', '2001:1::2', '2001:1::2'],
  ['2001:1::3/128 DNS-SD SRP anycast', '2001:1::3', '2001:1::3'],
  ['2001:2::/48 benchmarking', '2001:2::', '2001:2:0:ffff:ffff:ffff:ffff:ffff'],
  ['2001:3::/32 AMT', '2001:3::', '2001:3:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:4:112::/48 AS112-v6', '2001:4:112::', '2001:4:112:ffff:ffff:ffff:ffff:ffff'],
  ['2001:10::/28 deprecated ORCHID', '2001:10::', '2001:1f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:20::/28 ORCHIDv2', '2001:20::', '2001:2f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:30::/28 drone remote ID', '2001:30::', '2001:3f:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2001:db8::/32 documentation', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2002::/16 6to4', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['2620:4f:8000::/48 direct delegation AS112', '2620:4f:8000::', '2620:4f:8000:ffff:ffff:ffff:ffff:ffff'],
  ['3fff::/20 documentation', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['5f00::/16 segment routing SIDs', '5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fc00::/7 unique-local', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fe80::/10 link-local unicast', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fec0::/10 site-local (deprecated, RFC 3879)', 'fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['ff00::/8 multicast', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
];

describe('classifyHost', () => {
  it.each(ipv4SpecialPurpose)('refuses both ends of the IPv4 registry block %s', (_, first, last) => {
    expect(classifyHost(first).public).toBe(false);
    expect(classifyHost(last).public).toBe(false);
  });

  it.each(ipv6SpecialPurpose)('refuses both ends of the IPv6 registry block %s, bracketed as in a URL or bare as resolved', (_, first, last) => {
    for (const address of [first, last]) {
      expect(classifyHost(`[${address}]`).public, address).toBe(false);
      expect(classifyHost(address).public, address).toBe(false);
    }
  });

  it.each([
    // Special-purpose IPv6 spellings that reach loopback or private IPv4 space.
    '[::127.0.0.1]',
    '[64:ff9b::10.0.0.1]',
    '[2002:a00:1::]',
    '[fec0::1]',
    '[ff02::1]',
    '[::ffff:0:a00:1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:a9fe:a9fe]',
    '[fe80::1%25eth0]',
  ])('refuses the IPv6 form %s', (host) => {
    expect(classifyHost(host).public).toBe(false);
  });

  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', 'localhost', 'api.localhost', 'LOCALHOST.', 'printer.local', 'router.home.arpa', 'db.internal', '[::1]', '[fd00::1]', '[fe80::1]', '100.64.0.1', '224.0.0.1'])('refuses %s', (host) => {
    expect(classifyHost(host).public).toBe(false);
    expect(isPublicHost(host)).toBe(false);
  });

  it.each(['195.127.0.11', '8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.0.1.1', '198.20.0.1', 't.me', 'example.org', 'xn--80ak6aa92e.com', '[2001:4860:4860::8888]', '2a03:2880:f003:c07:face:b00c::2', '[2606:4700::6810:84e5]'])('allows %s', (host) => {
    expect(classifyHost(host)).toEqual({ public: true });
    expect(isPublicHost(host)).toBe(true);
  });

  it('names the range in its reason', () => {
    expect(classifyHost('169.254.169.254')).toEqual({ public: false, reason: 'address is link-local (169.254.0.0/16, fe80::/10)' });
    expect(classifyHost('[64:ff9b::10.0.0.1]')).toEqual({ public: false, reason: 'address is IPv4/IPv6 translation (64:ff9b::/96, 64:ff9b:1::/48)' });
  });
});
