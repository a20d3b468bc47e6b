import { auditEvent, type Actor, type AuditEvent, type ReferralOutcome } from '../../contract/lifecycle';
import type { ApiErrorReason } from '../../contract/api-error';
import type { ReferralStatus } from '../../contract/responses';
import { utcDay } from '../referral-id';
import { bucketLabel, bucketOf } from '../trends/histogram';
import { claimDurationMs, isFinal, outcomeLabel, planTransition } from './transitions';

/** The lifecycle fields of a referral, as the store reads them back. */
export interface LifecycleRecord {
  referralId: string;
  platform: string;
  status: ReferralStatus;
  outcome?: string;
  version: number;
  deadlineAt?: string;
  firstReportedAt: string;
  sentAt?: string;
  closedAt?: string;
  claimedBy?: string;
  claimExpiresAt?: string;
  /** The colleague the referral was given to, and the unit that gave it. */
  assignee?: string;
  assigneeUnit?: string;
  deliveryId?: string;
  lastEvent?: Record<string, unknown>;
}

export interface LifecycleChange {
  referralId: string;
  platform: string;
  /** The write happens only if the referral is still in this status at this version. */
  expected: { status: ReferralStatus; version: number };
  set: Partial<Pick<LifecycleRecord, 'status' | 'outcome' | 'sentAt' | 'closedAt' | 'claimedBy' | 'claimExpiresAt' | 'assignee' | 'assigneeUnit' | 'deliveryId'>> & { statusChangedAt?: string };
  remove: ('claimedBy' | 'claimExpiresAt' | 'assignee' | 'assigneeUnit')[];
  /** Stored on the referral as `lastEvent` in the same write, then put as the audit item. */
  event: AuditEvent;
  /** Officers may not act over someone else's live claim. */
  claimGuard?: { officerId: string; nowIso: string };
}

/** What the lifecycle needs from storage; implemented by adapters/stores/lifecycle-store.ts. */
export interface LifecyclePort {
  get(referralId: string): Promise<LifecycleRecord | undefined>;
  /** One conditional write; false when the expectation (status, version, claim) no longer holds. */
  apply(change: LifecycleChange): Promise<boolean>;
  /** Idempotent: the audit item is keyed by version and never overwritten. */
  putAudit(event: AuditEvent): Promise<void>;
  /** Trend counter, exactly once per member (see CounterStore.countOnce). */
  countOnce(dimension: string, day: string, value: string, memberId: string): Promise<boolean>;
  /** The rule-of-law consequences of a change (legal hold on removal, order clocks, trusted flagger counters), derived from the stored record so retries repeat them safely. */
  afterChange?(record: LifecycleRecord): Promise<void>;
}

export type LifecycleFailure = {
  ok: false;
  status: 400 | 403 | 404 | 409;
  code: 'not_found' | 'conflict' | 'invalid_body' | 'forbidden';
  message: string;
  /** True when the referral changed between read and write: acting again on a fresh read may succeed. */
  raced?: boolean;
  /** Which of the situations a code covers this is (contract/api-error.ts), and the values its sentence names. */
  reason?: ApiErrorReason;
  params?: Record<string, string>;
};
export type LifecycleSuccess = { ok: true; record: LifecycleRecord; event?: AuditEvent; replayed: boolean };
export type LifecycleResult = LifecycleSuccess | LifecycleFailure;

const fail = (status: LifecycleFailure['status'], code: LifecycleFailure['code'], message: string, reason?: ApiErrorReason, params?: Record<string, string>): LifecycleFailure => ({
  ok: false,
  status,
  code,
  message,
  ...(reason ? { reason } : {}),
  ...(params ? { params } : {}),
});

const liveClaimOfOther = (record: LifecycleRecord, officerId: string, now: Date): boolean =>
  record.claimedBy !== undefined &&
  record.claimedBy !== officerId &&
  record.claimExpiresAt !== undefined &&
  Date.parse(record.claimExpiresAt) > now.getTime();

const parsedLastEvent = (record: LifecycleRecord): AuditEvent | undefined => {
  const parsed = auditEvent.safeParse(record.lastEvent);
  return parsed.success ? parsed.data : undefined;
};

