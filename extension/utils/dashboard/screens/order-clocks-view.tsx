import { useEffect, useState } from 'preact/hooks';
import type { RemovalOrderView } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { anyClockOpen, formatRemaining, liveClocks, type OrderClockKind } from '../orders/order-clocks';
import type { DashboardPage } from '../page';

const clockNames: Record<OrderClockKind, MessageKey> = {
  'tco-removal': 'orderClock_removal',
  'tco-scrutiny-copy': 'orderClock_scrutinyCopy',
  'tco-scrutiny-request': 'orderClock_scrutinyRequest',
  'disclosure-delay': 'orderClock_disclosureDelay',
  other: 'orderClock_other',
};

/**
 * The order's legal clocks, moving every second while one is open (Art. 3(3): one hour from
 * receipt). Not a live region: a countdown read aloud every second would drown the page; the
 * state (running, near, overdue, met) is in the text for whoever reads it.
 */
export const OrderClocks = ({ page, order }: { page: DashboardPage; order: RemovalOrderView }) => {
  const [now, setNow] = useState(() => page.now());
  const clocks = liveClocks(order, now);
  const open = anyClockOpen(clocks);
  useEffect(() => {
    setNow(page.now());
    if (!open) return;
    const timer = setInterval(() => setNow(page.now()), 1_000);
    return () => clearInterval(timer);
  }, [page, order, open]);
  return (
    <section id="order-clocks" aria-labelledby="order-clocks-heading">
      <h3 id="order-clocks-heading">{t('orderClocksHeading')}</h3>
      {order.receivedAt === undefined ? <p id="order-clock-waits">{t('orderClockWaitsReceipt')}</p> : null}
      <ul class="order-clocks">
        {clocks.map((clock) => (
          <li key={`${clock.kind}-${clock.startedAt}`} data-clock-kind={clock.kind} data-clock-state={clock.state} class={clock.near ? 'clock near' : `clock ${clock.state}`}>
            <strong>{t(clockNames[clock.kind])}</strong>
            {' · '}
            <span class="clock-state">{t(clock.near ? 'orderClockState_near' : `orderClockState_${clock.state}`)}</span>
            {' · '}
            <span class="clock-remaining" data-remaining-ms={clock.remainingMs}>
              {formatRemaining(clock.remainingMs)}
            </span>
            {' · '}
            {t('orderClockDue', clock.dueAt)}
            {clock.stoppedAt !== undefined ? ` · ${t('orderClockStopped', clock.stoppedAt)}` : ''}
            <br />
            <small class="clock-rule">{clock.rule}</small>
          </li>
        ))}
      </ul>
    </section>
  );
};
