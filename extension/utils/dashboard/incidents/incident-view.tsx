import { useEffect, useState } from 'preact/hooks';
import { isRemoved, type IncidentDetail, type IncidentReferralRow, type PlatformFigures } from '../../contract';
import { base64ToBytes } from '../../bytes';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { statusWithOutcome } from '../ui/code-names';
import { hrefFor } from '../ui/router';
import { Field, invalidProps, ZodForm } from '../ui/zod-form';
import { incidentAdditionForm } from './incident-messages';
import { clockDuration, utcMinute } from './incident-form';

type HourRow = IncidentDetail['figures']['perHour'][number];

interface IncidentViewProps {
  page: DashboardPage;
  incidentId: string;
  mayClose: boolean;
  mayAdd: boolean;
}

const platformColumns = (): Column<PlatformFigures>[] => [
  { id: 'platform', header: t('platform'), cell: (row) => row.platform, sortValue: (row) => row.platform },
  { id: 'referrals', header: t('incidentReferrals'), cell: (row) => row.referrals, sortValue: (row) => row.referrals, className: 'number' },
  { id: 'reports', header: t('incidentReports'), cell: (row) => row.reports, sortValue: (row) => row.reports, className: 'number' },
  { id: 'notified', header: t('incidentNotified'), cell: (row) => row.notified, sortValue: (row) => row.notified, className: 'number' },
  { id: 'removed', header: t('incidentRemoved'), cell: (row) => row.removed, sortValue: (row) => row.removed, className: 'number' },
  { id: 'declined', header: t('incidentDeclined'), cell: (row) => row.declined, sortValue: (row) => row.declined, className: 'number' },
  { id: 'online', header: t('incidentStillOnline'), cell: (row) => row.stillOnline, sortValue: (row) => row.stillOnline, className: 'number' },
  { id: 'p50', header: t('incidentRemovalP50'), cell: (row) => clockDuration(row.p50Seconds), sortValue: (row) => row.p50Seconds ?? Number.POSITIVE_INFINITY, className: 'number' },
  { id: 'p90', header: t('incidentRemovalP90'), cell: (row) => clockDuration(row.p90Seconds), sortValue: (row) => row.p90Seconds ?? Number.POSITIVE_INFINITY, className: 'number' },
];

const hourColumns = (): Column<HourRow>[] => [
  { id: 'hour', header: t('incidentHour'), cell: (row) => utcMinute(row.hour), sortValue: (row) => row.hour },
  { id: 'reports', header: t('incidentReports'), cell: (row) => row.reports, sortValue: (row) => row.reports, className: 'number' },
  { id: 'urls', header: t('incidentNewUrls'), cell: (row) => row.referrals, sortValue: (row) => row.referrals, className: 'number' },
  { id: 'notified', header: t('incidentNotified'), cell: (row) => row.notified, sortValue: (row) => row.notified, className: 'number' },
];

const onlineColumns = (): Column<IncidentReferralRow>[] => [
  { id: 'first', header: t('firstReported'), cell: (row) => utcMinute(row.firstReportedAt), sortValue: (row) => row.firstReportedAt },
  { id: 'platform', header: t('platform'), cell: (row) => row.platform, sortValue: (row) => row.platform },
  // Captured content: the URL is shown as text, never as a link or markup.
  { id: 'url', header: t('url'), cell: (row) => <code dir="auto">{row.url}</code> },
  { id: 'priority', header: t('priorityColumn'), cell: (row) => row.priority, sortValue: (row) => row.priority },
  { id: 'status', header: t('incidentStatus'), cell: (row) => statusWithOutcome(row.status, row.outcome), sortValue: (row) => row.status },
  { id: 'sent', header: t('incidentSentAt'), cell: (row) => utcMinute(row.sentAt), sortValue: (row) => row.sentAt ?? '' },
  { id: 'referral', header: t('incidentReferralId'), cell: (row) => <code>{row.referralId}</code> },
];

/**
 * One incident as the crisis is run from it: its totals, each platform's response (notified,
 * removed, p50/p90 from notice to removal), reports and new URLs per hour, and what is still
 * online; an admin closes it, which freezes the debrief, and every officer saves the debrief.
 */