/**
 * Everything that follows a state change: the audit item and, for final statuses, the
 * outcome counters and the time-to-action histogram. Derived only from the stored record,
 * so a retry after a crash between any two writes repeats exactly the same writes.
 */
export const completeChange = async (port: LifecyclePort, record: LifecycleRecord): Promise<void> => {
  const event = parsedLastEvent(record);
  if (event) await port.putAudit(event);
  // Preservation on removal (Regulation (EU) 2021/784 Art. 6), removal-order receipt and answer (Art. 3), trusted flagger counters.
  await port.afterChange?.(record);
  const label = outcomeLabel(record.status, record.outcome as ReferralOutcome | undefined);
  if (label === undefined || record.closedAt === undefined) return;
  const day = utcDay(record.closedAt);
  await port.countOnce('outcome', day, label, record.referralId);
  await port.countOnce('platform-outcome', day, `${record.platform}:${label}`, record.referralId);
  if (record.status === 'actioned') {
    // Time to action counts from delivery to the platform (or first report for manual channels without a send time).
    const startedAt = record.sentAt ?? record.firstReportedAt;
    const seconds = Math.max(0, (Date.parse(record.closedAt) - Date.parse(startedAt)) / 1000);
    await port.countOnce('tta', day, `${record.platform}:${bucketLabel(bucketOf(seconds))}`, record.referralId);
  }
};

/** The same request arriving again after it was applied (a client retry, a crash before the answer). */
const isOwnRetry = (record: LifecycleRecord, expectedVersion: number, matches: (event: AuditEvent) => boolean): boolean => {
  const event = parsedLastEvent(record);
  return record.version === expectedVersion + 1 && event !== undefined && matches(event);
};

const applyAndComplete = async (port: LifecyclePort, record: LifecycleRecord, change: LifecycleChange): Promise<LifecycleResult> => {
  // The referral's last change is audited again first (a no-op when it is): a crash between that
  // change and its audit event would otherwise lose the event once this change replaces it.
  const pending = parsedLastEvent(record);
  if (pending) await port.putAudit(pending);
  if (!(await port.apply(change))) {
    return { ...fail(409, 'conflict', 'the referral changed while you acted (another officer, the platform or the delivery stage); reload and retry', 'version_conflict'), raced: true };
  }
  const next = await port.get(record.referralId);
  if (!next) throw new Error(`referral ${record.referralId} vanished after an update`);
  await completeChange(port, next);
  return { ok: true, record: next, event: change.event, replayed: false };
};

export interface TransitionInput {
  referralId: string;
  to: ReferralStatus;
  outcome?: ReferralOutcome;
  note?: string;
  /** Officers pass the version they saw; platforms and stages act on the current one. */
  expectedVersion?: number;
  actor: Actor;
  now: Date;
  externalEventId?: string;
}

/**
 * One lifecycle transition: checked against the transition table, written as a single
 * conditional update on status and version (no lost updates when two people act at once),
 * moved to the new status queue, and audited.
 */
