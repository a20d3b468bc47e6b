import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../contract/lifecycle';
import { assignReferral, claimReferral, requestDelivery, transitionReferral, type LifecycleChange, type LifecyclePort, type LifecycleRecord } from './referral-lifecycle';

/** An in-memory port with the same conditional semantics as the DynamoDB adapter, and a crash switch. */
const memoryPort = (initial: LifecycleRecord) => {
  let record: LifecycleRecord = { ...initial };
  const audit = new Map<number, AuditEvent>();
  const counters = new Map<string, Set<string>>();
  let crashAfterApply = false;
  const port: LifecyclePort = {
    get: async (id) => (id === record.referralId ? structuredClone(record) : undefined),
    apply: async (change: LifecycleChange) => {
      if (record.status !== change.expected.status || record.version !== change.expected.version) return false;
      if (change.claimGuard && record.claimedBy && record.claimedBy !== change.claimGuard.officerId && (record.claimExpiresAt ?? '') > change.claimGuard.nowIso) return false;
      const next: LifecycleRecord = { ...record, ...change.set, version: change.event.version, lastEvent: change.event };
      for (const field of change.remove) delete next[field];
      record = next;
      if (crashAfterApply) {
        crashAfterApply = false;
        throw new Error('crash between the referral update and the audit write');
      }
      return true;
    },
    putAudit: async (event) => {
      if (!audit.has(event.version)) audit.set(event.version, event);
    },
    countOnce: async (dimension, day, value, member) => {
      const key = `${dimension}|${day}|${value}`;
      const members = counters.get(key) ?? new Set<string>();
      counters.set(key, members);
      if (members.has(member)) return false;
      members.add(member);
      return true;
    },
  };
  return { port, audit, counters, current: () => record, crashNextApply: () => (crashAfterApply = true) };
};

const base: LifecycleRecord = {
  referralId: 'ref_0123456789abcdef01234567',
  platform: 'x',
  status: 'new',
  version: 0,
  firstReportedAt: '2026-03-01T09:00:00.000Z',
};
const ana = { kind: 'officer' as const, id: 'liaison.ana', unit: 'eu-iru' };
const ben = { kind: 'officer' as const, id: 'liaison.ben', unit: 'eu-iru' };
const platform = { kind: 'platform' as const, id: 'x' };
const at = (minutes: number) => new Date(Date.parse('2026-03-01T10:00:00.000Z') + minutes * 60_000);

describe('referral lifecycle', () => {
  it('runs new -> sent -> acknowledged -> actioned with an audit event per version and counters once', async () => {
    const mem = memoryPort(base);
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'sent', expectedVersion: 0, actor: ana, now: at(0) })).toMatchObject({ ok: true });
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'acknowledged', actor: platform, now: at(1) })).toMatchObject({ ok: true });
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'actioned', outcome: 'removed', actor: platform, now: at(30) })).toMatchObject({ ok: true });
    expect(mem.current()).toMatchObject({ status: 'actioned', outcome: 'removed', version: 3, closedAt: at(30).toISOString(), sentAt: at(0).toISOString() });
    expect([...mem.audit.values()].map((e) => `${e.from}->${e.to}`)).toEqual(['new->sent', 'sent->acknowledged', 'acknowledged->actioned']);
    expect(mem.counters.get('outcome|2026-03-01|removed')?.size).toBe(1);
    expect(mem.counters.get('platform-outcome|2026-03-01|x:removed')?.size).toBe(1);
    // 30 minutes from sent: 1800 s falls in bucket 21 ([1448, 2048) s).
    expect(mem.counters.get('tta|2026-03-01|x:b21')?.size).toBe(1);
    // The platform repeating its callback changes nothing.
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'actioned', outcome: 'removed', actor: platform, now: at(31) })).toMatchObject({ ok: true, replayed: true });
    expect(mem.current().version).toBe(3);
  });

  it('refuses a stale version, a disallowed move and a wrong outcome, changing nothing', async () => {
    const mem = memoryPort(base);
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'sent', expectedVersion: 4, actor: ana, now: at(0) })).toMatchObject({ ok: false, status: 409 });
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'actioned', outcome: 'removed', expectedVersion: 0, actor: ana, now: at(0) })).toMatchObject({ ok: false, status: 409 });
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'already_gone', outcome: 'removed', expectedVersion: 0, actor: ana, now: at(0) })).toMatchObject({ ok: false, status: 400 });
    expect(await transitionReferral(mem.port, { referralId: 'ref_ffffffffffffffffffffffff', to: 'sent', expectedVersion: 0, actor: ana, now: at(0) })).toMatchObject({ ok: false, status: 404 });
    expect(mem.current()).toEqual(base);
    expect(mem.audit.size).toBe(0);
  });

  it('repairs the audit event when a crash fell between the referral update and the audit write', async () => {
    const mem = memoryPort(base);
    mem.crashNextApply();
    await expect(transitionReferral(mem.port, { referralId: base.referralId, to: 'already_gone', expectedVersion: 0, actor: ana, now: at(0) })).rejects.toThrow(/crash/);
    expect(mem.current().status).toBe('already_gone');
    expect(mem.audit.size).toBe(0);
    // The client retries the same request with the version it saw.
    const retry = await transitionReferral(mem.port, { referralId: base.referralId, to: 'already_gone', expectedVersion: 0, actor: ana, now: at(1) });
    expect(retry).toMatchObject({ ok: true, replayed: true });
    expect(mem.audit.get(1)).toMatchObject({ from: 'new', to: 'already_gone', actor: ana, at: at(0).toISOString() });
    expect(mem.counters.get('outcome|2026-03-01|already_gone')?.size).toBe(1);
  });

  it('lets one officer claim, keeps others off until it expires, and lets the claimer act', async () => {
    const mem = memoryPort(base);
    expect(await claimReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, now: at(0) })).toMatchObject({ ok: true });
    expect(await claimReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: ben, now: at(1) })).toMatchObject({ ok: false, status: 409 });
    expect(await transitionReferral(mem.port, { referralId: base.referralId, to: 'already_gone', expectedVersion: 1, actor: ben, now: at(1) })).toMatchObject({ ok: false, status: 409 });
    expect(await requestDelivery(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: ben, now: at(2), deliveryId: 'd1' })).toMatchObject({ ok: false, status: 409 });
    expect(mem.current().version).toBe(1);
    // A stale claim (someone acted since) is refused even for the claimer.
    expect(await claimReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ben, now: at(2) })).toMatchObject({ ok: false, status: 409 });
    // After 15 minutes the claim has lapsed.
    expect(await claimReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: ben, now: at(16) })).toMatchObject({ ok: true });
    expect(mem.current().claimedBy).toBe('liaison.ben');
    expect(await requestDelivery(mem.port, { referralId: base.referralId, expectedVersion: 2, officer: ben, now: at(17), deliveryId: 'd1' })).toMatchObject({ ok: true });
    expect(mem.current()).toMatchObject({ status: 'new', deliveryId: 'd1', version: 3 });
    expect(await claimReferral(mem.port, { referralId: base.referralId, expectedVersion: 3, officer: ben, now: at(18), release: true })).toMatchObject({ ok: true });
    expect(mem.current().claimedBy).toBeUndefined();
    expect([...mem.audit.values()].map((e) => e.action)).toEqual(['claimed', 'claimed', 'delivery_requested', 'released']);
  });
});

