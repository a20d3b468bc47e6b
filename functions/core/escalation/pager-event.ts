import type { OnCallContact, PagerEventV2 } from '../../contract/escalation';
import { pageDedupKey } from './escalation-steps';

/** The pager's answer to one page: accepted (2xx), or why not. */
export type PageAnswer = { ok: true } | { ok: false; error: string };

export interface PageInput {
  referralId: string;
  platform: string;
  unit: string;
  step: number;
  role: 'contact' | 'unit_head';
  contact: OnCallContact;
  /** The dashboard's referral page, if the deployment knows its address. */
  referralUrl?: string;
  at: Date;
}

/**
 * The page as a PagerDuty Events API v2 trigger. The summary names no content and no officer: a
 * pager's notification travels through third parties (SMS, push), so it says only that a threat
 * to life waits, where, and for how long it has been escalated.
 */
export const pagerTrigger = (input: PageInput): PagerEventV2 => ({
  routing_key: input.contact.channel.routingKey,
  event_action: 'trigger',
  dedup_key: pageDedupKey(input.referralId, input.step),
  payload: {
    summary: `P1 threat to life on ${input.platform}: referral ${input.referralId} needs acknowledgement${input.step > 0 ? ` (escalated, step ${input.step}${input.role === 'unit_head' ? ', unit head' : ''})` : ''}`,
    source: `referral-desk/${input.unit}`,
    severity: 'critical',
    timestamp: input.at.toISOString(),
    component: input.platform,
    custom_details: { referralId: input.referralId, unit: input.unit, step: input.step, role: input.role, contact: input.contact.name },
  },
  ...(input.referralUrl ? { links: [{ href: input.referralUrl, text: 'Open the referral' }] } : {}),
});

/** The acknowledge event that closes the page on the pager once someone acknowledged on the dashboard. */
export const pagerAcknowledge = (contact: OnCallContact, referralId: string, step: number): PagerEventV2 => ({
  routing_key: contact.channel.routingKey,
  event_action: 'acknowledge',
  dedup_key: pageDedupKey(referralId, step),
});
