import { escalationAckRequest, pagerAckCallback, type EscalationAck, type OnCallContact, type UnacknowledgedPages } from '../../contract/escalation';
import { mayUseOnPlatform } from '../access-policy';
import { issuesFromZod } from '../../contract/api-error';
import { unitId } from '../../contract/principal';
import { parsePageDedupKey } from '../../core/escalation/escalation-steps';
import { signatureHeader, verifyWebhookSignature } from '../../adapters/webhook-signing';
import { allow, limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { maskedOfficerId } from '../audit-view';
import { errorResponse, readJsonBody } from '../http-errors';
import { visibleReferral } from '../visible-referral';

/**
 * Acknowledging a P1 page stops the escalation clock: from an officer of the paged unit (the
 * dashboard's button), or from the pager itself (a signed Events API v2 acknowledge event).
 * The first acknowledgement stays; a repeat answers with it.
 */
export const registerEscalationRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/referrals/:id/escalation/ack', limitBody(4 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/referrals/{id}/escalation/ack');
    if (denied) return denied;
    const found = await visibleReferral(c, deps, 'POST /v1/referrals/{id}/escalation/ack');
    if (found.response) return found.response;
    const body = await readJsonBody(c, escalationAckRequest);
    if (!body.ok) return body.response;
    const principal = c.get('principal');
    const state = await deps.stores.escalations.getState(found.referral.referralId);
    if (!state) return errorResponse(c, 404, 'not_found', 'nobody was paged for this referral');
    if (state.unit !== principal.unit) return errorResponse(c, 403, 'forbidden', 'only an officer of the paged unit acknowledges its page');
    const acknowledged = await deps.stores.escalations.acknowledge(found.referral.referralId, principal.officerId, deps.now().toISOString());
    if (!acknowledged) return errorResponse(c, 404, 'not_found', 'nobody was paged for this referral');
    deps.log('info', 'escalation acknowledged', { referralId: acknowledged.referralId, step: acknowledged.step, first: acknowledged.firstAcknowledgement });
    return c.json<EscalationAck>({
      referralId: acknowledged.referralId,
      step: acknowledged.step,
      acknowledgedAt: acknowledged.acknowledgedAt,
      acknowledgedBy: acknowledged.acknowledgedBy === principal.officerId || acknowledged.acknowledgedBy?.startsWith('pager:') ? acknowledged.acknowledgedBy : maskedOfficerId,
      applied: acknowledged.firstAcknowledgement,
    });
  });

  // The dashboard's urgent banner: only what the caller may acknowledge (their unit's pages, and
  // for an officer who is liaison only, their platforms'), so every page shown has a working button.
  app.get('/v1/escalations/unacknowledged', async (c) => {
    const denied = allow(c, 'GET /v1/escalations/unacknowledged');
    if (denied) return denied;
    const principal = c.get('principal');
    const open = await deps.stores.escalations.unacknowledgedOfUnit(principal.unit);
    const mine = open.filter((page) => mayUseOnPlatform(principal, 'POST /v1/referrals/{id}/escalation/ack', page.platform));
    const lines = new Map(await Promise.all([...new Set(mine.map((page) => page.platform))].map(async (platform) => [platform, (await deps.stores.channels.getEmergencyContact(platform))?.contact] as const)));
    return c.json<UnacknowledgedPages>({
      unit: principal.unit,
      pages: mine.map((page) => {
        const line = lines.get(page.platform);
        return { referralId: page.referralId, platform: page.platform, priority: page.priority, step: page.step, lastStep: page.lastStep, firstPagedAt: page.firstPagedAt, ackDueAt: page.ackDueAt, ...(line ? { emergencyContact: line } : {}) };
      }),
    });
  });
};

/**
 * Public (registered before the token check): the body is authenticated by the HMAC signature of
 * one of the unit's on-call contacts (5-minute tolerance). No replay guard is needed: an
 * acknowledgement is idempotent, so a replayed one changes nothing.
 */
export const registerPagerCallbackRoute = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/callbacks/pager/:unit', limitBody(16 * 1024), async (c) => {
    const unit = unitId.safeParse(c.req.param('unit'));
    if (!unit.success) return errorResponse(c, 404, 'not_found', 'unknown unit');
    const raw = await c.req.text();
    const rota = (await deps.stores.unitSettings.get(unit.data))?.onCall;
    const now = deps.now();
    const header = c.req.header(signatureHeader);
    // Only webhook contacts sign: a page topic's subscribers acknowledge on the dashboard.
    const contacts: OnCallContact[] = rota ? [...rota.contacts, rota.unitHead] : [];
    const signer = contacts.find((contact) => contact.channel.kind === 'webhook' && verifyWebhookSignature(contact.channel.signingSecret, header, raw, now).ok);
    // An unknown unit and a bad signature look alike: nothing to learn by probing.
    if (!signer) return errorResponse(c, 401, 'unauthenticated', 'signature cannot be verified');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return errorResponse(c, 400, 'invalid_json', 'body is not valid JSON');
    }
    const parsed = pagerAckCallback.safeParse(json);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_body', 'callback does not match an Events API v2 acknowledge event', issuesFromZod(parsed.error).slice(0, 20));
    const page = parsePageDedupKey(parsed.data.dedup_key);
    const state = page ? await deps.stores.escalations.getState(page.referralId) : undefined;
    if (!page || !state || state.unit !== unit.data) return errorResponse(c, 404, 'not_found', 'no page of this unit has that dedup_key');
    const acknowledged = await deps.stores.escalations.acknowledge(page.referralId, `pager:${signer.name}`, now.toISOString());
    if (!acknowledged) return errorResponse(c, 404, 'not_found', 'no page of this unit has that dedup_key');
    deps.log('info', 'escalation acknowledged by pager', { referralId: page.referralId, unit: unit.data, first: acknowledged.firstAcknowledgement });
    return c.json({ referralId: page.referralId, acknowledgedAt: acknowledged.acknowledgedAt, applied: acknowledged.firstAcknowledgement });
  });
};
