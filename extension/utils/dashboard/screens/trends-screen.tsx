import { useEffect } from 'preact/hooks';
import type { DashboardPage } from '../page';
import { wireTrendsPanel } from '../trends-panel';

const countBy = [
  ['all', 'all referrals'],
  ['category', 'category'],
  ['platform', 'platform'],
  ['group', 'group'],
  ['language', 'language'],
  ['priority', 'priority'],
  ['unit', 'unit'],
  ['outcome', 'outcome'],
] as const;

/** The analyst's trends: the chart and tables are drawn by trends-panel.ts and view.ts. */
export const TrendsScreen = ({ page }: { page: DashboardPage }) => {
  useEffect(() => wireTrendsPanel(page), [page]);
  return (
    <section id="trends-view" aria-labelledby="trends-heading">
      <h2 id="trends-heading">Trends</h2>
      <form id="trends-form" class="toolbar">
        <label>
          From <input id="trends-from" type="date" required />
        </label>
        <label>
          To <input id="trends-to" type="date" required />
        </label>
        <label>
          Count by
          <select id="trends-by" value="category">
            {countBy.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Per
          <select id="trends-interval">
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </label>
        <label>
          Chart
          <select id="trends-chart-kind">
            <option value="line">lines</option>
            <option value="bar">bars</option>
          </select>
        </label>
        <button id="trends-load" type="submit">
          Show
        </button>
        <button id="trends-export" type="button" disabled>
          Export CSV
        </button>
      </form>
      <p id="trends-status" class="status" role="status" aria-live="polite"></p>
      <div id="trend-chart" class="chart"></div>
      <p id="trend-empty" hidden>
        No referrals counted in this range.
      </p>
      <div id="trend-table-wrap" class="table-wrap"></div>
      <h3>Platforms: removal rate and time to action</h3>
      <div id="platform-stats" class="table-wrap"></div>
      <h3>Top recurring indicators</h3>
      <div id="indicator-stats" class="table-wrap"></div>
    </section>
  );
};
