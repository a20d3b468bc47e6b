import { describe, expect, it } from 'vitest';
import { reportV1 } from './report';

const valid = {
  submissionId: '0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11',
  url: 'https://t.me/s/example_channel/123',
  category: 'recruitment',
};

describe('reportV1', () => {
  it('accepts a minimal report and fills defaults', () => {
    const parsed = reportV1.parse(valid);
    expect(parsed.urgent).toBe(false);
    expect(parsed.legalRoute).toBe('referral');
    expect(parsed.subTags).toEqual([]);
  });

  it.each([
    ['javascript:alert(1)', 'only http and https'],
    ['data:text/html,hi', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    ['https://user:pw@example.com/', 'credentials'],
    ['not a url', 'valid absolute URL'],
  ])('rejects %s', (url, reason) => {
    const result = reportV1.safeParse({ ...valid, url });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(reason);
    expect(result.error?.issues[0]?.path).toEqual(['url']);
  });

  it.each(['t.me/s/chan/12', 'www.example.com/x', '//example.org/page', 'example.com:8080/x?y=1'])('accepts %s without a scheme (https:// is assumed)', (url) => {
    expect(reportV1.parse({ ...valid, url }).url).toBe(url);
  });

  it("accepts the page's declared language as a BCP 47 tag, and nothing else", () => {
    expect(reportV1.parse({ ...valid, pageLanguage: 'en-GB' }).pageLanguage).toBe('en-GB');
    expect(reportV1.parse({ ...valid, pageLanguage: 'ar' }).pageLanguage).toBe('ar');
    for (const pageLanguage of ['', 'english please', '<b>en</b>', 'e', `en-${'x'.repeat(40)}`]) {
      expect(reportV1.safeParse({ ...valid, pageLanguage }).success, pageLanguage).toBe(false);
    }
  });

  it('rejects unknown fields and categories', () => {
    expect(reportV1.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(reportV1.safeParse({ ...valid, category: 'spam' }).success).toBe(false);
  });
});
