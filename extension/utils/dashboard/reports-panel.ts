import type { UnitReportView } from '../contract';
import { pageElement, type DashboardPage } from './page';
import { renderReports, showError, showStatus } from './view';

export interface ReportsPanel {
  /** The first page again (more: false), or the next page added below what is shown. */
  load(more: boolean): Promise<void>;
  /** Shows the first page and the "more" button. */
  wire(): void;
}

/** The referrer's view of their unit's reports, paged by the API's cursor. */
export const reportsPanel = (page: DashboardPage): ReportsPanel => {
  const { doc, ask } = page;
  let cursor: string | undefined;
  let shown: UnitReportView[] = [];

  const load = async (more: boolean): Promise<void> => {
    try {
      const answer = await ask('dashboard.reports', more && cursor !== undefined ? { cursor } : {});
      shown = more ? [...shown, ...answer.reports] : answer.reports;
      cursor = answer.nextCursor;
      renderReports(doc, shown, page.copy);
      pageElement(doc, 'reports-more').hidden = answer.nextCursor === undefined;
      showStatus(doc, 'reports-status', `${shown.length} report(s) of unit ${answer.unit}.`);
    } catch (error) {
      showError(doc, 'reports-status', error);
    }
  };

  return {
    load,
    wire: () => {
      pageElement(doc, 'reports-more').addEventListener('click', () => void load(true));
      void load(false);
    },
  };
};
