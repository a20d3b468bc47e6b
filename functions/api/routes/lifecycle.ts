import type { Context } from 'hono';
import { assignRequest } from '../../contract/assignment';
import { transitionRequest, versionedRequest, type DeliveryMessageV1 } from '../../contract/lifecycle';
import { assignReferral, claimReferral, requestDelivery, transitionReferral, type LifecycleResult } from '../../core/lifecycle/referral-lifecycle';
import { allow, limitBody, type ApiApp, type ApiDependencies, type ApiEnv } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';
import { auditEventSeenBy, escalationEventSeenBy } from '../audit-view';
import { auditVerificationV1 } from '../../contract/audit-verification';
import { verifyAuditTrails } from '../../core/audit-chain/verify-audit-trail';
import { openReferral, visibleReferral } from '../visible-referral';
import { holdRefusal } from '../hold-refusal';
import { isWebhookPlatform, officerActor, toLifecycleState } from './lifecycle-views';
import { fourEyesRefusal } from './rule-of-law';

const bodyLimit = limitBody(16 * 1024);

const answer = (c: Context<ApiEnv>, deps: ApiDependencies, result: LifecycleResult, delivery?: 'queued' | 'not_needed') =>
  result.ok
    ? c.json(toLifecycleState(result.record, c.get('principal'), deps.now(), delivery), delivery === 'queued' ? 202 : 200)
    : errorResponse(c, result.status, result.code, result.message, undefined, { ...(result.reason ? { reason: result.reason } : {}), ...(result.params ? { params: result.params } : {}) });

