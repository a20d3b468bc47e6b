import { useEffect, useRef } from 'preact/hooks';
import { isTyping } from './ui/table-keys';
import { t, type MessageKey, type Translate } from '../i18n';
import type { DashboardSession } from './messages';
import type { DashboardPage } from './page';
import { AdminScreen } from './admin/admin-screen';
import { IncidentScreen } from './incidents/incident-screen';
import { IndicatorScreen } from './screens/indicator-screen';
import { LegalScreen } from './legal/legal-screen';
import { OrderScreen } from './screens/order-screen';
import { QueueScreen } from './screens/queue-screen';
import { ReportsScreen } from './screens/reports-screen';
import { SearchPanel } from './screens/search-panel';
import { TrendsScreen } from './screens/trends-screen';
import { roleKey } from './ui/code-names';
import { hrefFor, screensFor, useHashRoute, type ScreenId } from './ui/router';
import { UrgentBanner } from './ui/urgent-banner';
import { seesUrgentBanner } from './urgent-banner';

const screenNames: Record<ScreenId, MessageKey> = { queue: 'screenQueue', trends: 'screenTrends', reports: 'screenReports', indicators: 'screenIndicators', orders: 'screenOrders', incidents: 'screenIncidents', legal: 'legalScreenName', admin: 'screenAdmin' };

/** Who is signed in, as the token's claims say (the API checks the signature). */
export const describeSession = (session: DashboardSession, t: Translate): string =>
  session.signedIn
    ? `${session.roles.map((role) => t(roleKey(role))).join(', ') || t('sessionNoRole')}${session.unit !== undefined ? ` · ${t('sessionUnit', session.unit)}` : ''}${session.platforms.length > 0 && session.roles.every((r) => r === 'liaison') ? ` · ${t('sessionPlatforms', session.platforms.join(', '))}` : ''}`
    : t('notSignedIn');

/** The keyboard shortcuts, as the help (?) lists them. */
const shortcuts: readonly (readonly [string, MessageKey])[] = [
  ['j / k', 'shortcutMove'],
  ['Enter', 'shortcutOpen'],
  ['c', 'shortcutClaim'],
  ['a', 'shortcutAssign'],
  ['s', 'shortcutSend'],
  ['x', 'bulkShortcutSelect'],
  ['/', 'shortcutSearch'],
  ['?', 'shortcutHelp'],
];

interface AppProps {
  page: DashboardPage;
  session: DashboardSession;
  location: { hash: string };
  events: EventTarget;
  openSettings(): void;
}

/** The dashboard: a header with the screens this session may open, and the current screen. */
export const App = ({ page, session, location, events, openSettings }: AppProps) => {
  const allowed = screensFor(session.views);
  const screen = useHashRoute(allowed, location, events);
  useEffect(() => {
    page.doc.body.dataset.screen = screen ?? '';
  }, [screen, page]);
  const help = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const showHelp = (event: KeyboardEvent) => {
      if (event.key !== '?' || isTyping(event.target)) return;
      event.preventDefault();
      if (help.current?.open === false) help.current.showModal();
    };
    page.doc.addEventListener('keydown', showHelp);
    return () => page.doc.removeEventListener('keydown', showHelp);
  }, [page]);
  return (
    <>
      <header class="top">
        <h1>{t('appName')}</h1>
        <nav aria-label={t('navScreens')}>
          {allowed.map((id) => (
            <a key={id} href={hrefFor(id)} data-screen={id} aria-current={id === screen ? 'page' : undefined}>
              {t(screenNames[id])}
            </a>
          ))}
        </nav>
        <p id="session">{describeSession(session, t)}</p>
        <a
          id="open-settings"
          href="#"
          onClick={(event) => {
            event.preventDefault();
            openSettings();
          }}
        >
          {t('settings')}
        </a>
      </header>
      {session.signedIn && seesUrgentBanner(session.roles) ? <UrgentBanner page={page} /> : null}
      <p id="page-status" class="status" role="status" aria-live="polite"></p>
      <dialog id="shortcuts-help" ref={help} aria-labelledby="shortcuts-heading">
        <h2 id="shortcuts-heading">{t('shortcutsHeading')}</h2>
        <dl>
          {shortcuts.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(what)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={() => help.current?.close()}>
          {t('close')}
        </button>
      </dialog>
      {session.signedIn ? <SearchPanel page={page} /> : null}
      <main>
        {screen === 'queue' ? <QueueScreen key="queue" page={page} session={session} /> : null}
        {screen === 'trends' ? <TrendsScreen key="trends" page={page} /> : null}
        {screen === 'reports' ? <ReportsScreen key="reports" page={page} session={session} /> : null}
        {screen === 'indicators' ? <IndicatorScreen key="indicators" page={page} location={location} events={events} /> : null}
        {screen === 'orders' ? <OrderScreen key="orders" page={page} session={session} location={location} events={events} /> : null}
        {screen === 'incidents' ? <IncidentScreen key="incidents" page={page} session={session} location={location} events={events} /> : null}
        {screen === 'legal' ? <LegalScreen key="legal" page={page} session={session} location={location} events={events} /> : null}
        {screen === 'admin' ? <AdminScreen key="admin" page={page} session={session} /> : null}
        {screen === undefined ? <p>{t('nothingToShow')}</p> : null}
      </main>
    </>
  );
};
