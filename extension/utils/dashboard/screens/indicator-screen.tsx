import { useEffect, useRef, useState } from 'preact/hooks';
import { exportableIndicatorType, type IndicatorExportFormat, type IndicatorView } from '../../contract';
import { indicatorSourceName } from '../ui/code-names';
import { t } from '../../i18n';
import { indicatorTypes } from '../../shared-rules';
import { addDossier, emptyTrail } from '../money-trail/trail';
import { TrailGraph } from '../money-trail/trail-graph';
import { evidenceCallbacks, type DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { indicatorHref, useRouteParams } from '../ui/router';
import { renderEvidence, renderReferralDetail } from '../view';

type DossierRow = IndicatorView['dossierReferrals'][number];
type IndicatorType = (typeof indicatorTypes)[number];

const isIndicatorType = (type: string | undefined): type is IndicatorType => (indicatorTypes as readonly string[]).includes(type ?? '');

/**
 * An indicator's page (`#/indicators/<type>/<value>`): its dossier, its sanctions listings, its
 * referrals (each opens with its evidence), and the money trail of every indicator opened since
 * the trail was last cleared. Captured text (URLs, channels, excerpts) is shown as text only.
 */
export const IndicatorScreen = ({ page, location, events }: { page: DashboardPage; location: { hash: string }; events: EventTarget }) => {
  const params = useRouteParams(location, events);
  const [view, setView] = useState<IndicatorView | undefined>();
  const [rows, setRows] = useState<DossierRow[]>([]);
  const [status, setStatus] = useState(() => t('indicatorPrompt'));
  const trail = useRef(emptyTrail());
  const [trailVersion, setTrailVersion] = useState(0);
  const typeBox = useRef<HTMLSelectElement>(null);
  const valueBox = useRef<HTMLInputElement>(null);


  const [type, value] = params;
  useEffect(() => {
    if (!isIndicatorType(type) || value === undefined || value === '') return;
    let current = true;
    setStatus(t('loading'));
    void page
      .ask('dashboard.indicator', { type, value })
      .then((answer) => {
        if (!current) return;
        setView(answer);
        setRows(answer.dossierReferrals);
        if (answer.dossier) {
          addDossier(trail.current, answer.dossier);
          setTrailVersion((v) => v + 1);
        }
        setStatus(answer.dossier ? t('indicatorLoaded', answer.dossier.referrals) : t('indicatorNoDossier'));
        page.doc.body.dataset.indicatorLoaded = String(page.now());
      })
      .catch((error: unknown) => current && setStatus(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [type, value, page]);

  const more = (): void => {
    if (!view?.nextCursor || !isIndicatorType(type) || value === undefined) return;
    void page
      .ask('dashboard.indicator', { type, value, cursor: view.nextCursor })
      .then((answer) => {
        setRows((shown) => [...shown, ...answer.dossierReferrals]);
        setView((shown) => (shown ? { ...shown, ...(answer.nextCursor ? { nextCursor: answer.nextCursor } : { nextCursor: undefined }) } : shown));
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)));
  };

  const openReferral = (referralId: string): void => {
    const fail = (error: unknown) => setStatus(error instanceof Error ? error.message : String(error));
    void Promise.all([page.ask('dashboard.referral', { referralId }), page.ask('dashboard.evidence', { referralId })])
      .then(([detail, evidence]) => {
        const panel = page.doc.getElementById('indicator-detail');
        if (panel) panel.hidden = false;
        renderReferralDetail(page.doc, detail, page.copy, { panelId: 'indicator-detail' });
        renderEvidence(page.doc, evidence, evidenceCallbacks(page, referralId, fail), 'indicator-detail');
        if (panel) panel.dataset.referralId = referralId;
      })
      .catch(fail);
  };

  /** The dossier as a partner's file; another unit's hold answers with whom to call, shown as the status. */
  const exportAs = (format: IndicatorExportFormat): void => {
    const exportable = exportableIndicatorType.safeParse(type);
    if (!exportable.success || value === undefined) return;
    void page
      .ask('dashboard.indicator-export', { type: exportable.data, value, format })
      .then((file) => {
        page.download(file.fileName, file.mediaType, file.content);
        setStatus(t('indicatorExported', file.fileName));
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)));
  };

  const columns: Column<DossierRow>[] = [
    { id: 'first', header: t('firstReported'), cell: (row) => row.firstReportedAt.slice(0, 16).replace('T', ' '), sortValue: (row) => row.firstReportedAt },
    { id: 'platform', header: t('platform'), cell: (row) => row.platform, sortValue: (row) => row.platform },
    { id: 'channel', header: t('channel'), cell: (row) => <span dir="auto">{row.channel}</span>, sortValue: (row) => row.channel },
    { id: 'url', header: t('url'), cell: (row) => <code dir="auto">{row.url}</code> },
    { id: 'found', header: t('foundWhere'), cell: (row) => <span dir="auto">{[row.source === undefined ? undefined : indicatorSourceName(row.source), row.evidence].filter(Boolean).join(': ')}</span> },
    { id: 'priority', header: t('priorityColumn'), cell: (row) => row.priority, sortValue: (row) => row.priority },
    {
      id: 'open',
      header: t('open'),
      cell: (row) => (
        <button type="button" data-action="open" onClick={() => openReferral(row.referralId)}>
          {t('open')}
        </button>
      ),
    },
  ];

  const dossier = view?.dossier;
  return (
    <section id="indicators-view" aria-labelledby="indicators-heading">
      <h2 id="indicators-heading">{t('indicatorsScreenHeading')}</h2>
      <form
        id="indicator-form"
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const chosen = valueBox.current?.value.trim() ?? '';
          if (chosen !== '') page.doc.defaultView?.location.assign(indicatorHref(typeBox.current?.value ?? 'btc', chosen));
        }}
      >
        <label>
          {t('indicatorType')}
          <select id="indicator-type" ref={typeBox} value={isIndicatorType(type) ? type : 'btc'}>
            {indicatorTypes.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('indicatorValue')} <input id="indicator-value" ref={valueBox} value={value ?? ''} maxLength={200} required />
        </label>
        <button type="submit">{t('open')}</button>
        <button
          id="trail-clear"
          type="button"
          onClick={() => {
            trail.current = emptyTrail();
            if (dossier) addDossier(trail.current, dossier);
            setTrailVersion((v) => v + 1);
          }}
        >
          {t('trailClear')}
        </button>
      </form>
      <p id="indicators-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      {view ? (
        <>
          <h3 id="indicator-name">
            <code dir="auto">
              {view.type}: {view.value}
            </code>
          </h3>
          <div id="indicator-sanctions" class={view.sanctions && view.sanctions.length > 0 ? 'sanctions listed' : 'sanctions'}>
            {view.sanctions === undefined ? (
              <p>{t('sanctionsNotScreened')}</p>
            ) : view.sanctions.length === 0 ? (
              <p>{t('sanctionsNone')}</p>
            ) : (
              <ul>
                {view.sanctions.map((listing) => (
                  <li key={`${listing.list}#${listing.publishedOn}#${listing.entryId}`}>
                    {t('sanctionsListing', listing.list, listing.publishedOn, listing.entryId, listing.entryName)}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {dossier ? (
            <dl id="indicator-dossier" class="facts">
              <dt>{t('dossierReferrals')}</dt>
              <dd>{dossier.referrals}</dd>
              <dt>{t('dossierUnits')}</dt>
              <dd>{dossier.units.join(', ')}</dd>
              <dt>{t('dossierPlatforms')}</dt>
              <dd>{dossier.platforms.join(', ')}</dd>
              <dt>{t('dossierGroups')}</dt>
              <dd>{dossier.groups.join(', ') || '—'}</dd>
              <dt>{t('dossierCategories')}</dt>
              <dd>{dossier.categories.join(', ')}</dd>
              <dt>{t('dossierSeen')}</dt>
              <dd>
                {dossier.firstSeen?.slice(0, 10) ?? '—'} – {dossier.lastSeen?.slice(0, 10) ?? '—'}
              </dd>
            </dl>
          ) : null}
          {dossier && exportableIndicatorType.safeParse(view.type).success ? (
            <div id="indicator-exports" class="toolbar">
              <button id="indicator-export-misp" type="button" onClick={() => exportAs('misp')}>
                {t('indicatorExportMisp')}
              </button>
              <button id="indicator-export-stix" type="button" onClick={() => exportAs('stix')}>
                {t('indicatorExportStix')}
              </button>
              <button id="indicator-export-csv" type="button" onClick={() => exportAs('csv')}>
                {t('indicatorExportCsv')}
              </button>
            </div>
          ) : null}
          <h3>{t('trailHeading')}</h3>
          <TrailGraph trail={trail.current} version={trailVersion} />
          <h3>{t('dossierReferralsHeading')}</h3>
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(row) => row.referralId}
            rowData={(row) => ({ referralId: row.referralId })}
            onOpen={(row) => openReferral(row.referralId)}
            label={t('dossierReferralsHeading')}
            bodyId="indicator-referrals"
            empty={t('dossierNoReferrals')}
          />
          {view.nextCursor ? (
            <button id="indicator-more" type="button" onClick={more}>
              {t('more')}
            </button>
          ) : null}
          <aside id="indicator-detail" class="detail" aria-label={t('foundReferral')} hidden></aside>
        </>
      ) : null}
    </section>
  );
};
