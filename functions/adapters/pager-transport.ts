import type { PagerEventV2, PagerWebhookChannel } from '../contract/escalation';
import type { PageAnswer } from '../core/escalation/pager-event';
import { signatureHeader, signWebhookBody } from './webhook-signing';
import type { WebhookPost } from './webhook-transport';

/**
 * Sends a page to a contact's pager webhook, signed like platform deliveries (the Stripe scheme
 * of webhook-signing.ts), through the webhook transport's checks (HTTPS, public addresses only).
 * PagerDuty answers 202 to an accepted event; any 2xx is taken as accepted.
 */
export const createPagerTransport =
  (post: WebhookPost, options: { timeoutMs: number; now: () => Date }) =>
  async (channel: PagerWebhookChannel, event: PagerEventV2): Promise<PageAnswer> => {
    const body = JSON.stringify(event);
    const answer = await post(channel.url, {
      headers: { 'content-type': 'application/json', [signatureHeader]: signWebhookBody(channel.signingSecret, body, options.now()) },
      body,
      timeoutMs: options.timeoutMs,
    });
    if (!answer.ok) return answer;
    return answer.status >= 200 && answer.status < 300 ? { ok: true } : { ok: false, error: `the pager answered HTTP ${answer.status}` };
  };
