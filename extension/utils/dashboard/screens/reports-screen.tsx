import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { UnitReportView } from '../../contract';
import type { DashboardSession } from '../messages';
import { categoryName } from '../ui/code-names';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { wireUploadPanel } from '../upload-panel';

/** A referred URL as inert text with a copy button: a stray click must not open terrorist content. */
export const InertUrl = ({ url, copy }: { url: string; copy(text: string): void }) => (
  <span class="inert-url">
    <code dir="auto">{url}</code>
    <button type="button" data-action="copy-url" onClick={() => copy(url)}>
      {t('copy')}
    </button>
  </span>
);

const reportColumns = (copy: (text: string) => void): Column<UnitReportView>[] => [
  { id: 'accepted', header: t('colAccepted'), cell: (r) => r.acceptedAt.replace('T', ' ').slice(0, 16), sortValue: (r) => r.acceptedAt },
  {
    id: 'content',
    header: t('colContent'),
    className: 'content',
    cell: (r) => (
      <>
        <div class="title" dir="auto">
          {r.title ?? t('noTitle')}
        </div>
        <InertUrl url={r.url} copy={copy} />
      </>
    ),
    sortValue: (r) => r.title,
  },
  { id: 'category', header: t('colCategory'), cell: (r) => categoryName(r.category), sortValue: (r) => r.category },
  { id: 'urgent', header: t('colUrgent'), cell: (r) => (r.urgent ? t('urgent') : ''), sortValue: (r) => (r.urgent ? 0 : 1) },
  { id: 'filed-by', header: t('colFiledBy'), cell: (r) => (r.mine ? t('filedByMe') : t('filedByUnit')), sortValue: (r) => (r.mine ? 0 : 1) },
];

/** The referrer's screen: the bulk upload above the unit's reports, which refresh after an upload. */
export const ReportsScreen = ({ page, session }: { page: DashboardPage; session: DashboardSession }) => {
  const [reports, setReports] = useState<UnitReportView[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [status, setStatus] = useState<{ text: string; error: boolean }>({ text: '', error: false });
  const cursorRef = useRef<string | undefined>(undefined);

  const load = useCallback(
    async (more: boolean) => {
      try {
        const answer = await page.ask('dashboard.reports', more && cursorRef.current !== undefined ? { cursor: cursorRef.current } : {});
        cursorRef.current = answer.nextCursor;
        setCursor(answer.nextCursor);
        setReports((shown) => {
          const next = more ? [...shown, ...answer.reports] : answer.reports;
          setStatus({ text: t('reportsCount', next.length, answer.unit), error: false });
          return next;
        });
      } catch (error) {
        setStatus({ text: error instanceof Error ? error.message : String(error), error: true });
      }
    },
    [page],
  );

  useEffect(() => {
    if (session.views.reports) void load(false);
  }, [load, session.views.reports]);

  return (
    <>
      {session.views.upload ? <UploadSection page={page} session={session} onUploaded={() => void load(false)} /> : null}
      {session.views.reports ? (
        <section id="reports-view" aria-labelledby="reports-heading">
          <h2 id="reports-heading">{t('reportsHeading')}</h2>
          <p id="reports-status" class={status.error ? 'status error' : 'status'} role="status" aria-live="polite">
            {status.text}
          </p>
          <DataTable
            label={t('reportsHeading')}
            className="reports"
            bodyId="report-rows"
            columns={reportColumns(page.copy)}
            rows={reports}
            rowKey={(r) => r.submissionId}
            rowData={(r) => ({ submissionId: r.submissionId })}
          />
          <button id="reports-more" type="button" hidden={cursor === undefined} onClick={() => void load(true)}>
            {t('more')}
          </button>
        </section>
      ) : null}
    </>
  );
};

const UploadSection = ({ page, session, onUploaded }: { page: DashboardPage; session: DashboardSession; onUploaded(): void }) => {
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;
  useEffect(() => wireUploadPanel(page, session, () => uploaded.current()), [page, session]);
  return (
    <section id="upload-view" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('uploadHeading')}</h2>
      <p class="hint">
        {t('uploadHint')}
      </p>
      <form id="upload-form" class="toolbar">
        <label>
          {t('uploadFile')} <input id="upload-file" type="file" accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson" required />
        </label>
        <label class="inline">
          <input id="upload-dry-run" type="checkbox" defaultChecked /> {t('uploadDryRun')}
        </label>
        <button id="upload-start" type="submit">
          {t('upload')}
        </button>
        <button id="upload-stop" type="button" disabled>
          {t('stop')}
        </button>
      </form>
      <progress id="upload-progress" hidden aria-label={t('uploadProgress')}></progress>
      <p id="upload-status" class="status" role="status" aria-live="polite"></p>
      <div id="upload-summary"></div>
      <ul id="upload-rejected" class="rejected"></ul>
    </section>
  );
};