export const IncidentViewPanel = ({ page, incidentId, mayClose, mayAdd }: IncidentViewProps) => {
  const [detail, setDetail] = useState<IncidentDetail | undefined>();
  const [status, setStatus] = useState(() => t('loading'));
  const [reloads, setReloads] = useState(0);
  const fail = (error: unknown) => setStatus(error instanceof Error ? error.message : String(error));

  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.incident', { incidentId })
      .then((answer) => {
        if (!current) return;
        setDetail(answer);
        if (reloads === 0) setStatus(t('incidentLoaded', answer.figures.totals.referrals));
        page.doc.body.dataset.incidentLoaded = String(page.now());
      })
      .catch((error: unknown) => current && fail(error));
    return () => {
      current = false;
    };
  }, [page, incidentId, reloads]);

  const close = () => {
    setStatus(t('incidentClosing'));
    void page
      .ask('dashboard.close-incident', { incidentId })
      .then((closed) => {
        setStatus(t('incidentClosedDebrief', utcMinute(closed.debrief.generatedAt), closed.debrief.referrals));
        setReloads((n) => n + 1);
      })
      .catch(fail);
  };

  const debrief = (format: 'md' | 'pdf') =>
    void page
      .ask('dashboard.incident-debrief', { incidentId, format })
      .then((file) => {
        page.download(file.fileName, file.mediaType, base64ToBytes(file.base64));
        setStatus(t('incidentDebriefSaved', file.fileName));
      })
      .catch(fail);

  const add = ({ referralId }: { referralId: string }) =>
    void page
      .ask('dashboard.add-to-incident', { incidentId, referralId })
      .then((addition) => {
        setStatus(addition.added ? t('incidentAdded', referralId, addition.priority) : t('incidentAlreadyAdded', referralId));
        setReloads((n) => n + 1);
      })
      .catch(fail);

  const incident = detail?.incident;
  const totals = detail?.figures.totals;
  const stillOnline = detail?.referrals.filter((row) => !isRemoved(row)) ?? [];
  return (
    <>
      <p>
        <a id="incidents-back" href={hrefFor('incidents')}>
          {t('incidentsBack')}
        </a>
      </p>
      <p id="incident-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      {incident && totals && detail ? (
        <article id="incident-view" data-incident-id={incident.incidentId} data-status={incident.status} aria-labelledby="incident-heading">
          <h3 id="incident-heading" dir="auto">
            {incident.name}
          </h3>
          <dl class="facts" id="incident-facts">
            <dt>{t('incidentStatus')}</dt>
            <dd>{incident.status === 'open' ? t('incidentOpen') : t('incidentClosedAt', utcMinute(incident.closedAt))}</dd>
            <dt>{t('incidentStartedAt')}</dt>
            <dd>{utcMinute(incident.startedAt)}</dd>
            <dt>{t('incidentDeclaredBy')}</dt>
            <dd>{t('incidentDeclaredLine', utcMinute(incident.declaredAt), incident.declaredByUnit)}</dd>
          </dl>
          <div class="toolbar" id="incident-actions">
            {mayClose && incident.status === 'open' ? (
              <button id="incident-close" type="button" onClick={close}>
                {t('incidentClose')}
              </button>
            ) : null}
            <button id="incident-debrief-md" type="button" onClick={() => debrief('md')}>
              {incident.status === 'open' ? t('incidentInterimDebriefMd') : t('incidentDebriefMd')}
            </button>
            <button id="incident-debrief-pdf" type="button" onClick={() => debrief('pdf')}>
              {incident.status === 'open' ? t('incidentInterimDebriefPdf') : t('incidentDebriefPdf')}
            </button>
          </div>
          <h4>{t('incidentTotals')}</h4>
          <dl class="facts" id="incident-totals">
            <dt>{t('incidentReferrals')}</dt>
            <dd data-figure="referrals">{totals.referrals}</dd>
            <dt>{t('incidentReports')}</dt>
            <dd data-figure="reports">{totals.reports}</dd>
            <dt>{t('incidentNotified')}</dt>
            <dd data-figure="notified">{totals.notified}</dd>
            <dt>{t('incidentRemoved')}</dt>
            <dd data-figure="removed">{totals.removed}</dd>
            <dt>{t('incidentStillOnline')}</dt>
            <dd data-figure="still-online">{totals.stillOnline}</dd>
            <dt>{t('incidentRemovalP50')}</dt>
            <dd data-figure="p50">{clockDuration(totals.p50Seconds)}</dd>
            <dt>{t('incidentRemovalP90')}</dt>
            <dd data-figure="p90">{clockDuration(totals.p90Seconds)}</dd>
          </dl>
          <h4 id="incident-platforms-heading">{t('incidentPerPlatform')}</h4>
          <DataTable columns={platformColumns()} rows={detail.figures.perPlatform} rowKey={(row) => row.platform} rowData={(row) => ({ platform: row.platform })} label={t('incidentPerPlatform')} bodyId="incident-platform-rows" empty={t('incidentNoReferrals')} />
          <h4 id="incident-hours-heading">{t('incidentPerHour')}</h4>
          <DataTable columns={hourColumns()} rows={detail.figures.perHour} rowKey={(row) => row.hour} rowData={(row) => ({ hour: row.hour })} label={t('incidentPerHour')} bodyId="incident-hour-rows" empty={t('incidentNoReferrals')} />
          <h4 id="incident-online-heading">{t('incidentStillOnlineHeading')}</h4>
          {detail.referralsNotShown > 0 ? <p class="hint">{t('incidentNotShown', detail.referralsNotShown)}</p> : null}
          <DataTable columns={onlineColumns()} rows={stillOnline} rowKey={(row) => row.referralId} rowData={(row) => ({ referralId: row.referralId })} label={t('incidentStillOnlineHeading')} bodyId="incident-online-rows" empty={t('incidentNothingOnline')} />
          {mayAdd && incident.status === 'open' ? (
            <section id="incident-add" aria-labelledby="incident-add-heading">
              <h4 id="incident-add-heading">{t('incidentAddHeading')}</h4>
              <ZodForm
                id="incident-add-form"
                label={t('incidentAddHeading')}
                schema={incidentAdditionForm}
                read={(form) => ({ referralId: (form.elements.namedItem('referralId') as HTMLInputElement | null)?.value.trim() ?? '' })}
                onValid={add}
              >
                {(errors) => (
                  <>
                    <Field id="incident-add-referral" label={t('incidentReferralId')} error={errors['referralId']}>
                      <input id="incident-add-referral" name="referralId" maxLength={40} spellcheck={false} {...invalidProps('incident-add-referral', errors, 'referralId')} />
                    </Field>
                    <button type="submit" data-action="add-to-incident">
                      {t('incidentAdd')}
                    </button>
                  </>
                )}
              </ZodForm>
            </section>
          ) : null}
        </article>
      ) : null}
    </>
  );
};
