import type { DeliveryMessageV1 } from '../contract/lifecycle';
import type { Stores } from '../adapters/create-stores';
import { signatureHeader, signWebhookBody } from '../adapters/webhook-signing';
import type { WebhookPost } from '../adapters/webhook-transport';
import { completeChange, transitionReferral } from '../core/lifecycle/referral-lifecycle';
import { requestUrgentDelivery, urgentDeliveryId } from '../core/lifecycle/urgent-delivery';
import { holdKeysOfReferral, isActive } from '../core/holds/operational-hold';
import { deliveryGate } from '../core/rule-of-law/four-eyes';
import type { ReferralItem } from '../adapters/table/items';
import { sameMediaLinks, toPlatformReferral } from './platform-payload';

export interface DeliveryDependencies {
  stores: Pick<Stores, 'referrals' | 'lifecycle' | 'deliveries' | 'channels' | 'operationalHolds' | 'unitSettings' | 'reviews'>;
  /** Checks the webhook URL and its resolved addresses again at each delivery (adapters/webhook-transport.ts). */
  post: WebhookPost;
  now: () => Date;
  /** Per request; the function has 10 s for a batch of up to 5 sent in parallel. */
  timeoutMs: number;
}

/**
 * How long a consumer posting an urgent delivery holds it: past the request timeout and the
 * writes after it, so only a consumer that crashed loses it to the next copy.
 */
const urgentPostLeaseMs = 30_000;

export type DeliveryOutcome =
  | { result: 'delivered'; httpStatus: number }
  | { result: 'skipped'; reason: string }
  | { result: 'failed'; error: string; httpStatus?: number }
  | { result: 'poison'; reason: string };

/**
 * Delivers one referral to its platform's webhook and records the attempt. On a 2xx the
 * referral becomes `sent` (audited, as the delivery stage); on anything else the caller
 * retries with backoff. Safe to repeat: a referral no longer `new` is not posted again.
 */
export const deliverReferral = async (message: DeliveryMessageV1, attempt: number, deps: DeliveryDependencies): Promise<DeliveryOutcome> => {
  const referral = await deps.stores.referrals.get(message.referralId);
  if (!referral) return { result: 'poison', reason: `referral ${message.referralId} does not exist` };
  if (referral.platform !== message.platform) return { result: 'poison', reason: `referral ${message.referralId} belongs to ${referral.platform}, not ${message.platform}` };
  if (message.urgent && message.deliveryId !== urgentDeliveryId(referral.referralId)) {
    return { result: 'poison', reason: `an urgent delivery of ${referral.referralId} carries its own delivery id ${urgentDeliveryId(referral.referralId)}, not ${message.deliveryId}` };
  }
  if (referral.status !== 'new') {
    // Delivered by an earlier attempt (or closed by hand): repair a missing audit event, post nothing.
    const record = await deps.stores.lifecycle.get(referral.referralId);
    if (record) await completeChange(deps.stores.lifecycle, record);
    return { result: 'skipped', reason: `referral is already ${referral.status}` };
  }
  const channel = await deps.stores.channels.get(referral.platform);
  if (message.urgent) {
    // No webhook set up yet: the liaison officers file it by hand, as for any referral of the platform.
    if (!channel) return { result: 'skipped', reason: `no webhook configured for ${referral.platform}` };
    const refused = await urgentDeliveryRefusal(referral, deps);
    if (refused) return { result: 'skipped', reason: refused };
    const request = await requestUrgentDelivery(deps.stores.lifecycle, { referralId: referral.referralId, deliveryId: message.deliveryId, now: deps.now() });
    if (request.action === 'skip') return { result: 'skipped', reason: request.reason };
    const claim = await deps.stores.deliveries.claimPost(referral.referralId, message.deliveryId, deps.now(), urgentPostLeaseMs);
    if (claim === 'posted') return finishUrgent(message, deps);
    if (claim === 'busy') return { result: 'failed', error: 'another consumer is posting this urgent delivery; retried after it' };
  }
  const urgent = message.urgent === true;
  const startedAt = deps.now();
  const record = async (outcome: { result: 'delivered' | 'failed'; httpStatus?: number; error?: string }) =>
    deps.stores.deliveries.record({
      referralId: referral.referralId,
      platform: referral.platform,
      deliveryId: message.deliveryId,
      attempt,
      at: startedAt.toISOString(),
      durationMs: Math.max(0, deps.now().getTime() - startedAt.getTime()),
      ...(urgent ? { urgent: true as const } : {}),
      ...outcome,
    });
  if (!channel) {
    const error = `no webhook configured for ${referral.platform}`;
    await record({ result: 'failed', error });
    return { result: 'failed', error };
  }
  const earlier = await Promise.all(sameMediaLinks(referral).map(({ referralId }) => deps.stores.referrals.get(referralId)));
  const body = JSON.stringify(toPlatformReferral(referral, message.deliveryId, startedAt.toISOString(), earlier.filter((item) => item !== undefined), { urgent }));
  const answer = await deps.post(channel.webhookUrl, {
    headers: { 'content-type': 'application/json', [signatureHeader]: signWebhookBody(channel.signingSecret, body, startedAt), 'x-referral-desk-delivery': message.deliveryId },
    body,
    timeoutMs: deps.timeoutMs,
  });
  if (!answer.ok) {
    await record({ result: 'failed', error: answer.error.slice(0, 500) });
    if (urgent) await deps.stores.deliveries.releasePost(referral.referralId, message.deliveryId);
    return { result: 'failed', error: answer.error };
  }
  const httpStatus = answer.status;
  if (httpStatus < 200 || httpStatus > 299) {
    await record({ result: 'failed', httpStatus, error: `platform answered ${httpStatus}` });
    if (urgent) await deps.stores.deliveries.releasePost(referral.referralId, message.deliveryId);
    return { result: 'failed', httpStatus, error: `platform answered ${httpStatus}` };
  }
  await record({ result: 'delivered', httpStatus });
  if (urgent) {
    await deps.stores.deliveries.markPosted(referral.referralId, message.deliveryId);
    await finishUrgent(message, deps);
    return { result: 'delivered', httpStatus };
  }
  const sent = await transitionReferral(deps.stores.lifecycle, { referralId: referral.referralId, to: 'sent', actor: { kind: 'system', id: 'delivery' }, now: deps.now() });
  // Someone closed it meanwhile (e.g. already_gone by hand): the platform has it, nothing to undo.
  if (!sent.ok && sent.status !== 409) throw new Error(`could not record delivery of ${referral.referralId}: ${sent.message}`);
  return { result: 'delivered', httpStatus };
};

