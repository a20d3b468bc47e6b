import { useEffect } from 'preact/hooks';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { wireTrendsPanel } from '../trends-panel';

const countBy = ['all', 'category', 'platform', 'group', 'language', 'priority', 'unit', 'outcome'] as const;

/** The analyst's trends: the chart and tables are drawn by trends-panel.ts and view.ts. */
export const TrendsScreen = ({ page }: { page: DashboardPage }) => {
  useEffect(() => wireTrendsPanel(page), [page]);
  return (
    <section id="trends-view" aria-labelledby="trends-heading">
      <h2 id="trends-heading">{t('trendsHeading')}</h2>
      <form id="trends-form" class="toolbar">
        <label>
          {t('from')} <input id="trends-from" type="date" required />
        </label>
        <label>
          {t('to')} <input id="trends-to" type="date" required />
        </label>
        <label>
          {t('countBy')}
          <select id="trends-by" value="category">
            {countBy.map((value) => (
              <option key={value} value={value}>
                {t(`by_${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('per')}
          <select id="trends-interval">
            <option value="day">{t('interval_day')}</option>
            <option value="week">{t('interval_week')}</option>
            <option value="month">{t('interval_month')}</option>
          </select>
        </label>
        <label>
          {t('chart')}
          <select id="trends-chart-kind">
            <option value="line">{t('chart_line')}</option>
            <option value="bar">{t('chart_bar')}</option>
          </select>
        </label>
        <button id="trends-load" type="submit">
          {t('show')}
        </button>
        <button id="trends-export" type="button" disabled>
          {t('exportCsv')}
        </button>
      </form>
      <p id="trends-status" class="status" role="status" aria-live="polite"></p>
      <div id="trend-chart" class="chart"></div>
      <p id="trend-empty" hidden>
        {t('trendEmpty')}
      </p>
      <div id="trend-table-wrap" class="table-wrap"></div>
      <h3>{t('platformStatsHeading')}</h3>
      <div id="platform-stats" class="table-wrap"></div>
      <h3>{t('indicatorsHeading')}</h3>
      <div id="indicator-stats" class="table-wrap"></div>
    </section>
  );
};
