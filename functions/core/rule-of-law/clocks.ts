import type { ClockView } from '../../contract/rule-of-law';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/** The legal clocks Referral Desk tracks, each with its rule and duration. */
export const legalClocks = {
  /** Regulation (EU) 2021/784 Art. 3(3): remove or disable within one hour of receipt of the order. */
  'tco-removal': { rule: 'Regulation (EU) 2021/784 Art. 3(3): one hour from receipt of the removal order', durationMs: hourMs },
  /** Art. 4(2): the host Member State's authority may scrutinise within 72 hours of receiving the copy. */
  'tco-scrutiny-copy': { rule: 'Regulation (EU) 2021/784 Art. 4(2): 72 hours from receipt of the copy', durationMs: 72 * hourMs },
  /** Art. 4(4): a decision within 72 hours of receiving a request for scrutiny. */
  'tco-scrutiny-request': { rule: 'Regulation (EU) 2021/784 Art. 4(4): 72 hours from receipt of the request for scrutiny', durationMs: 72 * hourMs },
  /** Art. 10(2): the content provider is told the outcome of a complaint within two weeks of its receipt. */
  'tco-complaint': { rule: 'Regulation (EU) 2021/784 Art. 10(2): two weeks from receipt of the complaint', durationMs: 14 * dayMs },
} as const;
export type ClockKind = keyof typeof legalClocks;

/** Art. 4(3): a request for scrutiny must come within 48 hours of receipt of the order. */
export const scrutinyRequestWindowMs = 48 * hourMs;

/** A clock is "near" its deadline when this share of it or less is left (at least five minutes). */
export const nearDeadlineShare = 0.25;

export interface LegalClock {
  kind: ClockKind;
  startedAt: string;
  stoppedAt?: string;
}

export const dueAtOf = (clock: Pick<LegalClock, 'kind' | 'startedAt'>): string =>
  new Date(Date.parse(clock.startedAt) + legalClocks[clock.kind].durationMs).toISOString();

/** Running or overdue while open; met or missed once stopped. */
export const clockState = (clock: LegalClock, now: Date): ClockView['state'] => {
  const due = Date.parse(dueAtOf(clock));
  if (clock.stoppedAt !== undefined) return Date.parse(clock.stoppedAt) <= due ? 'met' : 'missed';
  return now.getTime() > due ? 'overdue' : 'running';
};

export const clockView = (clock: LegalClock, now: Date): ClockView => ({
  kind: clock.kind,
  rule: legalClocks[clock.kind].rule,
  startedAt: clock.startedAt,
  dueAt: dueAtOf(clock),
  ...(clock.stoppedAt === undefined ? {} : { stoppedAt: clock.stoppedAt }),
  state: clockState(clock, now),
});

/** How urgent an open clock is now: `near` inside the last quarter of its time, `overdue` past it. */
export const urgencyOf = (kind: ClockKind, dueAt: string, now: Date): 'calm' | 'near' | 'overdue' => {
  const left = Date.parse(dueAt) - now.getTime();
  if (left < 0) return 'overdue';
  const window = Math.max(5 * 60 * 1000, legalClocks[kind].durationMs * nearDeadlineShare);
  return left <= window ? 'near' : 'calm';
};

/** The widest "near" window of any clock: the scheduler reads open clocks due before now plus this. */
export const widestNearWindowMs = Math.max(...Object.values(legalClocks).map((c) => Math.max(5 * 60 * 1000, c.durationMs * nearDeadlineShare)));

/** Adds calendar months in UTC (Art. 6(2): "six months"), clamping to the month's last day. */
export const addUtcMonths = (iso: string, months: number): string => {
  const date = new Date(iso);
  const day = date.getUTCDate();
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
};

export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * dayMs).toISOString();

/** Clock skew tolerated on times a caller reports (a platform's clock, an officer's entry). */
export const futureToleranceMs = 5 * 60 * 1000;

export const isInFuture = (iso: string, now: Date): boolean => Date.parse(iso) > now.getTime() + futureToleranceMs;
