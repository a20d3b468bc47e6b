import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { buildTimestampRequest } from '../core/trusted-time/timestamp-request';
import type { RuntimeConfig } from './runtime-config';
import { readTimestampResponse, verifyTimestampToken, type TimestampRefusalReason } from '../core/trusted-time/timestamp-token';

/**
 * A trusted timestamp as stored beside what it stamps: the token (base64 DER, as `openssl ts
 * -verify -in` reads it once decoded) and how it verified when it arrived. A refused token is
 * kept with its reason; a deployment without a TSA says so rather than leaving a gap.
 */
export const trustedTimestamp = z.discriminatedUnion('status', [
  /** No token was asked for: this deployment has no TSA, or the manifest's artifacts did not all verify. */
  z.object({ status: z.literal('not_requested'), reason: z.enum(['no_tsa_configured', 'manifest_not_verified']) }),
  z.object({ status: z.literal('unavailable'), tsaUrl: z.string(), sha256: z.string(), message: z.string(), requestedAt: z.string() }),
  z.object({
    status: z.literal('verified'),
    tsaUrl: z.string(),
    sha256: z.string(),
    token: z.base64(),
    time: z.string(),
    serialNumber: z.string(),
    policy: z.string(),
    requestedAt: z.string(),
  }),
  z.object({
    status: z.literal('refused'),
    tsaUrl: z.string(),
    sha256: z.string(),
    token: z.base64().optional(),
    reason: z.custom<TimestampRefusalReason>((value) => typeof value === 'string'),
    message: z.string(),
    requestedAt: z.string(),
  }),
]);
export type TrustedTimestamp = z.infer<typeof trustedTimestamp>;

/** A deployment's TSA: where to ask, and the CA certificates (PEM) its tokens must chain to. */
export interface TimestampAuthorityConfig {
  url: string;
  trustAnchorsPem: string[];
  /** RFC 3161 gives no deadline; a capture is not held up by a slow TSA for longer than this. */
  timeoutMs?: number;
}

export type TimestampAuthority = (data: Uint8Array, now: () => Date) => Promise<TrustedTimestamp>;

/** A deployment without a TSA: every record says no token was asked for, and why. */
export const noTimestampAuthority: TimestampAuthority = async () => ({ status: 'not_requested', reason: 'no_tsa_configured' });

/** Asks an RFC 3161 TSA over HTTP (RFC 3161 section 3.4) for a token over `data`'s SHA-256, and verifies what comes back. */
export const httpTimestampAuthority =
  (config: TimestampAuthorityConfig): TimestampAuthority =>
  async (data, now) => {
    const digest = createHash('sha256').update(data).digest();
    const sha256 = digest.toString('hex');
    const requestedAt = now().toISOString();
    const request = buildTimestampRequest(new Uint8Array(digest));
    let answer: Uint8Array;
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: request.der,
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      if (!response.ok) return { status: 'unavailable', tsaUrl: config.url, sha256, message: `the TSA answered HTTP ${response.status}`, requestedAt };
      answer = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      return { status: 'unavailable', tsaUrl: config.url, sha256, message: `the TSA did not answer: ${error instanceof Error ? error.message : String(error)}`, requestedAt };
    }
    const read = readTimestampResponse(answer);
    if (read.status === 'refused') return { status: 'refused', tsaUrl: config.url, sha256, reason: read.reason, message: read.message, requestedAt };
    const token = Buffer.from(read.token).toString('base64');
    const check = await verifyTimestampToken(read.token, { data, nonce: request.nonce, trustAnchorsPem: config.trustAnchorsPem });
    return check.status === 'verified'
      ? { status: 'verified', tsaUrl: config.url, sha256, token, time: check.time, serialNumber: check.serialNumber, policy: check.policy, requestedAt }
      : { status: 'refused', tsaUrl: config.url, sha256, token, reason: check.reason, message: check.message, requestedAt };
  };

/** The deployment's TSA (TSA_URL, its CA certificates in TSA_TRUST_ANCHOR_FILE), read once per cold start. */
export const timestampAuthorityFor = (config: Pick<RuntimeConfig, 'TSA_URL' | 'TSA_TRUST_ANCHOR_FILE'>): TimestampAuthority =>
  config.TSA_URL && config.TSA_TRUST_ANCHOR_FILE ? httpTimestampAuthority({ url: config.TSA_URL, trustAnchorsPem: [readFileSync(config.TSA_TRUST_ANCHOR_FILE, 'utf8')] }) : noTimestampAuthority;
