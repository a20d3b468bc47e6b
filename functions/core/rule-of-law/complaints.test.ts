import { describe, expect, it } from 'vitest';
import { complaintClockView, decideComplaint, recordComplaint, recordReinstatement, type Complaint } from './complaints';
import type { Decision } from './legal-event';
import { complaintIncrements } from './lifecycle-effects';

const officer = { kind: 'officer' as const, id: 'officer.ana', unit: 'eu-iru' };
const receivedAt = '2026-05-04T12:00:00.000Z';
const at = (days: number) => new Date(Date.parse(receivedAt) + days * 86_400_000);
const changed = (decision: Decision<Complaint>): Complaint => {
  if (!decision.ok || !('next' in decision)) throw new Error(`expected a change: ${JSON.stringify(decision)}`);
  return decision.next;
};
const input = { referralId: 'ref_0123456789abcdef01234567', platform: 'x', unit: 'eu-iru', request: { platformComplaintId: 'C-77', receivedAt }, referralStatus: 'actioned' };

describe('complaints (Art. 10)', () => {
  it('walks a complaint to reinstatement with its two-week clock', () => {
    let complaint = changed(recordComplaint(undefined, input, officer, at(0)));
    expect(complaintClockView(complaint, at(13))).toMatchObject({ dueAt: '2026-05-18T12:00:00.000Z', state: 'running' });
    expect(complaintClockView(complaint, at(15)).state).toBe('overdue');
    complaint = changed(decideComplaint(complaint, { decision: 'upheld', decidedAt: at(9).toISOString(), reasoning: 'satire, not terrorist content' }, officer, at(9)));
    complaint = changed(recordReinstatement(complaint, at(10).toISOString(), officer, at(10)));
    expect(complaint).toMatchObject({ status: 'reinstated', version: 3 });
    expect(complaintClockView(complaint, at(30)).state).toBe('met');
    expect(complaintIncrements(complaint).map((i) => i.value)).toEqual(['eu-iru|received', 'eu-iru|upheld', 'eu-iru|decided-within-2w', 'eu-iru|reinstated']);
  });

  it('refuses reinstatement of a rejected complaint, and a complaint on content not removed', () => {
    const complaint = changed(recordComplaint(undefined, input, officer, at(0)));
    const rejected = changed(decideComplaint(complaint, { decision: 'rejected', decidedAt: at(20).toISOString(), reasoning: 'terrorist content' }, officer, at(20)));
    expect(recordReinstatement(rejected, at(21).toISOString(), officer, at(21))).toMatchObject({ ok: false, status: 409 });
    expect(complaintIncrements(rejected).map((i) => i.value)).toContain('eu-iru|decided-late');
    expect(recordComplaint(undefined, { ...input, referralStatus: 'declined' }, officer, at(0))).toMatchObject({ ok: false, rule: 'Regulation (EU) 2021/784 Art. 10(1)' });
  });
});