/**
 * Why the pipeline may not send this P1 on its own, when it may not: what stops an officer's send
 * stops it too. An investigation's hold (any unit's: sending could tip off its target) and a unit's
 * four-eyes rule both leave it to the liaison officers, who are paged anyway; the page goes out.
 */
const urgentDeliveryRefusal = async (referral: ReferralItem, deps: DeliveryDependencies): Promise<string | undefined> => {
  const now = deps.now();
  const holds = (await deps.stores.operationalHolds.onTargets(holdKeysOfReferral(referral))).filter((hold) => isActive(hold, now));
  if (holds.length > 0) return `held by an investigation of ${[...new Set(holds.map((hold) => hold.unit))].join(', ')}: a liaison officer decides whether to send`;
  const requiring: string[] = [];
  for (const unit of referral.units) if ((await deps.stores.unitSettings.get(unit))?.fourEyes) requiring.push(unit);
  if (requiring.length === 0) return undefined;
  const gate = deliveryGate({ requiringUnits: requiring, reviews: await deps.stores.reviews.list(referral.referralId), referral: { version: referral.version, reportCount: referral.reportCount } });
  return gate.ok ? undefined : gate.message;
};

/**
 * After the platform accepted an urgent delivery (now, or before a crash): the referral becomes
 * `sent`, by the delivery stage as any delivered referral. A repeat finds it sent and repairs its audit.
 */
const finishUrgent = async (message: DeliveryMessageV1, deps: DeliveryDependencies): Promise<DeliveryOutcome> => {
  const sent = await transitionReferral(deps.stores.lifecycle, { referralId: message.referralId, to: 'sent', actor: { kind: 'system', id: 'delivery' }, now: deps.now() });
  // Someone closed it meanwhile (e.g. already_gone by hand): the platform has it, nothing to undo.
  if (!sent.ok && sent.status !== 409) throw new Error(`could not record delivery of ${message.referralId}: ${sent.message}`);
  return { result: 'skipped', reason: 'urgent delivery already posted' };
};
