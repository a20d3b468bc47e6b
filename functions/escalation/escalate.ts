import type { EscalationMessageV1, OnCallContact, OnCallRota, PagerEventV2 } from '../contract/escalation';
import type { EscalationStore } from '../adapters/stores/escalation-store';
import { ackDueAt, contactAtStep, decideEscalation, lastStep, pageDedupKey } from '../core/escalation/escalation-steps';
import { pagerTrigger, type PageAnswer } from '../core/escalation/pager-event';

export interface EscalationDependencies {
  /** The unit's on-call rota from its settings; undefined when the unit has set none. */
  rotaOf: (unit: string) => Promise<OnCallRota | undefined>;
  store: Pick<EscalationStore, 'getState' | 'claimPage' | 'markPageSent' | 'recordPage'>;
  /** Sends one page to the contact's channel: its pager webhook (signed with its secret), or the unit's page topic. */
  sendPage: (unit: string, contact: OnCallContact, event: PagerEventV2) => Promise<PageAnswer>;
  now: () => Date;
}

export type EscalationOutcome =
  | { result: 'paged'; step: number; contact: string; dedupKey: string }
  | { result: 'skipped'; reason: 'acknowledged' | 'already_escalated' | 'past_last_step' | 'already_paged' }
  /** Retrying cannot help until someone changes something: the message goes to the DLQ with this reason. */
  | { result: 'poison'; reason: string }
  /** The pager did not take the page: SQS redelivers, and the claim makes the retry send the same page. */
  | { result: 'failed'; error: string };

/**
 * One escalation message: pages the contact of its step, once. The page is claimed before it is
 * sent and marked sent right after the pager accepted it, so a redelivery sends nothing; what
 * follows (audit event, acknowledgement clock, the referral's step) is repeated by a redelivery
 * until it is all written. Only a crash between the pager's answer and the mark sends again, under
 * the same dedup_key, which the pager folds into the first page.
 */
export const escalate = async (message: EscalationMessageV1, deps: EscalationDependencies): Promise<EscalationOutcome> => {
  const rota = await deps.rotaOf(message.unit);
  if (!rota) return { result: 'poison', reason: `unit ${message.unit} has no on-call rota: an admin sets it with PUT /v1/units/${message.unit}/settings (onCall), then redrives this message` };
  const decision = decideEscalation(rota, await deps.store.getState(message.referralId), message.step);
  if (decision.action === 'skip') return { result: 'skipped', reason: decision.reason };
  const target = contactAtStep(rota, decision.step);
  if (!target) return { result: 'skipped', reason: 'past_last_step' };
  const pagedAt = deps.now();
  const page = await deps.store.claimPage({
    referralId: message.referralId,
    unit: message.unit,
    platform: message.platform,
    priority: message.priority,
    step: decision.step,
    lastStep: decision.step === lastStep(rota),
    contact: target.contact.name,
    dedupKey: pageDedupKey(message.referralId, decision.step),
    pagedAt: pagedAt.toISOString(),
    ackDueAt: ackDueAt(rota, pagedAt).toISOString(),
  });
  if (page.status === 'pending') {
    const event = pagerTrigger({ referralId: message.referralId, platform: message.platform, unit: message.unit, step: decision.step, role: target.role, contact: target.contact, at: new Date(page.pagedAt) });
    const answer = await deps.sendPage(message.unit, target.contact, event);
    if (!answer.ok) return { result: 'failed', error: answer.error };
    await deps.store.markPageSent(message.referralId, decision.step);
  }
  await deps.store.recordPage({ ...page, status: 'sent' });
  return page.status === 'pending' ? { result: 'paged', step: decision.step, contact: page.contact, dedupKey: page.dedupKey } : { result: 'skipped', reason: 'already_paged' };
};
