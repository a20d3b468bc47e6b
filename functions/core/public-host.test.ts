import { describe, expect, it } from 'vitest';
import { classifyHost } from './public-host';

describe('classifyHost', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', 'localhost', 'api.localhost', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:7f00:1]', '100.64.0.1', '224.0.0.1'])(
    'refuses %s',
    (host) => {
      const verdict = classifyHost(host);
      expect(verdict.public).toBe(false);
    },
  );

  it.each(['195.127.0.11', '8.8.8.8', '172.32.0.1', '172.15.255.255', 't.me', 'example.org', '[2001:4860:4860::8888]'])('allows %s', (host) => {
    expect(classifyHost(host)).toEqual({ public: true });
  });

  it('names the range in its reason', () => {
    expect(classifyHost('169.254.169.254')).toEqual({ public: false, reason: 'address is link-local (169.254.0.0/16)' });
  });
});
