import { describe, expect, it } from 'vitest';
import { reportV1 } from '../../contract/report';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { outLinkReports, outLinkSubmissionId } from './out-links';

const beacon = reportV1.parse({
  submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11',
  url: 'https://t.me/beacon_channel/42',
  category: 'propaganda',
  subTags: ['video'],
  group: 'IS',
  urgent: true,
  legalRoute: 'removal_order',
  outLinks: [
    'https://archive.org/details/some-release_2026',
    'https://mega.nz/file/abcdEFGH#Zm9vYmFyYmF6cXV4cXV1eA',
    'drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view',
    'https://pixeldrain.com/u/jW9E6s4h',
    'https://gofile.io/d/k6BomI',
    'https://mega.nz/#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA',
    'https://t.me/s/beacon_channel/42',
    'https://127.0.0.1/x',
  ],
});

describe('outLinkReports', () => {
  it('makes one report per linked piece of content, posted in the post and tagged like it', () => {
    const { reports, skipped } = outLinkReports(beacon, 'telegram:post:beacon_channel/42');
    expect(reports.map((r) => canonicalizeUrl(r.url).ok && (canonicalizeUrl(r.url) as { value: { platform: string } }).value.platform)).toEqual(['archive-org', 'mega', 'google-drive', 'pixeldrain', 'gofile']);
    for (const report of reports) {
      expect(reportV1.parse(report)).toEqual(report);
      expect(report).toMatchObject({ postedIn: 'https://t.me/beacon_channel/42', category: 'propaganda', subTags: ['video'], group: 'IS', urgent: true, legalRoute: 'referral' });
    }
    // Without a scheme, https:// is assumed as for any reported URL.
    expect(reports[2]?.url).toBe('https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view');
    expect(skipped).toEqual([
      { url: 'https://mega.nz/#!abcdEFGH!Zm9vYmFyYmF6cXV4cXV1eA', reason: 'the same content as an earlier link' },
      { url: 'https://t.me/s/beacon_channel/42', reason: 'the post itself' },
      { url: 'https://127.0.0.1/x', reason: expect.stringContaining('non_public_host') },
    ]);
  });

  it('names the same child submissions for the same post, and others for another post', () => {
    const first = outLinkReports(beacon, 'telegram:post:beacon_channel/42').reports.map((r) => r.submissionId);
    expect(outLinkReports(beacon, 'telegram:post:beacon_channel/42').reports.map((r) => r.submissionId)).toEqual(first);
    expect(new Set(first).size).toBe(5);
    expect(outLinkSubmissionId('0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e12', 'gofile:content:k6BomI')).not.toBe(first[4]);
    for (const id of first) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('has nothing to do for a post without out-links', () => {
    expect(outLinkReports({ ...beacon, outLinks: undefined }, 'k')).toEqual({ reports: [], skipped: [] });
  });
});
