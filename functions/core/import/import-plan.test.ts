import { describe, expect, it } from 'vitest';
import { validateImportRow } from './import-row';
import { planImport } from './import-plan';
import { readReferralFile } from './referral-file';
import { importSubmissionId } from './submission-id';

const row = (fields: Record<string, unknown>, line = 2) => ({ line, fields });

describe('importSubmissionId', () => {
  const report = { url: 'https://t.me/a/1', category: 'propaganda' as const, subTags: [], urgent: false, legalRoute: 'referral' as const };

  it('is a version 8 UUID that depends on unit and content only, not on key order', () => {
    const id = importSubmissionId('eu-iru', report);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importSubmissionId('eu-iru', { legalRoute: 'referral', urgent: false, subTags: [], category: 'propaganda', url: 'https://t.me/a/1' })).toBe(id);
    expect(importSubmissionId('fr-pharos', report)).not.toBe(id);
    expect(importSubmissionId('eu-iru', { ...report, title: 'x' })).not.toBe(id);
  });
});

describe('validateImportRow', () => {
  it('reads spreadsheet booleans and ;-separated tags, and defaults like the API', () => {
    const result = validateImportRow(row({ url: ' https://t.me/a/1 ', category: 'Propaganda', urgent: 'YES', sub_tags: 'video; arabic;', legal_route: '' }), 'eu-iru');
    expect(result).toMatchObject({ ok: true, idSource: 'derived', report: { url: 'https://t.me/a/1', category: 'propaganda', urgent: true, subTags: ['video', 'arabic'], legalRoute: 'referral' } });
  });

  it('names the column to fix, never a silent default', () => {
    const urgent = validateImportRow(row({ url: 'https://t.me/a/1', category: 'other', urgent: 'maybe' }), 'eu-iru');
    expect(urgent).toMatchObject({ ok: false, issues: [{ path: 'urgent' }] });
    const route = validateImportRow(row({ url: 'https://t.me/a/1', category: 'other', legal_route: 'email' }), 'eu-iru');
    expect(route).toMatchObject({ ok: false, issues: [{ path: 'legal_route' }] });
    const id = validateImportRow(row({ url: 'https://t.me/a/1', category: 'other', submission_id: '42' }), 'eu-iru');
    expect(id).toMatchObject({ ok: false, issues: [{ path: 'submission_id' }] });
  });

  it('takes the submission_id column when given', () => {
    const id = '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55';
    expect(validateImportRow(row({ url: 'https://t.me/a/1', category: 'other', submission_id: id }), 'eu-iru')).toMatchObject({ ok: true, idSource: 'column', report: { submissionId: id } });
  });
});

describe('planImport', () => {
  it('marks repeats of earlier content and identical rows, and rejects URLs the API would refuse', () => {
    const csv = [
      'url,category',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ,propaganda',
      'https://youtu.be/dQw4w9WgXcQ?si=abc,propaganda',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ,propaganda',
      'http://127.0.0.1/x,other',
      'javascript:alert(1),other',
    ].join('\n');
    const read = readReferralFile('x.csv', csv);
    if (!read.ok) throw new Error(read.message);
    const plan = planImport(read.file, 'eu-iru');
    expect(plan.rows.map((r) => [r.line, r.repeatsLine])).toEqual([
      [2, undefined],
      [3, 2],
    ]);
    expect(plan.identical).toEqual([{ line: 4, sameAsLine: 2, contentKey: 'youtube:video:dQw4w9WgXcQ' }]);
    expect(plan.rejected.map((r) => [r.line, r.issues[0]?.path])).toEqual([
      [5, 'url'],
      [6, 'url'],
    ]);
    expect(plan.totalRows).toBe(5);
  });

  it('takes a URL without a scheme as https://, sends that form and notes it on the row', () => {
    const read = readReferralFile('x.csv', ['url,category', 't.me/s/chan_name/12,propaganda', 'https://t.me/chan_name/12,propaganda'].join('\n'));
    if (!read.ok) throw new Error(read.message);
    const plan = planImport(read.file, 'eu-iru');
    expect(plan.rejected).toEqual([]);
    expect(plan.rows[0]).toMatchObject({ line: 2, contentKey: 'telegram:post:chan_name/12', report: { url: 'https://t.me/s/chan_name/12' }, notes: ['the URL had no scheme: https:// was assumed'] });
    expect(plan.rows[1]).toMatchObject({ line: 3, repeatsLine: 2 });
    expect(plan.rows[1]?.notes).toBeUndefined();
  });

  it('offers the refanged form of a defanged URL, and takes it only when asked to refang', () => {
    const text = ['url,category', 'hxxps://t[.]me/s/defanged_chan/12,propaganda', 'https://t.me/s/plain_chan/1,propaganda'].join('\n');
    const read = readReferralFile('x.csv', text);
    if (!read.ok) throw new Error(read.message);
    const offered = planImport(read.file, 'eu-iru');
    expect(offered.rows.map((r) => r.line)).toEqual([3]);
    expect(offered.rejected).toEqual([
      { line: 2, issues: [{ path: 'url', message: 'defanged URL; refanged it reads https://t.me/s/defanged_chan/12 (run with --refang to import it so)' }] },
    ]);
    const refanged = planImport(read.file, 'eu-iru', { refang: true });
    expect(refanged.rejected).toEqual([]);
    expect(refanged.rows[0]).toMatchObject({
      line: 2,
      contentKey: 'telegram:post:defanged_chan/12',
      report: { url: 'https://t.me/s/defanged_chan/12' },
      notes: ['refanged from hxxps://t[.]me/s/defanged_chan/12'],
    });
    // The row is the same report as the refanged URL typed by hand: the same submission id.
    const typed = readReferralFile('x.csv', ['url,category', 'https://t.me/s/defanged_chan/12,propaganda'].join('\n'));
    if (!typed.ok) throw new Error(typed.message);
    expect(planImport(typed.file, 'eu-iru').rows[0]?.report.submissionId).toBe(refanged.rows[0]?.report.submissionId);
  });

  it("reads parent_url as the post the row's content was linked from", () => {
    const read = readReferralFile('x.csv', ['url,category,parent_url', 'https://gofile.io/d/k6BomI,propaganda,t.me/beacon_channel/42', 'https://pixeldrain.com/u/jW9E6s4h,propaganda,'].join('\n'));
    if (!read.ok) throw new Error(read.message);
    const plan = planImport(read.file, 'eu-iru');
    expect(plan.rejected).toEqual([]);
    expect(plan.rows[0]?.report.postedIn).toBe('t.me/beacon_channel/42');
    expect(plan.rows[1]?.report).not.toHaveProperty('postedIn');
  });
});