export const registerLifecycleRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/referrals/:id/claim', bodyLimit, async (c) => {
    const denied = allow(c, 'POST /v1/referrals/{id}/claim');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'POST /v1/referrals/{id}/claim');
    if (found.response) return found.response;
    const body = await readJsonBody(c, versionedRequest);
    if (!body.ok) return body.response;
    const result = await claimReferral(deps.stores.lifecycle, { referralId: found.referral.referralId, expectedVersion: body.data.expectedVersion, officer: officerActor(c.get('principal')), now: deps.now() });
    return answer(c, deps, result);
  });

  app.delete('/v1/referrals/:id/claim', bodyLimit, async (c) => {
    const denied = allow(c, 'DELETE /v1/referrals/{id}/claim');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'DELETE /v1/referrals/{id}/claim');
    if (found.response) return found.response;
    const body = await readJsonBody(c, versionedRequest);
    if (!body.ok) return body.response;
    const result = await claimReferral(deps.stores.lifecycle, { referralId: found.referral.referralId, expectedVersion: body.data.expectedVersion, officer: officerActor(c.get('principal')), now: deps.now(), release: true });
    return answer(c, deps, result);
  });

  // The assignee is recorded with the caller's unit: without an officer directory, "a colleague of my unit" is the caller's word.
  app.put('/v1/referrals/:id/assignee', bodyLimit, async (c) => {
    const opened = await openReferral(c, deps, 'PUT /v1/referrals/{id}/assignee', { body: assignRequest });
    if (opened.response) return opened.response;
    const { referral, body } = opened;
    const result = await assignReferral(deps.stores.lifecycle, { referralId: referral.referralId, expectedVersion: body.expectedVersion, officer: officerActor(c.get('principal')), assignee: body.officerId, now: deps.now() });
    return answer(c, deps, result);
  });

  app.delete('/v1/referrals/:id/assignee', bodyLimit, async (c) => {
    const opened = await openReferral(c, deps, 'DELETE /v1/referrals/{id}/assignee', { body: versionedRequest });
    if (opened.response) return opened.response;
    const { referral, body } = opened;
    const result = await assignReferral(deps.stores.lifecycle, { referralId: referral.referralId, expectedVersion: body.expectedVersion, officer: officerActor(c.get('principal')), now: deps.now() });
    return answer(c, deps, result);
  });

  app.post('/v1/referrals/:id/transitions', bodyLimit, async (c) => {
    const denied = allow(c, 'POST /v1/referrals/{id}/transitions');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'POST /v1/referrals/{id}/transitions');
    if (found.response) return found.response;
    const body = await readJsonBody(c, transitionRequest);
    if (!body.ok) return body.response;
    if (body.data.to === 'sent' && isWebhookPlatform(found.referral.platform)) {
      return errorResponse(c, 409, 'conflict', `${found.referral.platform} takes referrals by webhook: use POST /v1/referrals/{id}/send; it becomes sent when the platform accepts it`, undefined, {
        reason: 'webhook_platform',
        params: { platform: found.referral.platform },
      });
    }
    // A unit may require a second officer's approval before delivery (four-eyes).
    const unapproved = body.data.to === 'sent' ? await fourEyesRefusal(c, deps, found.referral) : undefined;
    if (unapproved) return unapproved;
    const result = await transitionReferral(deps.stores.lifecycle, {
      referralId: found.referral.referralId,
      to: body.data.to,
      expectedVersion: body.data.expectedVersion,
      actor: officerActor(c.get('principal')),
      now: deps.now(),
      ...(body.data.outcome ? { outcome: body.data.outcome } : {}),
      ...(body.data.note ? { note: body.data.note } : {}),
    });
    if (result.ok && !result.replayed) deps.log('info', 'referral transition', { referralId: result.record.referralId, to: result.record.status, version: result.record.version });
    return answer(c, deps, result);
  });

  app.post('/v1/referrals/:id/send', bodyLimit, async (c) => {
    const denied = allow(c, 'POST /v1/referrals/{id}/send');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'POST /v1/referrals/{id}/send');
    if (found.response) return found.response;
    const body = await readJsonBody(c, versionedRequest);
    if (!body.ok) return body.response;
    const { referral } = found;
    const officer = officerActor(c.get('principal'));
    const now = deps.now();
    // A unit may require a second officer's approval before delivery (four-eyes).
    const unapproved = await fourEyesRefusal(c, deps, referral);
    if (unapproved) return unapproved;
    // Another unit's investigation watches this content: sending it would tip off the target.
    const held = await holdRefusal(c, deps, referral, c.get('principal'), 'send');
    if (held) return held;
    if (!isWebhookPlatform(referral.platform)) {
      // Manual channel: the officer filed it through the platform's own form, so it is sent now.
      const result = await transitionReferral(deps.stores.lifecycle, { referralId: referral.referralId, to: 'sent', expectedVersion: body.data.expectedVersion, actor: officer, now });
      return answer(c, deps, result, 'not_needed');
    }
    const channel = await deps.stores.channels.get(referral.platform);
    if (!channel) {
      return errorResponse(c, 409, 'conflict', `no webhook is configured for ${referral.platform}; an admin sets it with PUT /v1/platforms/${referral.platform}/channel`, undefined, {
        reason: 'no_webhook_channel',
        params: { platform: referral.platform },
      });
    }
    if (!deps.deliveryQueueUrl) return errorResponse(c, 503, 'internal', 'delivery is not wired in this deployment');
    const result = await requestDelivery(deps.stores.lifecycle, { referralId: referral.referralId, expectedVersion: body.data.expectedVersion, officer, now, deliveryId: crypto.randomUUID() });
    if (!result.ok) return answer(c, deps, result);
    const message: DeliveryMessageV1 = {
      type: 'referral.delivery',
      version: 1,
      referralId: referral.referralId,
      platform: referral.platform,
      deliveryId: result.record.deliveryId ?? '',
      requestedAt: now.toISOString(),
    };
    // Sent after the referral records the request (and again on a retry): the delivery stage skips referrals already sent.
    await deps.queues.sendJson(deps.deliveryQueueUrl, message, { referralId: referral.referralId });
    deps.log('info', 'delivery requested', { referralId: referral.referralId, platform: referral.platform });
    return answer(c, deps, result, 'queued');
  });

  app.get('/v1/referrals/:id/audit', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}/audit');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'GET /v1/referrals/{id}/audit');
    if (found.response) return found.response;
    const principal = c.get('principal');
    const [events, escalation] = await Promise.all([deps.stores.lifecycle.listAudit(found.referral.referralId), deps.stores.escalations.listEvents(found.referral.referralId)]);
    return c.json({
      referralId: found.referral.referralId,
      events: events.map((event) => auditEventSeenBy(event, principal)),
      // Every page, re-page and acknowledgement of a P1 escalation, oldest first.
      escalation: escalation.map((event) => escalationEventSeenBy(event, principal)),
    });
  });

  // The same visibility as the audit trail it checks.
  app.get('/v1/referrals/:id/audit/verify', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}/audit/verify');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'GET /v1/referrals/{id}/audit/verify');
    if (found.response) return found.response;
    const trustAnchorsPem = deps.tsaCaPem ? [deps.tsaCaPem] : [];
    const [trail, heldTargets] = await Promise.all([deps.stores.auditChain.referralTrail(found.referral.referralId), deps.stores.auditChain.heldTargetTrails(found.referral)]);
    const verification = await verifyAuditTrails({ ...trail, trustAnchorsPem }, heldTargets.map((held) => ({ ...held, trustAnchorsPem })));
    return c.json(auditVerificationV1.parse({ referralId: found.referral.referralId, ...verification }));
  });

  app.get('/v1/referrals/:id/deliveries', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}/deliveries');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'GET /v1/referrals/{id}/deliveries');
    if (found.response) return found.response;
    return c.json({ referralId: found.referral.referralId, attempts: await deps.stores.deliveries.list(found.referral.referralId) });
  });
};
