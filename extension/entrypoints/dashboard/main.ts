import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { browser } from 'wxt/browser';
import type { QueueItem, QueuePage } from '../../../functions/contract/lifecycle';
import { dryRunSummary, planUpload, runUpload } from '../../utils/dashboard-import';
import type { DashboardSession, StatsCounts } from '../../utils/dashboard-messages';
import { trendCsv, trendSeries, trendTable, xRange } from '../../utils/dashboard-trends';
import {
  renderProgress,
  renderQueue,
  renderEvidence,
  renderReferralDetail,
  renderReports,
  renderSession,
  renderTrends,
  renderUploadSummary,
  showError,
  showStatus,
  tickCountdowns,
  type EvidenceCallbacks,
} from '../../utils/dashboard-view';
import { base64ToBytes } from '../../utils/bytes';
import { sendMessage, type MessageName, type MessageRequest } from '../../utils/messaging';

// Every API call goes through the background, which alone holds the token (messaging.ts).
const ask = <N extends MessageName>(name: N, data: MessageRequest<N>) => sendMessage(browser.runtime, name, data);

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const copy = (text: string): void => void navigator.clipboard.writeText(text);

/** Saves what the background fetched; a blob URL of our own making, not a link to content. */
const download = (fileName: string, mediaType: string, content: string | Uint8Array): void => {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type: mediaType }));
  const anchor = Object.assign(document.createElement('a'), { href: url, download: fileName });
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Evidence bytes come from the background as base64 and are shown or saved from blob: URLs of our own. */
const evidenceCallbacks = (referralId: string): EvidenceCallbacks => {
  const bytesOf = (sha256: string) => ask('dashboard.evidence-bytes', { referralId, sha256 }).then((answer) => ({ ...answer, bytes: base64ToBytes(answer.base64) }));
  return {
    imageUrl: async (artifact) => {
      const { bytes, mediaType } = await bytesOf(artifact.sha256);
      return URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType }));
    },
    download: (artifact) =>
      void bytesOf(artifact.sha256)
        .then(({ bytes }) => download(`${artifact.kind}-${artifact.sha256.slice(0, 16)}.${artifact.kind === 'mhtml' ? 'mhtml' : 'bin'}`, 'application/octet-stream', bytes))
        .catch((error: unknown) => showError(document, 'queue-status', error)),
  };
};

let session: DashboardSession;

// ---- Queue (liaison) --------------------------------------------------------------------
const queue = { cursors: [] as (string | undefined)[], page: undefined as QueuePage | undefined };

const queueSelection = () => ({
  platform: byId<HTMLSelectElement>('queue-platform').value,
  status: byId<HTMLSelectElement>('queue-status-filter').value as QueuePage['status'],
});

const loadQueue = async (cursor: string | undefined): Promise<void> => {
  const { platform, status } = queueSelection();
  if (platform === '') {
    showStatus(document, 'queue-status', 'No platform assigned to this account.');
    return;
  }
  showStatus(document, 'queue-status', 'Loading…');
  try {
    const page = await ask('dashboard.queue', { platform, status, ...(cursor !== undefined ? { cursor } : {}) });
    queue.page = page;
    renderQueue(document, page, queueCallbacks, Date.now());
    showStatus(document, 'queue-status', `${page.items.length} referral(s) on this page, most urgent first.`);
    document.body.dataset.queueLoaded = String(Date.now());
  } catch (error) {
    showError(document, 'queue-status', error);
  }
};

const reloadQueue = () => loadQueue(queue.cursors.at(-1));

/** Runs one lifecycle action, then shows the queue as the API now has it (a 409 means someone else moved first). */
const act = (label: string, action: () => Promise<unknown>): void => {
  showStatus(document, 'queue-status', `${label}…`);
  void action()
    .then(() => reloadQueue())
    .then(() => showStatus(document, 'queue-status', `${label}: done.`))
    .catch(async (error: unknown) => {
      await reloadQueue();
      showError(document, 'queue-status', error);
    });
};

const queueCallbacks = {
  claim: (item: QueueItem, release: boolean) =>
    act(release ? 'Releasing' : 'Claiming', () => ask('dashboard.claim', { referralId: item.referralId, expectedVersion: item.version, release })),
  send: (item: QueueItem) => act('Sending', () => ask('dashboard.send', { referralId: item.referralId, expectedVersion: item.version })),
  transition: (item: QueueItem, to: QueueItem['status'], outcome: QueueItem['outcome']) =>
    act(`Marking ${to}`, () =>
      ask('dashboard.transition', { referralId: item.referralId, to, expectedVersion: item.version, ...(outcome !== undefined ? { outcome } : {}) }),
    ),
  open: (item: QueueItem) =>
    void ask('dashboard.referral', { referralId: item.referralId })
      .then(async (detail) => {
        renderReferralDetail(document, detail, copy);
        renderEvidence(document, await ask('dashboard.evidence', { referralId: item.referralId }), evidenceCallbacks(item.referralId));
      })
      .catch((error: unknown) => showError(document, 'queue-status', error)),
  copy,
};

const exportQueue = (format: 'csv' | 'ndjson'): void => {
  const { platform, status } = queueSelection();
  void ask('dashboard.export', { platform, status, format })
    .then((file) => {
      download(file.fileName, file.mediaType, file.content);
      showStatus(document, 'queue-status', file.truncated ? `Exported ${file.fileName} (first 5,000 rows: the API's export limit).` : `Exported ${file.fileName}.`);
    })
    .catch((error: unknown) => showError(document, 'queue-status', error));
};

