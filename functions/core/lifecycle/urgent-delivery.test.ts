import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { AuditEvent } from '../../contract/lifecycle';
import type { LifecycleChange, LifecyclePort, LifecycleRecord } from './referral-lifecycle';
import { requestUrgentDelivery, urgentDeliveryId } from './urgent-delivery';

/** The lifecycle port's conditional semantics in memory, with a switch to crash right after the referral write. */
const memoryPort = (initial: LifecycleRecord) => {
  let record: LifecycleRecord = { ...initial };
  const audit = new Map<number, AuditEvent>();
  let crashAfterApply = false;
  const port: LifecyclePort = {
    get: async (id) => (id === record.referralId ? structuredClone(record) : undefined),
    apply: async (change: LifecycleChange) => {
      if (record.status !== change.expected.status || record.version !== change.expected.version) return false;
      record = { ...record, ...change.set, version: change.event.version, lastEvent: change.event };
      if (crashAfterApply) {
        crashAfterApply = false;
        throw new Error('crash between the referral update and the audit write');
      }
      return true;
    },
    putAudit: async (event) => {
      if (!audit.has(event.version)) audit.set(event.version, event);
    },
    countOnce: async () => true,
  };
  return { port, audit, current: () => record, crashNextApply: () => (crashAfterApply = true) };
};

const referralId = 'ref_0123456789abcdef01234567';
const base: LifecycleRecord = { referralId, platform: 'x', status: 'new', version: 0, firstReportedAt: '2026-03-01T09:00:00.000Z' };
const now = new Date('2026-03-01T09:00:05.000Z');

describe('urgent delivery', () => {
  it('names one delivery per referral, as a UUID the delivery message accepts', () => {
    const id = urgentDeliveryId(referralId);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(urgentDeliveryId(referralId)).toBe(id);
    expect(urgentDeliveryId('ref_ffffffffffffffffffffffff')).not.toBe(id);
  });

  it('is asked for once, by the pipeline, without a claim; a repeat records nothing more', async () => {
    const mem = memoryPort({ ...base, claimedBy: 'liaison.lena', claimExpiresAt: '2026-03-01T09:10:00.000Z' });
    const deliveryId = urgentDeliveryId(referralId);
    expect(await requestUrgentDelivery(mem.port, { referralId, deliveryId, now })).toMatchObject({ action: 'deliver' });
    expect(await requestUrgentDelivery(mem.port, { referralId, deliveryId, now })).toMatchObject({ action: 'deliver' });
    expect(mem.current()).toMatchObject({ version: 1, deliveryId });
    expect([...mem.audit.values()]).toEqual([
      { referralId, version: 1, action: 'urgent_delivery_requested', at: now.toISOString(), actor: { kind: 'system', id: 'urgent-delivery' }, from: 'new', to: 'new' },
    ]);
  });

  it('repairs the audit event after a crash between the referral write and the audit write', async () => {
    const mem = memoryPort(base);
    const deliveryId = urgentDeliveryId(referralId);
    mem.crashNextApply();
    await expect(requestUrgentDelivery(mem.port, { referralId, deliveryId, now })).rejects.toThrow('crash');
    expect(mem.audit.size).toBe(0);
    expect(await requestUrgentDelivery(mem.port, { referralId, deliveryId, now })).toMatchObject({ action: 'deliver' });
    expect([...mem.audit.keys()]).toEqual([1]);
    expect(mem.current().version).toBe(1);
  });

  it('leaves a referral already sent, or one an officer already queued, to what is under way', async () => {
    const sent = memoryPort({ ...base, status: 'sent', version: 2 });
    expect(await requestUrgentDelivery(sent.port, { referralId, deliveryId: urgentDeliveryId(referralId), now })).toEqual({ action: 'skip', reason: 'referral is already sent' });
    const queued = memoryPort({ ...base, version: 1, deliveryId: '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55' });
    expect(await requestUrgentDelivery(queued.port, { referralId, deliveryId: urgentDeliveryId(referralId), now })).toMatchObject({ action: 'skip' });
    expect(queued.current().version).toBe(1);
    expect(sent.audit.size + queued.audit.size).toBe(0);
  });
});
