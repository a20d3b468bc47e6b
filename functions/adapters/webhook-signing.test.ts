import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signing';

const secret = 's'.repeat(40);
const now = new Date('2026-03-01T10:00:00Z');
const body = '{"referralId":"ref_0123456789abcdef01234567","status":"acknowledged"}';

describe('webhook signatures', () => {
  it('verifies what it signed, within the tolerance', () => {
    const header = signWebhookBody(secret, body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, new Date(now.getTime() + 299_000))).toMatchObject({ ok: true });
  });

  it('refuses a changed body, another secret, an old timestamp and garbage', () => {
    const header = signWebhookBody(secret, body, now);
    expect(verifyWebhookSignature(secret, header, body.replace('acknowledged', 'actioned'), now)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('x'.repeat(40), header, body, now)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, header, body, new Date(now.getTime() + 301_000))).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature(secret, undefined, body, now)).toMatchObject({ ok: false, reason: 'missing' });
    for (const bad of ['t=1', 'v1=abc', 'nonsense', 't=abc,v1=' + '0'.repeat(64)]) {
      expect(verifyWebhookSignature(secret, bad, body, now).ok, bad).toBe(false);
    }
  });
});
