import type { ComplaintDecisionRequest, ComplaintRequest } from '../../contract/rule-of-law';
import { clockView, isInFuture, type LegalClock } from './clocks';
import { refuse, type Decision, type LegalActor, type LegalEvent } from './legal-event';

/**
 * A content provider's complaint against a removal, forwarded by the platform
 * (Regulation (EU) 2021/784 Art. 10), its decision, and any reinstatement.
 */
export interface Complaint {
  referralId: string;
  complaintId: string;
  platform: string;
  platformComplaintId: string;
  receivedAt: string;
  /** The unit that answers for it: the order's issuing unit, else the recording officer's. */
  unit: string;
  summary?: string;
  status: 'open' | 'upheld' | 'rejected' | 'reinstated';
  decision?: 'upheld' | 'rejected';
  decidedAt?: string;
  reasoning?: string;
  reinstatedAt?: string;
  version: number;
}

/** One complaint id per platform complaint: the same complaint forwarded twice is recorded once. */
export const complaintIdFor = (platform: string, platformComplaintId: string): string =>
  `cmp_${platform}_${platformComplaintId}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 240);

const event = (complaint: Complaint, action: string, at: string, actor: LegalActor, details: Record<string, string>): LegalEvent => ({
  referralId: complaint.referralId,
  subject: 'complaint',
  subjectId: complaint.complaintId,
  version: complaint.version,
  action,
  at,
  actor,
  details,
});

export const recordComplaint = (
  existing: Complaint | undefined,
  input: { referralId: string; platform: string; unit: string; request: ComplaintRequest; referralStatus: string },
  actor: LegalActor,
  now: Date,
): Decision<Complaint> => {
  if (existing) {
    if (existing.receivedAt === input.request.receivedAt) return { ok: true, unchanged: existing };
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 10', `complaint ${input.request.platformComplaintId} was already recorded as received at ${existing.receivedAt}`);
  }
  if (input.referralStatus !== 'actioned') {
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 10(1)', `a complaint concerns removed or disabled content; this referral is ${input.referralStatus}`);
  }
  if (isInFuture(input.request.receivedAt, now)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 10', 'receipt cannot be in the future', [{ path: 'receivedAt', message: 'in the future' }], { reason: 'time_in_future' });
  const next: Complaint = {
    referralId: input.referralId,
    complaintId: complaintIdFor(input.platform, input.request.platformComplaintId),
    platform: input.platform,
    platformComplaintId: input.request.platformComplaintId,
    receivedAt: input.request.receivedAt,
    unit: input.unit,
    ...(input.request.summary ? { summary: input.request.summary } : {}),
    status: 'open',
    version: 1,
  };
  return { ok: true, next, event: event(next, 'received', now.toISOString(), actor, { receivedAt: next.receivedAt, platformComplaintId: next.platformComplaintId }) };
};

export const decideComplaint = (complaint: Complaint, request: ComplaintDecisionRequest, actor: LegalActor, now: Date): Decision<Complaint> => {
  if (complaint.decision === request.decision && complaint.decidedAt === request.decidedAt) return { ok: true, unchanged: complaint };
  if (complaint.status !== 'open') return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 10(2)', `the complaint was already decided (${complaint.status})`);
  if (Date.parse(request.decidedAt) < Date.parse(complaint.receivedAt)) {
    return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 10(2)', 'the decision cannot precede the complaint', [{ path: 'decidedAt', message: 'before receipt' }]);
  }
  if (isInFuture(request.decidedAt, now)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 10(2)', 'the decision cannot be in the future', [{ path: 'decidedAt', message: 'in the future' }], { reason: 'time_in_future' });
  const next: Complaint = { ...complaint, status: request.decision, decision: request.decision, decidedAt: request.decidedAt, reasoning: request.reasoning, version: complaint.version + 1 };
  return { ok: true, next, event: event(next, 'decided', now.toISOString(), actor, { decision: request.decision, decidedAt: request.decidedAt }) };
};

/** Art. 10(2): an upheld complaint means the content is reinstated (or access restored) without undue delay. */
export const recordReinstatement = (complaint: Complaint, reinstatedAt: string, actor: LegalActor, now: Date): Decision<Complaint> => {
  if (complaint.reinstatedAt === reinstatedAt) return { ok: true, unchanged: complaint };
  if (complaint.status !== 'upheld') {
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 10(2)', complaint.status === 'reinstated' ? `already reinstated at ${complaint.reinstatedAt}` : `only an upheld complaint leads to reinstatement; this one is ${complaint.status}`);
  }
  if (Date.parse(reinstatedAt) < Date.parse(complaint.decidedAt ?? complaint.receivedAt)) {
    return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 10(2)', 'reinstatement cannot precede the decision', [{ path: 'reinstatedAt', message: 'before the decision' }]);
  }
  if (isInFuture(reinstatedAt, now)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 10(2)', 'reinstatement cannot be in the future', [{ path: 'reinstatedAt', message: 'in the future' }], { reason: 'time_in_future' });
  const next: Complaint = { ...complaint, status: 'reinstated', reinstatedAt, version: complaint.version + 1 };
  return { ok: true, next, event: event(next, 'reinstated', now.toISOString(), actor, { reinstatedAt }) };
};

export const complaintClock = (complaint: Complaint): LegalClock => ({
  kind: 'tco-complaint',
  startedAt: complaint.receivedAt,
  ...(complaint.decidedAt ? { stoppedAt: complaint.decidedAt } : {}),
});

export const complaintClockView = (complaint: Complaint, now: Date) => clockView(complaintClock(complaint), now);
