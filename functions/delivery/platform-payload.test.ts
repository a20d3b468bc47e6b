import { describe, expect, it } from 'vitest';
import { platformReferralV1 } from '../contract/lifecycle';
import { referralItem } from '../adapters/table/items';
import { retryDelaySeconds, toPlatformReferral } from './platform-payload';

const referral = referralItem.parse({
  pk: 'REF#ref_0123456789abcdef01234567',
  sk: 'META',
  entity: 'referral',
  referralId: 'ref_0123456789abcdef01234567',
  contentKey: 'x:status:1',
  canonicalUrl: 'https://x.com/i/status/1',
  url: 'https://x.com/a/status/1?s=20',
  platform: 'x',
  category: 'propaganda',
  legalRoute: 'removal_order',
  status: 'new',
  priority: 'P2',
  deadlineAt: '2026-03-01T11:00:00.000Z',
  units: new Set(['eu-iru', 'fr-pharos']),
  submissionIds: new Set(['0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e11']),
  reportCount: 2,
  firstReportedAt: '2026-03-01T10:00:00.000Z',
  lastReportedAt: '2026-03-01T10:05:00.000Z',
  labels: [
    { name: 'content-key', value: 'x:status:1', rule: 'canonical-url', evidence: ['https://x.com/a/status/1?s=20'] },
    { name: 'group', value: 'isis', rule: 'designated-group-alias', evidence: ['selected text quoted by officer.ana@eu-iru'] },
    { name: 'priority', value: 'P2', rule: 'removal-order-route', evidence: ['officer flagged'] },
  ],
  indicators: [{ type: 'btc', value: 'bc1qexample' }],
  gsi1pk: 'QUEUE#x#new',
  gsi1sk: 'P2#2026-03-01T10:00:00.000Z#ref_0123456789abcdef01234567',
  notes: 'internal only',
});

describe('what a platform receives', () => {
  it('carries location, category, priority, deadline and legal route, and nothing internal', () => {
    const payload = toPlatformReferral(referral, '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55', '2026-03-01T10:10:00.000Z');
    expect(platformReferralV1.parse(payload)).toEqual(payload);
    expect(payload).toMatchObject({ canonicalUrl: referral.canonicalUrl, priority: 'P2', deadlineAt: referral.deadlineAt, legalRoute: 'removal_order' });
    expect(payload.labels).toEqual([{ name: 'group', value: 'isis' }]);
    const text = JSON.stringify(payload);
    for (const secret of ['officer.ana', 'eu-iru', 'fr-pharos', 'internal only', 'bc1qexample', 'submission']) expect(text).not.toContain(secret);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20, 10)).toBe(900);
  });
});
