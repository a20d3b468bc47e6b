import { useState } from 'preact/hooks';
import { transparencyReportKinds } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import type { DashboardPage } from '../page';
import type { TransparencyReportFile } from './admin-messages';

type Kind = (typeof transparencyReportKinds)[number];

const kindNames: Record<Kind, MessageKey> = { authority: 'adminReportKindAuthority', 'trusted-flagger': 'adminReportKindTrustedFlagger' };

/**
 * The unit's yearly transparency report: as competent authority (Regulation (EU) 2021/784 Art. 8)
 * or as trusted flagger (DSA Art. 22(3)). The API counts from its exact counters; the page shows
 * the Markdown as text and saves the Markdown or CSV the background fetched.
 */
export const TransparencyReportPanel = ({ page }: { page: DashboardPage }) => {
  const lastYear = new Date(page.now()).getUTCFullYear() - 1;
  const [year, setYear] = useState(String(lastYear));
  const [kind, setKind] = useState<Kind>('authority');
  const [report, setReport] = useState<{ markdown: TransparencyReportFile; csv: TransparencyReportFile } | undefined>();
  const [status, setStatus] = useState('');
  const [yearError, setYearError] = useState(false);
  const [busy, setBusy] = useState(false);

  const generate = () => {
    const asked = Number(year);
    const valid = Number.isInteger(asked) && asked >= 2022 && asked <= 2100;
    setYearError(!valid);
    if (!valid) return;
    setBusy(true);
    setStatus(t('adminReportGenerating'));
    void Promise.all([page.ask('dashboard.transparency-report', { year: asked, kind, format: 'md' }), page.ask('dashboard.transparency-report', { year: asked, kind, format: 'csv' })])
      .then(([markdown, csv]) => {
        setReport({ markdown, csv });
        setStatus(t('adminReportReady', t(kindNames[kind]), asked));
        page.doc.body.dataset.adminReportLoaded = String(page.now());
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  return (
    <section id="admin-report" aria-labelledby="admin-report-heading">
      <h3 id="admin-report-heading">{t('adminReportHeading')}</h3>
      <form
        id="admin-report-form"
        class="toolbar"
        aria-labelledby="admin-report-heading"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          generate();
        }}
      >
        <div class={yearError ? 'field invalid' : 'field'}>
          <label for="admin-report-year">{t('adminReportYear')}</label>
          <input
            id="admin-report-year"
            type="number"
            min={2022}
            max={2100}
            value={year}
            onInput={(event) => setYear(event.currentTarget.value)}
            {...(yearError ? { 'aria-invalid': true, 'aria-describedby': 'admin-report-year-error' } : {})}
          />
          {yearError ? (
            <p id="admin-report-year-error" class="field-error" role="alert">
              {t('adminReportYearInvalid')}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="admin-report-kind">{t('adminReportKind')}</label>
          <select id="admin-report-kind" value={kind} onChange={(event) => setKind(event.currentTarget.value === 'trusted-flagger' ? 'trusted-flagger' : 'authority')}>
            {transparencyReportKinds.map((value) => (
              <option key={value} value={value}>
                {t(kindNames[value])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" id="admin-report-generate" disabled={busy}>
          {t('adminReportGenerate')}
        </button>
      </form>
      <p id="admin-report-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      {report !== undefined ? (
        <>
          <div class="toolbar">
            <button type="button" id="admin-report-download-md" onClick={() => page.download(report.markdown.fileName, report.markdown.mediaType, report.markdown.content)}>
              {t('adminReportDownloadMd')}
            </button>
            <button type="button" id="admin-report-download-csv" onClick={() => page.download(report.csv.fileName, report.csv.mediaType, report.csv.content)}>
              {t('adminReportDownloadCsv')}
            </button>
          </div>
          {/* The report is text: shown as text, never as markup, whatever a unit's name holds. */}
          <pre id="admin-report-preview" class="report-preview" tabIndex={0} aria-label={t('adminReportPreview')}>
            {report.markdown.content}
          </pre>
        </>
      ) : null}
    </section>
  );
};
