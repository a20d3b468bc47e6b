import { describe, expect, it, vi } from 'vitest';
import { createDashboardHandlers } from '../background-handlers';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${b64url({ alg: 'HS256' })}.${b64url({ 'cognito:groups': ['liaison'], 'custom:unit': 'eu-iru' })}.sig`;
const referralId = 'ref_0123456789abcdef01234567';
const complaintId = 'cmp_telegram_TG-77';
const handlersWith = (fetch: ReturnType<typeof vi.fn>) => createDashboardHandlers({ fetch: fetch as unknown as typeof globalThis.fetch, baseUrl: async () => 'http://api.test/', token: async () => token });
const complaint = {
  referralId,
  complaintId,
  platform: 'telegram',
  platformComplaintId: 'TG-77',
  receivedAt: '2026-12-01T10:00:00Z',
  status: 'upheld',
  decision: 'upheld',
  decidedAt: '2026-12-02T10:00:00Z',
  reasoning: 'Satire, not propaganda.',
  clock: { kind: 'tco-complaint', rule: 'Art. 10(2)', startedAt: '2026-12-01T10:00:00Z', dueAt: '2026-12-15T10:00:00Z', stoppedAt: '2026-12-02T10:00:00Z', state: 'met' },
  version: 2,
};
const call = (fetch: ReturnType<typeof vi.fn>, index = 0) => {
  const [url, init] = fetch.mock.calls[index] as unknown as [string, RequestInit];
  return [url, init.method, init.body];
};

describe('legal screen handlers (background)', () => {
  it('sends a hold, its release and a reinstatement to their routes with the body the page checked', async () => {
    const hold = { referralId, active: true, until: '2027-06-01T00:00:00Z', history: [{ action: 'extended', at: '2026-12-07T00:00:00.000Z', until: '2027-06-01T00:00:00Z', reason: 'Proceedings', unit: 'eu-iru' }], version: 1 };
    const fetch = vi.fn(async () => Response.json(hold));
    const handlers = handlersWith(fetch);
    expect(await handlers['dashboard.legal-extend-hold']({ referralId, body: { until: '2027-06-01T00:00:00Z', reason: 'Proceedings' } })).toEqual(hold);
    await handlers['dashboard.legal-release-hold']({ referralId, body: { reason: 'Case closed' } });
    expect(call(fetch, 0)).toEqual([`http://api.test/v1/referrals/${referralId}/hold`, 'POST', JSON.stringify({ until: '2027-06-01T00:00:00Z', reason: 'Proceedings' })]);
    expect(call(fetch, 1)).toEqual([`http://api.test/v1/referrals/${referralId}/hold/release`, 'POST', JSON.stringify({ reason: 'Case closed' })]);

    const reinstated = vi.fn(async () => Response.json({ ...complaint, status: 'reinstated', reinstatedAt: '2026-12-03T10:00:00Z', version: 3 }));
    expect((await handlersWith(reinstated)['dashboard.legal-reinstate']({ referralId, complaintId, body: { reinstatedAt: '2026-12-03T10:00:00Z' } })).status).toBe('reinstated');
    expect(call(reinstated)).toEqual([`http://api.test/v1/referrals/${referralId}/complaints/${complaintId}/reinstatement`, 'POST', JSON.stringify({ reinstatedAt: '2026-12-03T10:00:00Z' })]);
  });

  it("reads the complaints and the legal audit, and refuses an answer outside the contract", async () => {
    const fetch = vi.fn(async () => Response.json({ referralId, complaints: [complaint] }));
    expect((await handlersWith(fetch)['dashboard.legal-complaints']({ referralId })).complaints).toHaveLength(1);
    expect(call(fetch)).toEqual([`http://api.test/v1/referrals/${referralId}/complaints`, 'GET', undefined]);
    const audit = vi.fn(async () => Response.json({ referralId, events: [{ referralId, subject: 'hold', subjectId: 'hold', version: 1, action: 'extended', at: '2026-12-07T00:00:00.000Z', actor: { kind: 'officer', id: '(another unit)', unit: 'de-bka' } }] }));
    expect((await handlersWith(audit)['dashboard.legal-audit']({ referralId })).events[0]?.actor.unit).toBe('de-bka');
    const wrong = vi.fn(async () => Response.json({ referralId, complaints: [{ ...complaint, status: 'pending' }] }));
    await expect(handlersWith(wrong)['dashboard.legal-complaints']({ referralId })).rejects.toThrow(`the API's answer to /v1/referrals/${referralId}/complaints is not what the dashboard expects`);
  });

  it("passes on the API's refusal with the rule it names", async () => {
    const fetch = vi.fn(async () => Response.json({ error: { code: 'conflict', message: 'Regulation (EU) 2021/784 Art. 6(2): removed content is preserved for six months', rule: 'Regulation (EU) 2021/784 Art. 6(2)', reason: 'hold_statutory_period', params: { until: '2026-11-01T10:00:00.000Z' } } }, { status: 409 }));
    await expect(handlersWith(fetch)['dashboard.legal-release-hold']({ referralId, body: { reason: 'Done' } })).rejects.toThrow(
      'refused under Regulation (EU) 2021/784 Art. 6(2): removed content is preserved for six months, until 2026-11-01T10:00:00.000Z; a release cannot shorten that (HTTP 409 conflict)',
    );
  });
});
