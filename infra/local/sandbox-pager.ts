import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pagerEventV2, type PagerEventV2 } from '../../functions/contract/escalation';
import { signatureHeader, signWebhookBody, verifyWebhookSignature } from '../../functions/adapters/webhook-signing';
import { readRequestBody } from './request-body';

/** One request the sandbox pager received. */
export interface SandboxPage {
  /** The routing key in the URL path: one per contact of the local rota. */
  routingKey: string;
  receivedAt: string;
  signatureValid: boolean;
  signatureError?: string;
  status: number;
  body: string;
  event?: PagerEventV2;
}

export interface SandboxPager {
  url: string;
  pages: SandboxPage[];
  /** Valid triggers, one per dedup key: what a PagerDuty service would show as incidents. */
  incidents(): Map<string, SandboxPage>;
  /** Where a contact's pages go (the sandbox reads the routing key from the path as well as the body). */
  webhookUrlFor(routingKey: string): string;
  /** Acknowledges a page the way a pager's acknowledgement webhook would: signed, to the API's pager callback. */
  acknowledge(unit: string, dedupKey: string): Promise<number>;
  stop(): Promise<void>;
}

export interface SandboxPagerOptions {
  port: number;
  /** The API to call back (known once the API is bound). */
  apiUrl: () => string;
  secretFor: (routingKey: string) => string;
  log?: (line: string) => void;
}

/** Each sandbox contact's signing secret, derived from the local dev secret so it survives restarts. */
export const sandboxPagerSecretFor = (devSecret: string, routingKey: string): string =>
  createHmac('sha256', devSecret).update(`sandbox-pager:${routingKey}`).digest('hex');

const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * A stand-in for a unit's pager (PagerDuty's Events API v2 intake) on 127.0.0.1: receives pages
 * at /v2/enqueue/<routing key>, verifies their signatures and logs them. It answers 202 as
 * PagerDuty does; acknowledging is left to the test or the officer (`acknowledge`), since the
 * point of the clock is what happens when nobody does.
 */
export const startSandboxPager = async (options: SandboxPagerOptions): Promise<SandboxPager> => {
  const pages: SandboxPage[] = [];
  const log = options.log ?? (() => undefined);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/v2\/enqueue\/([A-Za-z0-9._-]{1,128})$/.exec(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      if (request.method !== 'POST' || !match?.[1]) {
        response.writeHead(404).end();
        return;
      }
      const routingKey = match[1];
      const body = await readRequestBody(request, 512_000);
      const header = request.headers[signatureHeader];
      const check = verifyWebhookSignature(options.secretFor(routingKey), Array.isArray(header) ? header[0] : header, body, new Date());
      const parsed = pagerEventV2.safeParse(parseJson(body));
      let status = 202;
      if (!check.ok) status = 401;
      else if (!parsed.success || parsed.data.routing_key !== routingKey) status = 400;
      pages.push({
        routingKey,
        receivedAt: new Date().toISOString(),
        signatureValid: check.ok,
        ...(check.ok ? {} : { signatureError: check.message }),
        status,
        body,
        ...(parsed.success ? { event: parsed.data } : {}),
      });
      log(
        `[sandbox pager ${routingKey}] ${parsed.success ? `${parsed.data.event_action} ${parsed.data.dedup_key}${parsed.data.payload ? `: ${parsed.data.payload.summary}` : ''}` : '(unreadable)'}; signature ${check.ok ? 'valid' : `INVALID (${check.message})`}, answered ${status}`,
      );
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(status === 202 ? { status: 'success', message: 'Event processed', dedup_key: parsed.data?.dedup_key } : { status: 'invalid event' }));
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const incidents = () => {
    const byKey = new Map<string, SandboxPage>();
    for (const page of pages) {
      if (page.status === 202 && page.event?.event_action === 'trigger' && !byKey.has(page.event.dedup_key)) byKey.set(page.event.dedup_key, page);
    }
    return byKey;
  };
  return {
    url,
    pages,
    incidents,
    webhookUrlFor: (routingKey) => `${url}/v2/enqueue/${routingKey}`,
    acknowledge: async (unit, dedupKey) => {
      const page = incidents().get(dedupKey);
      if (!page) throw new Error(`the sandbox pager received no page ${dedupKey}`);
      const body = JSON.stringify({ event_action: 'acknowledge', dedup_key: dedupKey, routing_key: page.routingKey });
      const response = await fetch(`${options.apiUrl()}/v1/callbacks/pager/${unit}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signWebhookBody(options.secretFor(page.routingKey), body, new Date()) },
        body,
      });
      await response.body?.cancel();
      log(`[sandbox pager ${page.routingKey}] acknowledged ${dedupKey}: HTTP ${response.status}`);
      return response.status;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};
