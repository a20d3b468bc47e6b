import { t } from '../../i18n';
import type { Column } from '../ui/data-table';
import { incidentHref } from '../ui/router';
import { utcMinute } from './incident-form';

interface ListedIncident {
  incidentId: string;
  name: string;
  startedAt: string;
  declaredByUnit: string;
}

/** The columns every list of incidents opens with, open or closed: its name (a link to its view) and its start. */
export const incidentNameColumns = <T extends ListedIncident>(): Column<T>[] => [
  {
    id: 'name',
    header: t('incidentName'),
    cell: (incident) => (
      <a href={incidentHref(incident.incidentId)} dir="auto">
        {incident.name}
      </a>
    ),
    sortValue: (incident) => incident.name,
  },
  { id: 'started', header: t('incidentStartedAt'), cell: (incident) => utcMinute(incident.startedAt), sortValue: (incident) => incident.startedAt },
];

/** Which unit declared the incident. */
export const incidentDeclaredColumn = <T extends ListedIncident>(): Column<T> => ({
  id: 'declared',
  header: t('incidentDeclaredBy'),
  cell: (incident) => incident.declaredByUnit,
  sortValue: (incident) => incident.declaredByUnit,
});
