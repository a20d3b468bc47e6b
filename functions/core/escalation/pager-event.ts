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
 * The routing key of a contact's pager; a unit's page topic has none, so the page names its source
 * there (SNS routes by topic, and the dedup_key alone identifies the page).
 */
const routingKeyOf = (contact: OnCallContact, unit: string): string => (contact.channel.kind === 'webhook' ? contact.channel.routingKey : `referral-desk/${unit}`);

/**
 * The page as a PagerDuty Events API v2 trigger. The summary names no content and no officer: a
 * pager's notification travels through third parties (SMS, push), so it says only that a threat
 * to life waits, where, and for how long it has been escalated.
 */
export const pagerTrigger = (input: PageInput): PagerEventV2 => ({
  routing_key: routingKeyOf(input.contact, input.unit),
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
export const pagerAcknowledge = (contact: OnCallContact, unit: string, referralId: string, step: number): PagerEventV2 => ({
  routing_key: routingKeyOf(contact, unit),
  event_action: 'acknowledge',
  dedup_key: pageDedupKey(referralId, step),
});
