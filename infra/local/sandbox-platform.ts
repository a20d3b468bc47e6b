import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformReferralV1, type PlatformCallbackV1, type PlatformReferralV1 } from '../../functions/contract/lifecycle';
import { signatureHeader, signWebhookBody, verifyWebhookSignature } from '../../functions/adapters/webhook-signing';
import { readRequestBody } from './request-body';

/** What the sandbox does with a valid delivery. */
export interface SandboxBehaviour {
  /** Delay before each callback (acknowledged, then the outcome). */
  callbackDelayMs: number;
  /** The final callback: an outcome to report, or none (the referral stays acknowledged). */
  outcome: 'removed' | 'geo_blocked' | 'restricted' | 'no_violation' | 'not_actionable' | 'none';
  /** Answer this many deliveries with 503 first, to watch retries with backoff. */
  failNext: number;
}

export interface SandboxDelivery {
  platform: string;
  receivedAt: string;
  signatureValid: boolean;
  signatureError?: string;
  status: number;
  /** The raw body as received, so tests can check what a platform sees. */
  body: string;
  referral?: PlatformReferralV1;
}

export interface SandboxCallback {
  platform: string;
  referralId: string;
  status: PlatformCallbackV1['status'];
  httpStatus: number;
}

export interface SandboxPlatform {
  url: string;
  deliveries: SandboxDelivery[];
  callbacks: SandboxCallback[];
  behaviour: SandboxBehaviour;
  webhookUrlFor(platform: string): string;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  port: number;
  /** The API to call back (known once the API is bound). */
  apiUrl: () => string;
  secretFor: (platform: string) => string;
  behaviour?: Partial<SandboxBehaviour>;
  log?: (line: string) => void;
}

/** Each platform's sandbox secret, derived from the local dev secret so it survives restarts. */
export const sandboxSecretFor = (devSecret: string, platform: string): string =>
  createHmac('sha256', devSecret).update(`sandbox-platform:${platform}`).digest('hex');

/**
 * A stand-in for a platform's trusted-flagger intake on 127.0.0.1: receives deliveries,
 * verifies their signatures, logs them, and (after a short delay) calls back
 * acknowledged and then the configured outcome, signed with the same secret, so the
 * whole loop can be watched on the laptop.
 */
export const startSandboxPlatform = async (options: SandboxOptions): Promise<SandboxPlatform> => {
  const behaviour: SandboxBehaviour = { callbackDelayMs: 1_000, outcome: 'removed', failNext: 0, ...options.behaviour };
  const deliveries: SandboxDelivery[] = [];
  const callbacks: SandboxCallback[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const log = options.log ?? (() => undefined);
  let stopped = false;

  const callBack = async (platform: string, payload: PlatformCallbackV1) => {
    if (stopped) return;
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(`${options.apiUrl()}/v1/callbacks/${platform}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signWebhookBody(options.secretFor(platform), body, new Date()) },
        body,
      });
      await response.body?.cancel();
      callbacks.push({ platform, referralId: payload.referralId, status: payload.status, httpStatus: response.status });
      log(`[sandbox ${platform}] called back ${payload.status}${payload.outcome ? `/${payload.outcome}` : ''} for ${payload.referralId}: HTTP ${response.status}`);
    } catch (error) {
      log(`[sandbox ${platform}] callback failed: ${(error as Error).message}`);
    }
  };

  const schedule = (delayMs: number, task: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void task();
    }, delayMs);
    timers.add(timer);
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/webhooks\/([a-z0-9.-]+)$/.exec(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      if (request.method !== 'POST' || !match?.[1]) {
        response.writeHead(404).end();
        return;
      }
      const platform = match[1];
      const body = await readRequestBody(request, 1_000_000);
      const header = request.headers[signatureHeader];
      const check = verifyWebhookSignature(options.secretFor(platform), Array.isArray(header) ? header[0] : header, body, new Date());
      const parsed = platformReferralV1.safeParse((() => { try { return JSON.parse(body) as unknown; } catch { return undefined; } })());
      let status = 202;
      if (!check.ok) status = 401;
      else if (!parsed.success) status = 400;
      else if (behaviour.failNext > 0) {
        behaviour.failNext -= 1;
        status = 503;
      }
      deliveries.push({
        platform,
        receivedAt: new Date().toISOString(),
        signatureValid: check.ok,
        ...(check.ok ? {} : { signatureError: check.message }),
        status,
        body,
        ...(parsed.success ? { referral: parsed.data } : {}),
      });
      log(`[sandbox ${platform}] delivery ${parsed.success ? parsed.data.referralId : '(unreadable)'}: signature ${check.ok ? 'valid' : `INVALID (${check.message})`}, answered ${status}`);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ received: status === 202 }));
      if (status !== 202 || !parsed.success) return;
      const referralId = parsed.data.referralId;
      const outcome = behaviour.outcome;
      schedule(behaviour.callbackDelayMs, async () => {
        await callBack(platform, { referralId, status: 'acknowledged', eventId: `${referralId}:ack` });
        if (outcome === 'none') return;
        schedule(behaviour.callbackDelayMs, () =>
          callBack(platform, {
            referralId,
            status: outcome === 'no_violation' || outcome === 'not_actionable' ? 'declined' : 'actioned',
            outcome,
            eventId: `${referralId}:outcome`,
          }),
        );
      });
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deliveries,
    callbacks,
    behaviour,
    webhookUrlFor: (platform) => `${url}/webhooks/${platform}`,
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};
