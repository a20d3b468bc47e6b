import type { OnCallContact, OnCallRota, OnCallRotaView } from '../../contract/escalation';

/** Who a step pages: the rota's contacts in order, then the unit's head; past that, nobody. */
export const contactAtStep = (rota: OnCallRota, step: number): { contact: OnCallContact; role: 'contact' | 'unit_head' } | undefined => {
  const contact = rota.contacts[step];
  if (contact) return { contact, role: 'contact' };
  if (step === rota.contacts.length) return { contact: rota.unitHead, role: 'unit_head' };
  return undefined;
};

/** The step that pages the unit's head, the last one. */
export const lastStep = (rota: OnCallRota): number => rota.contacts.length;

/** When a page sent at `pagedAt` must be acknowledged by. */
export const ackDueAt = (rota: Pick<OnCallRota, 'ackMinutes'>, pagedAt: Date): Date => new Date(pagedAt.getTime() + rota.ackMinutes * 60_000);

/**
 * One dedup key per referral and step: the pager folds a resent page into the first (PagerDuty
 * deduplicates triggers by dedup_key), and an acknowledgement names the page it answers.
 */
export const pageDedupKey = (referralId: string, step: number): string => `referral-desk/${referralId}/step-${step}`;

export const parsePageDedupKey = (dedupKey: string): { referralId: string; step: number } | undefined => {
  const match = /^referral-desk\/([^/]+)\/step-(\d{1,2})$/.exec(dedupKey);
  return match?.[1] && match[2] ? { referralId: match[1], step: Number(match[2]) } : undefined;
};

/** The escalation of one referral as stored: the step last paged, and whether anyone acknowledged. */
export interface EscalationState {
  step: number;
  ackDueAt: string;
  acknowledgedAt?: string;
}

export type EscalationDecision =
  | { action: 'page'; step: number }
  | { action: 'skip'; reason: 'acknowledged' | 'already_escalated' | 'past_last_step' };

/**
 * Whether a message asking for `requestedStep` pages anyone. A page is never sent after an
 * acknowledgement, and a late or redelivered message for an earlier step never pages again
 * once a later step was paged.
 */
export const decideEscalation = (rota: OnCallRota, state: EscalationState | undefined, requestedStep: number): EscalationDecision => {
  if (state?.acknowledgedAt) return { action: 'skip', reason: 'acknowledged' };
  if (requestedStep > lastStep(rota)) return { action: 'skip', reason: 'past_last_step' };
  if (state && state.step > requestedStep) return { action: 'skip', reason: 'already_escalated' };
  return { action: 'page', step: requestedStep };
};

/** An unacknowledged page as the scheduler finds it: its step, whether it paged the unit's head, when its time ran out. */
export interface OpenPage {
  step: number;
  lastStep: boolean;
  ackDueAt: string;
}

/**
 * What the scheduler does with a page whose acknowledgement time may have run out: nothing yet;
 * drop it (acknowledged, or a later step was already paged); page the next step; or, after the
 * unit's head, keep it open as exhausted, for the alarm.
 */
export const afterAckTimeout = (page: OpenPage, state: EscalationState | undefined, now: Date): { action: 'wait' } | { action: 'drop' } | { action: 'page'; step: number } | { action: 'exhausted' } => {
  if (!state || state.acknowledgedAt || state.step > page.step) return { action: 'drop' };
  if (now.getTime() < Date.parse(page.ackDueAt)) return { action: 'wait' };
  return page.lastStep ? { action: 'exhausted' } : { action: 'page', step: page.step + 1 };
};

/** The rota as shown back: signing secrets are write-only (an admin who rotates one sends the new one). */
export const rotaWithoutSecrets = (rota: OnCallRota): OnCallRotaView => {
  const contactView = ({ name, channel }: OnCallContact): OnCallRotaView['unitHead'] => {
    if (channel.kind === 'sns') return { name, channel };
    const { signingSecret: _secret, ...shown } = channel;
    return { name, channel: shown };
  };
  return { contacts: rota.contacts.map(contactView), unitHead: contactView(rota.unitHead), ackMinutes: rota.ackMinutes };
};
