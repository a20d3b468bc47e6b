import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import french from '../../public/_locales/fr/messages.json';
import type { ReportBatchResponse } from '../contract';
import { validateImportRow } from '../shared-rules';
import type { ReportV1 } from '../contract';
import { batchRows, dryRunSummary, parseCsv, planUpload, readUploadFile, runUpload } from './upload';

const csv = [
  'url,category,title,urgent,sub_tags',
  'https://t.me/s/chan/1,recruitment,"Join us, brothers",yes,nasheed;call',
  'https://t.me/s/chan/2,propaganda,"a ""quoted""',
  'multi-line title",no,',
  'https://t.me/s/chan/1?utm_source=x,recruitment,Same content again,,',
  'https://t.me/s/chan/1,recruitment,"Join us, brothers",yes,nasheed;call',
  'not a url,recruitment,,,',
  'https://t.me/s/chan/3,bogus,,,',
  '',
].join('\r\n');

/** Answers as the API does: each id accepted the first time, a retry afterwards. */
const fakeApi = () => {
  const seen = new Set<string>();
  return vi.fn(async (reports: ReportV1[]): Promise<ReportBatchResponse> => {
    const results = reports.map((report, index) => {
      const firstSeen = !seen.has(report.submissionId);
      seen.add(report.submissionId);
      return { index, status: 'accepted' as const, submissionId: report.submissionId, firstSeen };
    });
    return { counts: { accepted: results.length, processed: 0, rejected: 0, failed: 0 }, results };
  });
};

describe('CSV reading (RFC 4180)', () => {
  it('keeps commas, doubled quotes and line breaks inside quotes, and numbers records by their first line', () => {
    const { records, problems } = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,row');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('reports a quote that never closes with the line it opened on', () => {
    expect(parseCsv('a,b\n1,"open\n2,3').problems).toEqual([{ line: 2, message: 'unreadable CSV: a quoted field is never closed' }]);
  });

  it("says what is wrong with the file in the officer's language (French here)", () => {
    const english = fakeBrowser.i18n.getMessage;
    const messages: Record<string, { message: string }> = french;
    fakeBrowser.i18n.getMessage = ((key: string, values: string[] = []) => (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '')) as typeof fakeBrowser.i18n.getMessage;
    try {
      expect(parseCsv('a,b\n1,"open\n2,3').problems).toEqual([{ line: 2, message: "CSV illisible : un champ entre guillemets n'est jamais fermé" }]);
      expect(readUploadFile('x.csv', '')).toEqual({ ok: false, message: "le fichier est vide : une ligne d'en-tête nommant les colonnes est attendue" });
      expect(readUploadFile('x.csv', 'url,category,colour\n')).toMatchObject({ ok: false, message: expect.stringMatching(/^colonne\(s\) inconnue\(s\) colour ; colonnes admises : url, category/) });
      expect(readUploadFile('x.csv', 'url,title\n')).toEqual({ ok: false, message: "l'en-tête doit nommer au moins les colonnes url et category" });
      const read = readUploadFile('x.csv', 'url,category\nhttps://t.me/a,other,extra\n');
      expect(read.ok && read.file.unreadable).toEqual([{ line: 2, message: "2 champs attendus comme dans l'en-tête, 3 trouvés" }]);
    } finally {
      fakeBrowser.i18n.getMessage = english;
    }
  });

  it('refuses unknown columns and rows of the wrong width; reads NDJSON line by line', () => {
    expect(readUploadFile('x.csv', 'url,category,colour\n')).toMatchObject({ ok: false, message: expect.stringContaining('unknown column(s) colour') });
    const read = readUploadFile('x.csv', 'url,category\nhttps://t.me/a,other,extra\n');
    expect(read.ok && read.file.unreadable).toEqual([{ line: 2, message: 'expected 2 fields as in the header, found 3' }]);
    const ndjson = readUploadFile('dump.ndjson', '{"url":"https://t.me/a","category":"other"}\n\nnot json\n{"url":"x","colour":1}\n');
    expect(ndjson.ok && ndjson.file.rows).toEqual([{ line: 1, fields: { url: 'https://t.me/a', category: 'other' } }]);
    expect(ndjson.ok && ndjson.file.unreadable.map((p) => p.line)).toEqual([3, 4]);
  });
});

