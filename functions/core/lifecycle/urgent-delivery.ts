import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Actor } from '../../contract/lifecycle';
import { completeChange, type LifecyclePort, type LifecycleRecord } from './referral-lifecycle';

/** Who asks for an urgent delivery in the audit trail: the pipeline, on the P1 rule, not an officer. */
export const urgentDeliveryActor: Actor = { kind: 'system', id: 'urgent-delivery' };

/**
 * The one delivery id of a referral's urgent delivery (a UUIDv8 derived from the referral id):
 * every copy of the message, and every resend of it after a crash, names the same delivery, so
 * the referral records one request and the platform sees one delivery id.
 */
export const urgentDeliveryId = (referralId: string): string => {
  const hex = bytesToHex(sha256(utf8ToBytes(`urgent-delivery:${referralId}`))).slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export type UrgentRequest =
  | { action: 'deliver'; record: LifecycleRecord }
  /** Nothing to post: the referral left `new`, or an officer already asked for its delivery (which carries it). */
  | { action: 'skip'; reason: string };

/**
 * Records that the pipeline asks for the urgent delivery of a `new` referral: one audited change
 * (the delivery id set, no claim needed), written once. A repeat finds its own delivery id and
 * repairs a missing audit event; a referral an officer already sent or queued is left to that.
 */
export const requestUrgentDelivery = async (port: LifecyclePort, input: { referralId: string; deliveryId: string; now: Date }): Promise<UrgentRequest> => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const record = await port.get(input.referralId);
    if (!record) return { action: 'skip', reason: 'no such referral' };
    if (record.deliveryId === input.deliveryId) {
      await completeChange(port, record);
      return record.status === 'new' ? { action: 'deliver', record } : { action: 'skip', reason: `referral is already ${record.status}` };
    }
    if (record.status !== 'new') return { action: 'skip', reason: `referral is already ${record.status}` };
    if (record.deliveryId !== undefined) return { action: 'skip', reason: 'a liaison officer already asked for its delivery' };
    const applied = await port.apply({
      referralId: record.referralId,
      platform: record.platform,
      expected: { status: record.status, version: record.version },
      set: { deliveryId: input.deliveryId },
      remove: [],
      event: { referralId: record.referralId, version: record.version + 1, action: 'urgent_delivery_requested', at: input.now.toISOString(), actor: urgentDeliveryActor, from: 'new', to: 'new' },
    });
    // Lost a race with an officer (a claim, a note): read again and decide on what is there now.
    if (!applied) continue;
    const next = await port.get(input.referralId);
    if (!next) throw new Error(`referral ${input.referralId} vanished after an update`);
    await completeChange(port, next);
    return { action: 'deliver', record: next };
  }
  throw new Error(`referral ${input.referralId} kept changing while its urgent delivery was recorded; SQS retries`);
};
