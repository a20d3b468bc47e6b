import type { ApiErrorReason, ApiIssue } from '../../contract/api-error';

/** Who changed a rule-of-law record: an officer (with unit), a platform, or a stage. */
export interface LegalActor {
  kind: 'officer' | 'platform' | 'system';
  id: string;
  unit?: string;
}

export const legalSubjects = ['order', 'hold', 'complaint', 'review', 'settings', 'clock', 'retention', 'evidence', 'report', 'operational-hold'] as const;
export type LegalSubject = (typeof legalSubjects)[number];

/** One audit event of a rule-of-law record; kept inside the unit (officer ids included). */
export interface LegalEvent {
  referralId: string;
  subject: LegalSubject;
  subjectId: string;
  /** The record's version after the change: audit items are keyed by it and never overwritten. */
  version: number;
  action: string;
  at: string;
  actor: LegalActor;
  details?: Record<string, string>;
}

/** A refusal names the rule it applies, so the caller can fix the request (nothing was changed). */
export interface Refusal {
  ok: false;
  status: 400 | 403 | 404 | 409;
  code: 'invalid_body' | 'forbidden' | 'conflict' | 'not_found';
  rule: string;
  message: string;
  issues?: ApiIssue[];
  /** Set where one code covers situations a client must tell apart (contract/api-error.ts). */
  reason?: ApiErrorReason;
  /** The values the reason's sentence names. */
  params?: Record<string, string>;
}

/** A decided change (`next` with its event) or the same request again (`unchanged`, answered as is). */
export type Decision<T> = { ok: true; next: T; event: LegalEvent } | { ok: true; unchanged: T } | Refusal;

export const refuse = (
  status: Refusal['status'],
  code: Refusal['code'],
  rule: string,
  message: string,
  issues?: ApiIssue[],
  detail: Pick<Refusal, 'reason' | 'params'> = {},
): Refusal => ({
  ok: false,
  status,
  code,
  rule,
  message: `${rule}: ${message}`,
  ...(issues ? { issues } : {}),
  ...(detail.reason ? { reason: detail.reason } : {}),
  ...(detail.params ? { params: detail.params } : {}),
});