describe('upload planning', () => {
  it('gives each row the shared import helper’s deterministic id (unit + content, RFC 9562 v8 from SHA-256)', () => {
    const first = planUpload('day.csv', csv, 'eu-iru');
    const again = planUpload('day.csv', csv, 'eu-iru');
    const otherUnit = planUpload('day.csv', csv, 'fr-pharos');
    if (!first.ok || !again.ok || !otherUnit.ok) throw new Error('plan failed');
    const ids = first.plan.rows.map((row) => row.report.submissionId);
    expect(ids).toEqual(again.plan.rows.map((row) => row.report.submissionId));
    expect(ids.some((id) => otherUnit.plan.rows.some((row) => row.report.submissionId === id))).toBe(false);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The CLI (validateImportRow) derives the same id from the same row.
    const viaCli = validateImportRow({ line: 2, fields: { url: 'https://t.me/s/chan/1', category: 'recruitment', title: 'Join us, brothers', urgent: 'yes', sub_tags: 'nasheed;call' } }, 'eu-iru');
    expect(viaCli.ok && viaCli.report.submissionId).toBe(ids[0]);
  });

  it('dry run counts new content, duplicates and rejections with line numbers, sending nothing', () => {
    const planned = planUpload('day.csv', csv, 'eu-iru');
    if (!planned.ok) throw new Error(planned.message);
    const summary = dryRunSummary(planned.plan);
    expect(summary).toMatchObject({ dryRun: true, rows: 6, accepted: 2, duplicates: { total: 2, repeatInFile: 1, identicalRow: 1 } });
    expect(summary.rejected.map((r) => r.line)).toEqual([7, 8]);
    expect(summary.rejected[1]?.issues[0]?.path).toBe('category');
  });

  it('splits batches at the API limit and by size', () => {
    const planned = planUpload('day.csv', csv, 'eu-iru');
    if (!planned.ok) throw new Error(planned.message);
    const rows = Array.from({ length: 1_203 }, () => planned.plan.rows[0]!);
    expect(batchRows(rows).map((b) => b.length)).toEqual([500, 500, 203]);
    expect(batchRows(rows.slice(0, 10), 500, 300).every((b) => b.length <= 2)).toBe(true);
  });
});

describe('upload run', () => {
  it('sends in batches, and a re-upload after an interruption adds nothing twice', async () => {
    const lines = ['url,category', ...Array.from({ length: 1_100 }, (_, i) => `https://t.me/s/chan/${i},propaganda`)].join('\n');
    const planned = planUpload('big.csv', lines, 'eu-iru');
    if (!planned.ok) throw new Error(planned.message);
    const api = fakeApi();
    const stop = new AbortController();
    const progress: number[] = [];
    const interrupted = await runUpload(planned.plan, {
      sendBatch: async (reports) => {
        const answer = await api(reports);
        stop.abort();
        return answer;
      },
      signal: stop.signal,
      onProgress: (p) => progress.push(p.sent),
    });
    expect(progress).toEqual([0, 500]);
    expect(interrupted).toMatchObject({ accepted: 500, alreadyImported: 0 });
    expect(interrupted.notSent).toHaveLength(600);
    expect(interrupted.notSent[0]).toEqual({ line: 502, reason: 'upload stopped before this row was sent' });

    const resumed = await runUpload(planned.plan, { sendBatch: api });
    expect(api.mock.calls.map(([reports]) => reports.length)).toEqual([500, 500, 500, 100]);
    expect(resumed).toMatchObject({ accepted: 600, alreadyImported: 500, notSent: [], rejected: [] });
  });

  it('lists API rejections and failures by line, and stops at a refused batch', async () => {
    const planned = planUpload('day.csv', csv, 'eu-iru');
    if (!planned.ok) throw new Error(planned.message);
    const summary = await runUpload(planned.plan, {
      sendBatch: async (reports) => ({
        counts: { accepted: 1, processed: 0, rejected: 1, failed: 1 },
        results: [
          { index: 0, status: 'rejected', submissionId: reports[0]!.submissionId, code: 'conflict', issues: [{ path: 'submissionId', message: 'this submissionId belongs to another unit' }] },
          { index: 1, status: 'failed', submissionId: reports[1]!.submissionId, message: 'not queued; resend this report' },
          { index: 2, status: 'processed', submissionId: reports[2]!.submissionId },
        ],
      }),
    });
    expect(summary.rejected.map((r) => r.line)).toEqual([2, 7, 8]);
    expect(summary.notSent).toEqual([{ line: 3, reason: 'not queued; resend this report' }]);
    expect(summary.alreadyImported).toBe(1);
    const refused = await runUpload(planned.plan, { sendBatch: () => Promise.reject(new Error('forbidden (HTTP 403 forbidden)')) });
    expect(refused.notSent.map((r) => r.reason)).toEqual(['forbidden (HTTP 403 forbidden)', 'forbidden (HTTP 403 forbidden)', 'forbidden (HTTP 403 forbidden)']);
  });
});
