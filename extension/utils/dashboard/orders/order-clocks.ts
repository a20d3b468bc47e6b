import type { ClockView, RemovalOrderView } from '../../contract';

/** The kinds of clock an order's page shows: the API's legal clocks, and the non-disclosure period. */
export type OrderClockKind = 'tco-removal' | 'tco-scrutiny-copy' | 'tco-scrutiny-request' | 'disclosure-delay' | 'other';

export interface LiveClock {
  kind: OrderClockKind;
  /** The rule the deadline comes from, as the API cites it. */
  rule: string;
  startedAt: string;
  dueAt: string;
  stoppedAt?: string;
  /** Running or overdue while open; met or missed once stopped; a period that simply runs out `ends`, then has `ended`. */
  state: ClockView['state'] | 'ends' | 'ended';
  /** Milliseconds left before the deadline (negative once past it); for a stopped clock, left when it stopped. */
  remainingMs: number;
  /** An open clock in the last quarter of its time (at least the last five minutes). */
  near: boolean;
}

const knownKinds: readonly OrderClockKind[] = ['tco-removal', 'tco-scrutiny-copy', 'tco-scrutiny-request'];

/** Regulation (EU) 2021/784 Art. 11(3): the provider keeps the removal from the content provider until then. */
export const disclosureDelayRule = 'Regulation (EU) 2021/784 Art. 11(3): no information to the content provider until the period ends';

const nearWindowMs = (startedAt: string, dueAt: string): number => Math.max(5 * 60 * 1000, (Date.parse(dueAt) - Date.parse(startedAt)) * 0.25);

/**
 * The order's clocks as they stand at `now`: the API computed each clock's state when it answered,
 * the page keeps them moving (Art. 3(3): one hour from receipt; Art. 4(2) and 4(4): 72 hours) and
 * adds the non-disclosure period of Art. 11(3), which the API gives as an end date.
 */
export const liveClocks = (order: Pick<RemovalOrderView, 'clocks' | 'issuedAt' | 'disclosureDelayEndsAt'>, now: number): LiveClock[] => {
  const clocks = order.clocks.map((clock): LiveClock => {
    const due = Date.parse(clock.dueAt);
    const stopped = clock.stoppedAt === undefined ? undefined : Date.parse(clock.stoppedAt);
    const remainingMs = due - (stopped ?? now);
    const state: LiveClock['state'] = stopped !== undefined ? (stopped <= due ? 'met' : 'missed') : now > due ? 'overdue' : 'running';
    return {
      kind: knownKinds.includes(clock.kind as OrderClockKind) ? (clock.kind as OrderClockKind) : 'other',
      rule: clock.rule,
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      ...(clock.stoppedAt !== undefined ? { stoppedAt: clock.stoppedAt } : {}),
      state,
      remainingMs,
      near: state === 'running' && remainingMs <= nearWindowMs(clock.startedAt, clock.dueAt),
    };
  });
  if (order.disclosureDelayEndsAt !== undefined) {
    const remainingMs = Date.parse(order.disclosureDelayEndsAt) - now;
    clocks.push({
      kind: 'disclosure-delay',
      rule: disclosureDelayRule,
      startedAt: order.issuedAt,
      dueAt: order.disclosureDelayEndsAt,
      state: remainingMs < 0 ? 'ended' : 'ends',
      remainingMs,
      near: false,
    });
  }
  return clocks;
};

/** Whether any clock still moves, so the page ticks only while one does. */
export const anyClockOpen = (clocks: readonly LiveClock[]): boolean => clocks.some((clock) => clock.state === 'running' || clock.state === 'overdue' || clock.state === 'ends');

const two = (n: number) => String(n).padStart(2, '0');

/** Time left as the countdown shows it: `0:59:58`, `3 d 04:00:00`, and `-0:00:05` once past. */
export const formatRemaining = (ms: number): string => {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const clock = `${two(Math.floor((total % 3_600) / 60))}:${two(total % 60)}`;
  return days > 0 ? `${sign}${days} d ${two(hours)}:${clock}` : `${sign}${hours}:${clock}`;
};
