import { classifyHost, isPublicHost } from '../public-host';

/**
 * Where a platform's webhook may point. The channel carries every unit's referrals for the
 * platform, signed, so it must be HTTPS (nobody on the path reads or changes them) to a public
 * host (a webhook is no way into the deployment's own network: metadata service, VPC, loopback).
 * The same rule runs again at each delivery against the address the name resolves to then
 * (functions/adapters/webhook-transport.ts), so a name re-pointed after configuration is caught.
 */
export type WebhookUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export const checkWebhookUrl = (text: string): WebhookUrlVerdict => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'must be https://' };
  // Credentials in the URL would travel in every request and show wherever the URL is listed.
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not carry a user name or password' };
  const host = classifyHost(url.hostname);
  if (!host.public) return { ok: false, reason: `must name a public host: ${host.reason}` };
  return { ok: true, url };
};

/** One resolved address (as the resolver answers it, IPv6 without brackets) a webhook may connect to. */
export const isPublicWebhookAddress = (address: string): boolean => isPublicHost(address);
