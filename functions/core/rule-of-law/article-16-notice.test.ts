import { describe, expect, it } from 'vitest';
import { buildArticle16Notice, goodFaithStatement } from './article-16-notice';
import { dsaCategoryOf } from './dsa-mapping';
import { categories } from '../../contract/report';

describe('DSA Art. 16 notice', () => {
  const notice = buildArticle16Notice(
    {
      referralId: 'ref_0123456789abcdef01234567',
      platform: 'telegram',
      platformName: 'Telegram',
      url: 'https://t.me/s/example_channel/101',
      canonicalUrl: 'https://t.me/example_channel/101',
      category: 'recruitment',
      labels: [{ name: 'group', value: 'Example Group' }],
      firstReportedAt: '2026-03-02T09:00:00.000Z',
    },
    { unitName: 'EU Internet Referral Unit', contact: { name: 'EU IRU referrals desk', email: 'iru@europol.example' } },
  );

  it('carries the four Art. 16(2) elements and the unit as notifier', () => {
    expect(notice.formFields.explanation).toContain('Art. 2(7)(c)');
    expect(notice.formFields.exactUrl).toBe('https://t.me/s/example_channel/101');
    expect(notice.formFields.notifierEmail).toBe('iru@europol.example');
    expect(notice.formFields.goodFaithStatement).toBe(goodFaithStatement);
    expect(notice.emailBody).toMatch(/\(a\)[\s\S]*\(b\) Exact electronic location: https:\/\/t\.me\/s\/example_channel\/101[\s\S]*\(c\) Notifier[\s\S]*\(d\) I have a bona fide belief/);
    expect(notice.formFields.statementCategory).toBe('STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY');
  });

  it('maps every category to the public security statement category', () => {
    for (const category of categories) expect(dsaCategoryOf[category].statementCategory).toBe('STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY');
  });
});