export const transitionReferral = async (port: LifecyclePort, input: TransitionInput): Promise<LifecycleResult> => {
  const record = await port.get(input.referralId);
  if (!record) return fail(404, 'not_found', 'no such referral');
  const sameRequest = (event: AuditEvent) =>
    event.action === 'transition' && event.to === input.to && event.outcome === input.outcome && event.actor.id === input.actor.id;
  if (input.expectedVersion !== undefined && record.version !== input.expectedVersion) {
    if (isOwnRetry(record, input.expectedVersion, sameRequest)) {
      await completeChange(port, record);
      return { ok: true, record, replayed: true };
    }
    return fail(409, 'conflict', `stale version: you saw version ${input.expectedVersion}, the referral is at ${record.version}; reload and retry`, 'version_conflict');
  }
  // A platform repeating an outcome it already reported is answered, not refused.
  if (input.actor.kind !== 'officer' && record.status === input.to && (record.outcome ?? undefined) === input.outcome) {
    await completeChange(port, record);
    return { ok: true, record, replayed: true };
  }
  const plan = planTransition({ from: record.status, to: input.to, actor: input.actor.kind, ...(input.outcome ? { outcome: input.outcome } : {}) });
  if (!plan.ok) {
    // Not allowed from this state is a conflict with the referral's state; a wrong outcome is a bad body.
    const stateful = plan.refusal.code === 'not_allowed' || plan.refusal.code === 'actor_not_allowed';
    return stateful ? fail(409, 'conflict', plan.refusal.message) : fail(400, 'invalid_body', plan.refusal.message);
  }
  if (input.actor.kind === 'officer' && liveClaimOfOther(record, input.actor.id, input.now)) {
    return fail(409, 'conflict', `another officer has claimed this referral until ${record.claimExpiresAt}`, 'claimed_by_other', { until: record.claimExpiresAt ?? '' });
  }
  const at = input.now.toISOString();
  const event: AuditEvent = {
    referralId: record.referralId,
    version: record.version + 1,
    action: 'transition',
    at,
    actor: input.actor,
    from: record.status,
    to: input.to,
    ...(plan.outcome ? { outcome: plan.outcome } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.externalEventId ? { externalEventId: input.externalEventId } : {}),
  };
  const final = isFinal(input.to);
  return applyAndComplete(port, record, {
    referralId: record.referralId,
    platform: record.platform,
    expected: { status: record.status, version: record.version },
    set: {
      status: input.to,
      statusChangedAt: at,
      ...(plan.outcome ? { outcome: plan.outcome } : {}),
      ...(input.to === 'sent' ? { sentAt: at } : {}),
      ...(final ? { closedAt: at } : {}),
    },
    // A closed referral needs no one working on it.
    remove: final ? ['claimedBy', 'claimExpiresAt'] : [],
    event,
    ...(input.actor.kind === 'officer' ? { claimGuard: { officerId: input.actor.id, nowIso: at } } : {}),
  });
};

export interface ClaimInput {
  referralId: string;
  expectedVersion: number;
  officer: Actor;
  now: Date;
  release?: boolean;
}

/** Claims (or releases) a referral for one liaison officer, so two people do not work the same one. */
export const claimReferral = async (port: LifecyclePort, input: ClaimInput): Promise<LifecycleResult> => {
  const record = await port.get(input.referralId);
  if (!record) return fail(404, 'not_found', 'no such referral');
  const action = input.release ? 'released' : 'claimed';
  if (record.version !== input.expectedVersion) {
    if (isOwnRetry(record, input.expectedVersion, (event) => event.action === action && event.actor.id === input.officer.id)) {
      await completeChange(port, record);
      return { ok: true, record, replayed: true };
    }
    return fail(409, 'conflict', `stale version: you saw version ${input.expectedVersion}, the referral is at ${record.version}; reload and retry`, 'version_conflict');
  }
  if (isFinal(record.status)) return fail(409, 'conflict', `the referral is ${record.status}; there is nothing left to claim`);
  if (liveClaimOfOther(record, input.officer.id, input.now)) {
    return fail(409, 'conflict', `another officer has claimed this referral until ${record.claimExpiresAt}`, 'claimed_by_other', { until: record.claimExpiresAt ?? '' });
  }
  if (input.release && record.claimedBy !== input.officer.id) return fail(409, 'conflict', 'you hold no claim on this referral');
  const at = input.now.toISOString();
  return applyAndComplete(port, record, {
    referralId: record.referralId,
    platform: record.platform,
    expected: { status: record.status, version: record.version },
    set: input.release ? {} : { claimedBy: input.officer.id, claimExpiresAt: new Date(input.now.getTime() + claimDurationMs).toISOString() },
    remove: input.release ? ['claimedBy', 'claimExpiresAt'] : [],
    event: { referralId: record.referralId, version: record.version + 1, action, at, actor: input.officer, from: record.status, to: record.status },
    claimGuard: { officerId: input.officer.id, nowIso: at },
  });
};

/**
 * A liaison officer asks for delivery to a webhook platform: the referral stays `new`
 * (it becomes `sent` when the platform accepted it) and gets a delivery id; the caller
 * then enqueues the delivery message. A retry returns the same delivery id.
 */
