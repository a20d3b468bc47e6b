import { t } from '../../i18n';
import type { DashboardSession } from '../messages';
import type { DashboardPage } from '../page';
import { PlatformChannelsPanel } from './platform-channels-panel';
import { TransparencyReportPanel } from './transparency-report-panel';
import { UnitSettingsForm } from './unit-settings-form';

/**
 * Administration (`#/admin`): what each part shows follows the roles its routes admit
 * (access-policy.ts), the union for an officer in several groups. The unit's settings are saved
 * by its admins (PUT /v1/units/{unit}/settings); the transparency report is read by analysts and
 * admins; platform channels by deployment admins. The API refuses whatever a forged claim would show.
 */
export const AdminScreen = ({ page, session }: { page: DashboardPage; session: DashboardSession }) => {
  const mayEditSettings = session.roles.includes('admin');
  const mayReport = session.roles.some((role) => role === 'admin' || role === 'analyst');
  const maySetChannels = session.roles.includes('deployment-admin');
  return (
    <section id="admin-view" aria-labelledby="admin-heading">
      <h2 id="admin-heading">{t('adminScreenHeading')}</h2>
      {(mayEditSettings || mayReport) && session.unit === undefined ? <p class="status">{t('adminNoUnit')}</p> : null}
      {mayEditSettings && session.unit !== undefined ? (
        <section id="admin-settings" aria-labelledby="admin-settings-heading">
          <h3 id="admin-settings-heading">{t('adminSettingsHeading', session.unit)}</h3>
          <UnitSettingsForm page={page} unit={session.unit} />
        </section>
      ) : null}
      {mayReport && session.unit !== undefined ? <TransparencyReportPanel page={page} /> : null}
      {maySetChannels ? <PlatformChannelsPanel page={page} /> : null}
    </section>
  );
};
