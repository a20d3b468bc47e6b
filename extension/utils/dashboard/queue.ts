import { actionedOutcomes, declinedOutcomes, type AuditEvent, type QueueItem, type ReferralOutcome, type ReferralStatus } from '../contract';
import { allowedTransitions, isFinal, isPlatformId, platformById } from '../shared-rules';
import { t } from '../i18n';

/**
 * What a liaison officer may do with one queue item, from the same transition table the
 * API enforces (functions/core/lifecycle/transitions.ts), so the page never offers a button
 * the API will refuse for its status.
 */

export interface TransitionChoice {
  to: ReferralStatus;
  /** Outcomes to choose from; empty when the status takes none. */
  outcomes: readonly ReferralOutcome[];
}

export interface QueueActions {
  claim: 'claim' | 'release' | 'claimed_by_other' | 'none';
  /** `new` goes out through POST /send: webhook platforms refuse a hand-set `sent`. */
  send: boolean;
  transitions: TransitionChoice[];
}

/**
 * A platform without a webhook channel (Telegram, unlisted hosts) is filed by the officer by
 * hand: "send" only records that it was filed. Same rule as the API's notice route.
 */
export const filedByHand = (platform: string): boolean => !(isPlatformId(platform) && platformById(platform).channel === 'webhook');

/** Who filed a referral by hand and when, from its audit trail (the transition to `sent`). */
export const describeFiling = (events: readonly Pick<AuditEvent, 'to' | 'at' | 'actor'>[]): string | undefined => {
  const filed = events.findLast((event) => event.to === 'sent');
  return filed === undefined ? undefined : t('filedByHandBy', filed.actor.id, filed.at.replace('T', ' ').slice(0, 16));
};

const outcomesFor = (to: ReferralStatus): readonly ReferralOutcome[] =>
  to === 'actioned' ? actionedOutcomes : to === 'declined' ? declinedOutcomes : [];

export const queueActions = (item: Pick<QueueItem, 'status' | 'claim'>): QueueActions => {
  const final = isFinal(item.status);
  const claim = final ? 'none' : item.claim === undefined ? 'claim' : item.claim.mine ? 'release' : 'claimed_by_other';
  return {
    claim,
    send: item.status === 'new',
    transitions: allowedTransitions[item.status].filter((to) => to !== 'sent').map((to) => ({ to, outcomes: outcomesFor(to) })),
  };
};

const span = (ms: number): string => {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.floor(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
};

export interface Countdown {
  text: string;
  breached: boolean;
}

/**
 * Time left before the deadline (Regulation (EU) 2021/784 Art. 3(3): one hour for removal
 * orders; the platform's internal target for referrals). Breached once past it and not final;
 * the API's own flag counts too, in case the page's clock is behind.
 */
export const countdown = (item: Pick<QueueItem, 'deadlineAt' | 'status' | 'breached'>, now: number): Countdown => {
  if (item.deadlineAt === undefined) return { text: t('noDeadline'), breached: item.breached };
  if (isFinal(item.status)) return { text: t('closed'), breached: false };
  const left = Date.parse(item.deadlineAt) - now;
  const breached = item.breached || left < 0;
  return { text: left >= 0 ? t('timeLeft', span(left)) : t('overdueBy', span(-left)), breached };
};