const wireQueue = (): void => {
  const restart = () => {
    queue.cursors = [];
    void loadQueue(undefined);
  };
  byId('queue-platform').addEventListener('change', restart);
  byId('queue-status-filter').addEventListener('change', restart);
  byId('queue-first').addEventListener('click', restart);
  byId('queue-next').addEventListener('click', () => {
    const next = queue.page?.nextCursor;
    if (next === undefined) return;
    queue.cursors.push(next);
    void loadQueue(next);
  });
  byId('queue-form').addEventListener('submit', (event) => event.preventDefault());
  byId('queue-export-csv').addEventListener('click', () => exportQueue('csv'));
  byId('queue-export-ndjson').addEventListener('click', () => exportQueue('ndjson'));
  // Deadlines of removal orders are an hour: the countdown moves every second.
  setInterval(() => tickCountdowns(document, Date.now()), 1_000);
  restart();
};

// ---- Trends (analyst) -------------------------------------------------------------------
let chart: uPlot | undefined;
let lastCounts: StatsCounts | undefined;
const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#6b7280'];

const drawChart = (counts: StatsCounts): void => {
  const { data, labels } = trendSeries(trendTable(counts));
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

const loadTrends = async (): Promise<void> => {
  showStatus(document, 'trends-status', 'Loading…');
  try {
    const stats = await ask('dashboard.stats', {
      from: byId<HTMLInputElement>('trends-from').value,
      to: byId<HTMLInputElement>('trends-to').value,
      by: byId<HTMLSelectElement>('trends-by').value as StatsCounts['by'],
      interval: byId<HTMLSelectElement>('trends-interval').value as StatsCounts['interval'],
    });
    lastCounts = stats.counts;
    renderTrends(document, stats);
    drawChart(stats.counts);
    byId<HTMLButtonElement>('trends-export').disabled = false;
    showStatus(document, 'trends-status', `${stats.counts.from} to ${stats.counts.to}, by ${stats.counts.by} per ${stats.counts.interval}.`);
    document.body.dataset.trendsLoaded = String(Date.now());
  } catch (error) {
    showError(document, 'trends-status', error);
  }
};

const wireTrends = (): void => {
  const now = Date.now();
  byId<HTMLInputElement>('trends-from').value = utcDay(now - 30 * 86_400_000);
  byId<HTMLInputElement>('trends-to').value = utcDay(now);
  byId('trends-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadTrends();
  });
  for (const id of ['trends-by', 'trends-interval']) byId(id).addEventListener('change', () => void loadTrends());
  byId('trends-chart-kind').addEventListener('change', () => lastCounts && drawChart(lastCounts));
  byId('trends-export').addEventListener('click', () => {
    if (lastCounts) download(`trends-${lastCounts.by}-${lastCounts.interval}-${lastCounts.from}-${lastCounts.to}.csv`, 'text/csv', trendCsv(lastCounts));
  });
  void loadTrends();
};

// ---- Unit reports and bulk upload (referrer) ---------------------------------------------
const reports = { cursor: undefined as string | undefined, shown: [] as Awaited<ReturnType<typeof ask<'dashboard.reports'>>>['reports'] };

const loadReports = async (more: boolean): Promise<void> => {
  try {
    const page = await ask('dashboard.reports', more && reports.cursor !== undefined ? { cursor: reports.cursor } : {});
    reports.shown = more ? [...reports.shown, ...page.reports] : page.reports;
    reports.cursor = page.nextCursor;
    renderReports(document, reports.shown, copy);
    byId('reports-more').hidden = page.nextCursor === undefined;
    showStatus(document, 'reports-status', `${reports.shown.length} report(s) of unit ${page.unit}.`);
  } catch (error) {
    showError(document, 'reports-status', error);
  }
};

let uploadStop: AbortController | undefined;

const upload = async (): Promise<void> => {
  const file = byId<HTMLInputElement>('upload-file').files?.[0];
  if (!file) return;
  if (session.unit === undefined) throw new Error('this account has no unit: submission ids cannot be derived');
  const planned = planUpload(file.name, await file.text(), session.unit);
  if (!planned.ok) throw new Error(planned.message);
  if (byId<HTMLInputElement>('upload-dry-run').checked) {
    renderUploadSummary(document, dryRunSummary(planned.plan));
    showStatus(document, 'upload-status', `Checked ${file.name} (${planned.format}); nothing was sent.`);
    return;
  }
  uploadStop = new AbortController();
  byId<HTMLButtonElement>('upload-stop').disabled = false;
  try {
    const summary = await runUpload(planned.plan, {
      sendBatch: (batch) => ask('dashboard.import', { reports: batch }),
      onProgress: (progress) => renderProgress(document, progress),
      signal: uploadStop.signal,
    });
    renderUploadSummary(document, summary);
    void loadReports(false);
  } finally {
    byId<HTMLButtonElement>('upload-stop').disabled = true;
  }
};

const wireUpload = (): void => {
  byId('upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const start = byId<HTMLButtonElement>('upload-start');
    start.disabled = true;
    showStatus(document, 'upload-status', 'Reading the file…');
    void upload()
      .catch((error: unknown) => showError(document, 'upload-status', error))
      .finally(() => {
        start.disabled = false;
        document.body.dataset.uploadDone = String(Date.now());
      });
  });
  byId('upload-stop').addEventListener('click', () => uploadStop?.abort());
};

const main = async (): Promise<void> => {
  byId('open-settings').addEventListener('click', (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  session = await ask('dashboard.session', {});
  renderSession(document, session);
  if (session.views.queue) wireQueue();
  if (session.views.trends) wireTrends();
  if (session.views.reports) {
    byId('reports-more').addEventListener('click', () => void loadReports(true));
    void loadReports(false);
  }
  if (session.views.upload) wireUpload();
  document.body.dataset.ready = 'true';
};

main().catch((error: unknown) => showError(document, 'page-status', error));
