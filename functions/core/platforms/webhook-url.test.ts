import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicWebhookAddress } from './webhook-url';

describe('webhook URLs', () => {
  it('take HTTPS to a public host, any path and port', () => {
    expect(checkWebhookUrl('https://intake.x.example/referrals').ok).toBe(true);
    expect(checkWebhookUrl('https://203.0.113.7.nip.io:8443/hook?v=2').ok).toBe(true);
    expect(checkWebhookUrl('https://[2606:4700::1111]/hook').ok).toBe(true);
  });

  it.each([
    ['http://intake.x.example/referrals', 'https'],
    ['ftp://intake.x.example/', 'https'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'unique local'],
    ['https://10.1.2.3/', 'private'],
    ['https://0x7f000001/', 'loopback'],
    ['https://[::ffff:127.0.0.1]/', 'IPv4-mapped'],
    ['https://localhost:8443/', 'localhost'],
    ['https://sandbox.home.arpa/', 'home.arpa'],
    ['https://user:pw@intake.x.example/', 'user name'],
    ['not a url', 'not a URL'],
  ])('refuse %s (%s)', (url, reason) => {
    const verdict = checkWebhookUrl(url);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it('check resolved addresses with the same public-host rule', () => {
    expect(isPublicWebhookAddress('93.184.215.14')).toBe(true);
    expect(isPublicWebhookAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
    for (const address of ['127.0.0.1', '10.0.0.5', '169.254.169.254', '::1', 'fd00::1', '::ffff:10.0.0.1', '100.64.0.1']) expect(isPublicWebhookAddress(address), address).toBe(false);
  });
});