describe('assigning a referral to a colleague', () => {
  const paul = { kind: 'officer' as const, id: 'liaison.paul', unit: 'fr-pharos' };

  it('records the assignee with the assigning unit, audits it, and repeats nothing on a retry after a crash', async () => {
    const mem = memoryPort(base);
    mem.crashNextApply();
    await expect(assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, assignee: 'liaison.ben', now: at(0) })).rejects.toThrow('crash');
    // The client retries with the version it saw: the change is there, its audit event is put now.
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, assignee: 'liaison.ben', now: at(1) })).toMatchObject({ ok: true, replayed: true });
    expect(mem.current()).toMatchObject({ version: 1, assignee: 'liaison.ben', assigneeUnit: 'eu-iru' });
    expect([...mem.audit.values()]).toEqual([expect.objectContaining({ version: 1, action: 'assigned', assignee: 'liaison.ben', actor: ana, from: 'new', to: 'new' })]);
    // Whom it already names: nothing written.
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: ben, assignee: 'liaison.ben', now: at(2) })).toMatchObject({ ok: true, replayed: true });
    expect(mem.current().version).toBe(1);
  });

  it("lets only the assigning unit move or end an assignment, and refuses stale versions and empty take-backs", async () => {
    const mem = memoryPort(base);
    await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, assignee: 'liaison.ben', now: at(0) });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: paul, assignee: 'liaison.paul', now: at(1) })).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: paul, now: at(1) })).toMatchObject({ ok: false, status: 403 });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, assignee: 'liaison.ana', now: at(1) })).toMatchObject({ ok: false, status: 409 });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 1, officer: ben, now: at(2) })).toMatchObject({ ok: true, replayed: false });
    expect(mem.current()).not.toHaveProperty('assignee');
    expect(mem.audit.get(2)).toMatchObject({ action: 'unassigned', assignee: 'liaison.ben', actor: ben });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 2, officer: ben, now: at(3) })).toMatchObject({ ok: false, status: 409 });
    // Nobody has it: another unit may now give it to one of its own.
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 2, officer: paul, assignee: 'liaison.paul', now: at(4) })).toMatchObject({ ok: true });
    expect(mem.current()).toMatchObject({ assignee: 'liaison.paul', assigneeUnit: 'fr-pharos' });
  });

  it('does not assign a closed referral', async () => {
    const mem = memoryPort({ ...base, status: 'actioned', outcome: 'removed' });
    expect(await assignReferral(mem.port, { referralId: base.referralId, expectedVersion: 0, officer: ana, assignee: 'liaison.ben', now: at(0) })).toMatchObject({ ok: false, status: 409 });
  });
});
