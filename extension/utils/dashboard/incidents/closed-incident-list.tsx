import { useEffect, useState } from 'preact/hooks';
import type { IncidentListItem } from '../../contract';
import { base64ToBytes } from '../../bytes';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { incidentHref } from '../ui/router';
import { incidentDeclaredColumn, incidentNameColumns } from './incident-columns';
import { utcMinute } from './incident-form';

/**
 * The closed incidents under the open ones, newest close first, a page at a time: each opens its
 * view, and its debrief (frozen at the close) is saved from here, without knowing its link.
 */
export const ClosedIncidentList = ({ page }: { page: DashboardPage }) => {
  const [incidents, setIncidents] = useState<IncidentListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [status, setStatus] = useState(() => t('loading'));
  const [busy, setBusy] = useState(true);
  const [pages, setPages] = useState(0);
  const open = (id: string) => page.doc.defaultView?.location.assign(incidentHref(id));

  const load = (cursor: string | undefined, isCurrent: () => boolean = () => true) => {
    setBusy(true);
    void page
      .ask('dashboard.incidents', { status: 'closed', ...(cursor === undefined ? {} : { cursor }) })
      .then((answer) => {
        if (!isCurrent()) return;
        // A later page adds to the ones shown; the first replaces them.
        const all = cursor === undefined ? answer.incidents : [...incidents, ...answer.incidents];
        setIncidents(all);
        setStatus(all.length === 0 ? t('incidentsNoneClosed') : t('incidentsClosedCount', all.length));
        setNextCursor(answer.nextCursor);
        setPages((n) => n + 1);
      })
      .catch((error: unknown) => isCurrent() && setStatus(error instanceof Error ? error.message : String(error)))
      .finally(() => isCurrent() && setBusy(false));
  };

  useEffect(() => {
    let current = true;
    load(undefined, () => current);
    return () => {
      current = false;
    };
  }, [page]);

  useEffect(() => {
    if (pages > 0) page.doc.body.dataset.closedIncidentsLoaded = String(pages);
  }, [page, pages]);

  const debrief = (incident: IncidentListItem, format: 'md' | 'pdf') =>
    void page
      .ask('dashboard.incident-debrief', { incidentId: incident.incidentId, format })
      .then((file) => {
        page.download(file.fileName, file.mediaType, base64ToBytes(file.base64));
        setStatus(t('incidentDebriefSaved', file.fileName));
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)));

  const columns: Column<IncidentListItem>[] = [
    ...incidentNameColumns<IncidentListItem>(),
    { id: 'closed', header: t('incidentsClosedAtColumn'), cell: (incident) => utcMinute(incident.closedAt), sortValue: (incident) => incident.closedAt ?? '' },
    incidentDeclaredColumn<IncidentListItem>(),
    {
      id: 'debrief',
      header: t('incidentsDebriefColumn'),
      cell: (incident) =>
        incident.debrief === undefined ? null : (
          <span class="toolbar">
            <button type="button" data-action="debrief-md" aria-label={t('incidentsDebriefMdOf', incident.name)} onClick={() => debrief(incident, 'md')}>
              {t('incidentDebriefMd')}
            </button>
            <button type="button" data-action="debrief-pdf" aria-label={t('incidentsDebriefPdfOf', incident.name)} onClick={() => debrief(incident, 'pdf')}>
              {t('incidentDebriefPdf')}
            </button>
          </span>
        ),
    },
  ];

  return (
    <section id="incidents-closed" aria-labelledby="incidents-closed-heading">
      <h3 id="incidents-closed-heading">{t('incidentsClosedHeading')}</h3>
      <p id="incidents-closed-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <DataTable
        columns={columns}
        rows={incidents}
        rowKey={(incident) => incident.incidentId}
        rowData={(incident) => ({ incidentId: incident.incidentId })}
        onOpen={(incident) => open(incident.incidentId)}
        label={t('incidentsClosedHeading')}
        bodyId="closed-incident-rows"
      />
      {nextCursor === undefined ? null : (
        <button type="button" id="incidents-closed-more" disabled={busy} onClick={() => load(nextCursor)}>
          {t('incidentsClosedMore')}
        </button>
      )}
    </section>
  );
};
