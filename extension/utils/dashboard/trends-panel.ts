import uPlot from 'uplot';
import type { StatsCounts } from './messages';
import { pageElement, type DashboardPage } from './page';
import { trendCsv, trendSeries, trendTable, xRange } from './trends';
import { renderTrends, showError, showStatus } from './view';
import { t } from '../i18n';
import { trendValueName } from './ui/code-names';

const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#6b7280'];

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The analyst's trends: counts per period with a chart, removal figures per platform, recurring indicators. */
export const wireTrendsPanel = (page: DashboardPage): void => {
  const { doc, ask } = page;
  const byId = <T extends HTMLElement>(id: string) => pageElement<T>(doc, id);
  let chart: uPlot | undefined;
  let lastCounts: StatsCounts | undefined;

  const drawChart = (counts: StatsCounts): void => {
    const series = trendSeries(trendTable(counts));
    const { data } = series;
    // Shown in the officer's words; the rest of the values, summed, is "the rest", not a category.
    const labels = series.labels.map((label, i) => (series.rest && i === series.labels.length - 1 ? t('trendRest') : trendValueName(counts.by, label)));
    const container = byId('trend-chart');
    chart?.destroy();
    container.replaceChildren();
    if ((data[0]?.length ?? 0) === 0) return;
    const bars = byId<HTMLSelectElement>('trends-chart-kind').value === 'bar';
    const barPaths = uPlot.paths.bars?.({ size: [0.8 / Math.max(labels.length, 1), 64] });
    chart = new uPlot(
      {
        width: Math.max(container.clientWidth, 480),
        height: 300,
        scales: { x: { time: true, range: () => xRange(counts) }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [
          {},
          ...labels.map((label, i) => ({
            // Group names and other values come from officers' input: uPlot writes labels as text.
            label,
            stroke: palette[i % palette.length] ?? '#333',
            width: 2,
            ...(bars && barPaths ? { paths: barPaths, fill: `${palette[i % palette.length] ?? '#333333'}99` } : {}),
          })),
        ],
        axes: [{}, { label: 'referrals' }],
      },
      data as uPlot.AlignedData,
      container,
    );
  };

  const onScreen = (): boolean => doc.getElementById('trends-status') !== null;

  const load = async (): Promise<void> => {
    showStatus(doc, 'trends-status', t('loading'));
    try {
      const stats = await ask('dashboard.stats', {
        from: byId<HTMLInputElement>('trends-from').value,
        to: byId<HTMLInputElement>('trends-to').value,
        by: byId<HTMLSelectElement>('trends-by').value as StatsCounts['by'],
        interval: byId<HTMLSelectElement>('trends-interval').value as StatsCounts['interval'],
      });
      // The officer may have left the trends screen while the API answered: nothing to draw into.
      if (!onScreen()) return;
      lastCounts = stats.counts;
      renderTrends(doc, stats);
      drawChart(stats.counts);
      byId<HTMLButtonElement>('trends-export').disabled = false;
      showStatus(doc, 'trends-status', t('trendsRange', stats.counts.from, stats.counts.to, t(`by_${stats.counts.by}`), t(`interval_${stats.counts.interval}`)));
      doc.body.dataset.trendsLoaded = String(page.now());
    } catch (error) {
      if (onScreen()) showError(doc, 'trends-status', error);
    }
  };

  const now = page.now();
  byId<HTMLInputElement>('trends-from').value = utcDay(now - 30 * 86_400_000);
  byId<HTMLInputElement>('trends-to').value = utcDay(now);
  byId('trends-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  for (const id of ['trends-by', 'trends-interval']) byId(id).addEventListener('change', () => void load());
  byId('trends-chart-kind').addEventListener('change', () => lastCounts && drawChart(lastCounts));
  byId('trends-export').addEventListener('click', () => {
    if (lastCounts) page.download(`trends-${lastCounts.by}-${lastCounts.interval}-${lastCounts.from}-${lastCounts.to}.csv`, 'text/csv', trendCsv(lastCounts));
  });
  void load();
};
