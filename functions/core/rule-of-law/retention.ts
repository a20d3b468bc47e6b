import { addDays } from './clocks';
import { isHeld, type LegalHold } from './legal-hold';

/**
 * How long a closed referral's data (referral, reports, audit, orders, complaints) is kept
 * when no hold applies: as long as the evidence bucket's default lock (183 days), so the
 * records and the evidence they describe go together. Overridable per deployment.
 */
export const defaultRetentionDays = 183;

/** The first instant the referral's data may be purged: retention after closure, or the end of a hold. */
export const purgeableFrom = (input: { closedAt: string; hold?: LegalHold; retentionDays: number }): string => {
  const afterRetention = addDays(input.closedAt, input.retentionDays);
  const holdEnd = input.hold?.active ? input.hold.until : undefined;
  return holdEnd !== undefined && Date.parse(holdEnd) > Date.parse(afterRetention) ? holdEnd : afterRetention;
};

export type PurgeVerdict =
  | { purge: true }
  | { purge: false; reason: 'open' | 'held' | 'not_yet'; recheckAt?: string };

/**
 * Whether a referral's data goes now. A held referral never goes, whatever the schedule said:
 * the hold is read at purge time, so a hold placed after scheduling still protects it.
 */
export const purgeVerdict = (input: { closedAt?: string; hold?: LegalHold; retentionDays: number; now: Date }): PurgeVerdict => {
  if (input.closedAt === undefined) return { purge: false, reason: 'open' };
  if (isHeld(input.hold, input.now)) return { purge: false, reason: 'held', recheckAt: purgeableFrom({ closedAt: input.closedAt, hold: input.hold, retentionDays: input.retentionDays }) };
  const from = purgeableFrom({ closedAt: input.closedAt, retentionDays: input.retentionDays, ...(input.hold ? { hold: input.hold } : {}) });
  return Date.parse(from) <= input.now.getTime() ? { purge: true } : { purge: false, reason: 'not_yet', recheckAt: from };
};
