import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the Stripe scheme). */
export const signatureHeader = 'x-referral-desk-signature';

/** Callbacks older or newer than this are refused: a captured request cannot be replayed later. */
export const signatureToleranceSeconds = 5 * 60;

const hmacHex = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export const signWebhookBody = (secret: string, body: string, now: Date): string => {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
};

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch'; message: string };

/**
 * Verifies a signature header against the raw body (before any JSON parsing, so the bytes
 * signed are the bytes checked). The v1 value is compared in constant time; the signature
 * is returned so the caller can remember it against replays within the tolerance window.
 */
export const verifyWebhookSignature = (
  secret: string,
  header: string | undefined,
  body: string,
  now: Date,
  toleranceSeconds = signatureToleranceSeconds,
): SignatureCheck => {
  if (!header) return { ok: false, reason: 'missing', message: `missing ${signatureHeader} header` };
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (!name || value === undefined) return { ok: false, reason: 'malformed', message: 'signature header is malformed' };
    parts.set(name, [...(parts.get(name) ?? []), value]);
  }
  const timestampText = parts.get('t')?.[0];
  const candidates = (parts.get('v1') ?? []).filter((v) => /^[0-9a-f]{64}$/.test(v));
  if (!timestampText || !/^\d{1,12}$/.test(timestampText) || candidates.length === 0) {
    return { ok: false, reason: 'malformed', message: 'signature header needs t=<unix seconds> and v1=<64 hex>' };
  }
  const timestamp = Number(timestampText);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'expired', message: `signature timestamp is more than ${toleranceSeconds} s away from now` };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Several v1 values are allowed so a platform can sign with old and new secrets while rotating.
  const match = candidates.find((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  if (!match) return { ok: false, reason: 'mismatch', message: 'signature does not match the body' };
  return { ok: true, timestamp, signature: match };
};
