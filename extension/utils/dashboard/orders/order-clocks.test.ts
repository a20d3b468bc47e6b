import { describe, expect, it } from 'vitest';
import { anyClockOpen, formatRemaining, liveClocks } from './order-clocks';

const hourRule = 'Regulation (EU) 2021/784 Art. 3(3): one hour from receipt of the removal order';
const at = (iso: string) => Date.parse(iso);

describe("an order's legal clocks, as the page shows them", () => {
  const received = { kind: 'tco-removal', rule: hourRule, startedAt: '2026-03-01T10:00:00.000Z', dueAt: '2026-03-01T11:00:00.000Z', state: 'running' as const };

  it('counts the hour from receipt down as time passes, whatever state the API saw when it answered', () => {
    const order = { issuedAt: '2026-03-01T09:00:00.000Z', clocks: [received] };
    const [early] = liveClocks(order, at('2026-03-01T10:00:02Z'));
    expect(early).toMatchObject({ kind: 'tco-removal', state: 'running', remainingMs: 3_598_000, near: false });
    expect(formatRemaining(early!.remainingMs)).toBe('0:59:58');
    // Art. 3(3): inside the last quarter of the hour it is near; past it, overdue, counting on.
    expect(liveClocks(order, at('2026-03-01T10:46:00Z'))[0]).toMatchObject({ state: 'running', near: true });
    const [late] = liveClocks(order, at('2026-03-01T11:00:05Z'));
    expect(late).toMatchObject({ state: 'overdue', remainingMs: -5_000, near: false });
    expect(formatRemaining(late!.remainingMs)).toBe('-0:00:05');
    expect(anyClockOpen([late!])).toBe(true);
  });

  it('stops a clock at the answer: met in time or missed, with the time that was left, and no longer ticking', () => {
    const met = liveClocks({ issuedAt: received.startedAt, clocks: [{ ...received, stoppedAt: '2026-03-01T10:40:00.000Z' }] }, at('2026-03-02T00:00:00Z'));
    expect(met[0]).toMatchObject({ state: 'met', remainingMs: 20 * 60_000 });
    const missed = liveClocks({ issuedAt: received.startedAt, clocks: [{ ...received, stoppedAt: '2026-03-01T11:00:01.000Z' }] }, at('2026-03-01T11:00:00Z'));
    expect(missed[0]).toMatchObject({ state: 'missed', remainingMs: -1_000 });
    expect(anyClockOpen([...met, ...missed])).toBe(false);
  });

  it('adds the non-disclosure period of Art. 11(3), which ends rather than being met or missed', () => {
    const order = { issuedAt: '2026-03-01T09:00:00.000Z', disclosureDelayEndsAt: '2026-04-12T09:00:00.000Z', clocks: [] };
    const [running] = liveClocks(order, at('2026-04-09T05:00:00Z'));
    expect(running).toMatchObject({ kind: 'disclosure-delay', state: 'ends', startedAt: order.issuedAt, dueAt: order.disclosureDelayEndsAt });
    expect(formatRemaining(running!.remainingMs)).toBe('3 d 04:00:00');
    expect(liveClocks(order, at('2026-04-12T09:00:01Z'))[0]?.state).toBe('ended');
  });

  it('keeps a clock kind it does not know, shown by the rule the API cites', () => {
    const [clock] = liveClocks({ issuedAt: received.startedAt, clocks: [{ ...received, kind: 'tco-something-new', rule: 'Art. 99' }] }, at(received.startedAt));
    expect(clock).toMatchObject({ kind: 'other', rule: 'Art. 99' });
  });
});
