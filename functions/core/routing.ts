import type { Priority } from '../contract/responses';

export type RoutingTarget = 'escalation' | 'urgent-delivery' | 'financial';

/** Indicator types that are money: they send a referral to financial intelligence. */
const financialIndicatorTypes = new Set(['btc', 'eth', 'trx', 'ltc', 'doge', 'xmr', 'iban', 'payment_link']);

/**
 * Where a new referral goes besides its platform's queue (which is the referral's own
 * queue index entry): P1 to the escalation queue and, on a platform that takes referrals by
 * webhook, straight to the platform as urgent (a threat to life does not wait for a liaison
 * officer to claim it); money trails to financial intelligence.
 */
export const routeReferral = (input: { priority: Priority; indicatorTypes: string[]; webhookPlatform: boolean }): RoutingTarget[] => {
  const targets: RoutingTarget[] = [];
  if (input.priority === 'P1') targets.push('escalation');
  if (input.priority === 'P1' && input.webhookPlatform) targets.push('urgent-delivery');
  if (input.indicatorTypes.some((type) => financialIndicatorTypes.has(type))) targets.push('financial');
  return targets;
};
