import { t } from '../../i18n';
import type { DashboardSession } from '../messages';
import type { DashboardPage } from '../page';
import { useRouteParams } from '../ui/router';
import { IncidentList } from './incident-list';
import { IncidentViewPanel } from './incident-view';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Crisis mode (`#/incidents`, `#/incidents/<id>`): the open incidents and the declaration form,
 * or one incident's view. The buttons follow the roles the API grants (access-policy.ts); the
 * API refuses whatever a forged claim would show.
 */
export const IncidentScreen = ({ page, session, location, events }: { page: DashboardPage; session: DashboardSession; location: { hash: string }; events: EventTarget }) => {
  const params = useRouteParams(location, events);
  const incidentId = params[0] !== undefined && uuidPattern.test(params[0]) ? params[0].toLowerCase() : undefined;
  const admin = session.roles.includes('admin');
  return (
    <section id="incidents-view" aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('incidentsScreenHeading')}</h2>
      {incidentId === undefined ? (
        <IncidentList key="list" page={page} mayDeclare={admin} />
      ) : (
        <IncidentViewPanel key={incidentId} page={page} incidentId={incidentId} mayClose={admin} mayAdd={session.roles.some((role) => role === 'referrer' || role === 'liaison' || role === 'admin')} />
      )}
    </section>
  );
};