export const requestDelivery = async (
  port: LifecyclePort,
  input: { referralId: string; expectedVersion: number; officer: Actor; now: Date; deliveryId: string },
): Promise<LifecycleResult> => {
  const record = await port.get(input.referralId);
  if (!record) return fail(404, 'not_found', 'no such referral');
  if (record.version !== input.expectedVersion) {
    if (isOwnRetry(record, input.expectedVersion, (event) => event.action === 'delivery_requested' && event.actor.id === input.officer.id)) {
      await completeChange(port, record);
      return { ok: true, record, replayed: true };
    }
    return fail(409, 'conflict', `stale version: you saw version ${input.expectedVersion}, the referral is at ${record.version}; reload and retry`, 'version_conflict');
  }
  if (record.status !== 'new') return fail(409, 'conflict', `the referral is already ${record.status}`);
  if (liveClaimOfOther(record, input.officer.id, input.now)) {
    return fail(409, 'conflict', `another officer has claimed this referral until ${record.claimExpiresAt}`, 'claimed_by_other', { until: record.claimExpiresAt ?? '' });
  }
  const at = input.now.toISOString();
  return applyAndComplete(port, record, {
    referralId: record.referralId,
    platform: record.platform,
    expected: { status: record.status, version: record.version },
    set: { deliveryId: input.deliveryId },
    remove: [],
    event: { referralId: record.referralId, version: record.version + 1, action: 'delivery_requested', at, actor: input.officer, from: 'new', to: 'new' },
    claimGuard: { officerId: input.officer.id, nowIso: at },
  });
};

export interface AssignInput {
  referralId: string;
  expectedVersion: number;
  /** The officer giving the referral; the assignee is of their unit. */
  officer: Actor & { unit: string };
  /** The colleague, or undefined to take the referral back from whoever has it. */
  assignee?: string;
  now: Date;
}

/**
 * Gives a referral to a named colleague of the caller's unit, or takes it back. Unlike a claim it
 * does not expire and does not stop others acting: it says whose the referral is. An assignment
 * belongs to the unit that made it, so another unit can neither move nor end it (403 forbidden),
 * and assigning whom it already names changes nothing and writes nothing.
 */
export const assignReferral = async (port: LifecyclePort, input: AssignInput): Promise<LifecycleResult> => {
  const record = await port.get(input.referralId);
  if (!record) return fail(404, 'not_found', 'no such referral');
  const action = input.assignee === undefined ? 'unassigned' : 'assigned';
  if (record.version !== input.expectedVersion) {
    const sameRequest = (event: AuditEvent) => event.action === action && event.actor.id === input.officer.id && (input.assignee === undefined || event.assignee === input.assignee);
    if (isOwnRetry(record, input.expectedVersion, sameRequest)) {
      await completeChange(port, record);
      return { ok: true, record, replayed: true };
    }
    return fail(409, 'conflict', `stale version: you saw version ${input.expectedVersion}, the referral is at ${record.version}; reload and retry`, 'version_conflict');
  }
  if (record.assignee !== undefined && record.assigneeUnit !== input.officer.unit) {
    return fail(403, 'forbidden', 'an officer of another unit has this referral; only that unit may reassign it');
  }
  if (input.assignee === undefined && record.assignee === undefined) return fail(409, 'conflict', 'the referral is not assigned to anyone');
  if (input.assignee !== undefined && record.assignee === input.assignee) return { ok: true, record, replayed: true };
  if (input.assignee !== undefined && isFinal(record.status)) return fail(409, 'conflict', `the referral is ${record.status}; there is nothing left to assign`);
  const at = input.now.toISOString();
  return applyAndComplete(port, record, {
    referralId: record.referralId,
    platform: record.platform,
    expected: { status: record.status, version: record.version },
    set: input.assignee === undefined ? {} : { assignee: input.assignee, assigneeUnit: input.officer.unit },
    remove: input.assignee === undefined ? ['assignee', 'assigneeUnit'] : [],
    event: {
      referralId: record.referralId,
      version: record.version + 1,
      action,
      at,
      actor: input.officer,
      from: record.status,
      to: record.status,
      // Taking it back names whom it was taken from, so the trail reads without the previous event.
      assignee: input.assignee ?? record.assignee,
    },
  });
};
