import { promises as dns, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, isPublicWebhookAddress } from '../core/platforms/webhook-url';

/** A webhook POST's answer: the platform's HTTP status, or why nothing was (or could be) sent. */
export type WebhookAnswer = { ok: true; status: number } | { ok: false; error: string };

export type WebhookPost = (url: string, init: { headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<WebhookAnswer>;

/** Every address a name resolves to, as the system resolver answers (the one the connection would use). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for the connection that resolves the name, refuses it when any address is not
 * public (a name that also points inward is not trusted with the other answers), and hands the
 * socket exactly the addresses it checked: nothing resolves the name again between the check and
 * the connection, so re-pointing the name (DNS rebinding) cannot slip past.
 */
export const publicOnlyLookup =
  (resolve: Resolve): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const addresses = options.family === 4 || options.family === 6 ? resolved.filter((a) => a.family === options.family) : resolved;
        const inward = addresses.find((a) => !isPublicWebhookAddress(a.address));
        const first = addresses[0];
        if (inward) callback(Object.assign(new Error(`${hostname} resolves to ${inward.address}, which is not a public address`), { code: 'EWEBHOOKADDRESS' }), '', 4);
        else if (!first) callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
        else if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };

export interface WebhookTransportOptions {
  resolve?: Resolve;
  /**
   * The local stack's sandbox platform (`http://127.0.0.1:<port>`): the one origin exempt from
   * the HTTPS and public-address rules, so the whole loop runs on one machine. Never set in the cloud.
   */
  sandboxOrigin?: string;
  fetch?: typeof fetch;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : 'request failed');

/**
 * POSTs a delivery to a platform's webhook, under the rule of functions/core/platforms/webhook-url.ts
 * checked again now: HTTPS, a public host by name, and every address it resolves to public.
 * Redirects are not followed (a 3xx is the platform's answer, not a new destination).
 */
export const createWebhookTransport = (options: WebhookTransportOptions = {}): WebhookPost => {
  const lookup = publicOnlyLookup(options.resolve ?? systemResolve);
  const plainFetch = options.fetch ?? fetch;
  return async (url, init) => {
    if (options.sandboxOrigin !== undefined && URL.canParse(url) && new URL(url).origin === options.sandboxOrigin) {
      try {
        const response = await plainFetch(url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(init.timeoutMs), redirect: 'manual' });
        await response.body?.cancel();
        return { ok: true, status: response.status };
      } catch (error) {
        return { ok: false, error: reasonOf(error) };
      }
    }
    const target = checkWebhookUrl(url);
    if (!target.ok) return { ok: false, error: `webhook URL refused: it ${target.reason}` };
    return new Promise<WebhookAnswer>((resolve) => {
      const outgoing = request(target.url, { method: 'POST', headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, lookup, signal: AbortSignal.timeout(init.timeoutMs) }, (response) => {
        response.resume();
        resolve({ ok: true, status: response.statusCode ?? 0 });
      });
      outgoing.on('error', (error) => resolve({ ok: false, error: reasonOf(error) }));
      outgoing.end(init.body);
    });
  };
};
