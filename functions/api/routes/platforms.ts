import { platformChannelRequest, platformEmergencyContact, type PlatformChannelView } from '../../contract/lifecycle';
import { allPlatforms, isPlatformId, platformById } from '../../core/platforms/platforms';
import { checkWebhookUrl } from '../../core/platforms/webhook-url';
import { allow, limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';

/** The platform registry with each webhook platform's configuration state; secrets never leave the table. */
export const registerPlatformRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/platforms', async (c) => {
    const denied = allow(c, 'GET /v1/platforms');
    if (denied) return denied;
    const views: PlatformChannelView[] = await Promise.all(
      allPlatforms().map(async (platform) => {
        const [channel, emergency] = await Promise.all([platform.channel === 'webhook' ? deps.stores.channels.get(platform.id) : undefined, deps.stores.channels.getEmergencyContact(platform.id)]);
        return {
          platform: platform.id,
          channel: platform.channel,
          configured: platform.channel === 'manual' || channel !== undefined,
          ...(channel ? { webhookUrl: channel.webhookUrl, updatedAt: channel.updatedAt } : {}),
          ...(emergency ? { emergencyContact: emergency.contact } : {}),
        };
      }),
    );
    return c.json({ platforms: views });
  });

  app.put('/v1/platforms/:id/channel', limitBody(8 * 1024), async (c) => {
    const denied = allow(c, 'PUT /v1/platforms/{id}/channel');
    if (denied) return denied;
    const id = c.req.param('id');
    if (!isPlatformId(id)) return errorResponse(c, 404, 'not_found', 'no such platform in the registry');
    if (platformById(id).channel !== 'webhook') return errorResponse(c, 409, 'conflict', `${id} takes referrals by hand (manual channel), not by webhook`);
    const body = await readJsonBody(c, platformChannelRequest);
    if (!body.ok) return body.response;
    const target = checkWebhookUrl(body.data.webhookUrl);
    if (!target.ok) return errorResponse(c, 400, 'invalid_body', `webhookUrl ${target.reason}`, [{ path: 'webhookUrl', message: target.reason }]);
    const updatedAt = deps.now().toISOString();
    const by = c.get('principal').officerId;
    await deps.stores.channels.recordChannelChange({ platform: id, webhookUrl: body.data.webhookUrl, signingSecret: body.data.signingSecret, at: updatedAt, by, eventId: crypto.randomUUID() });
    await deps.stores.channels.put({ platform: id, webhookUrl: body.data.webhookUrl, signingSecret: body.data.signingSecret, updatedAt, updatedBy: c.get('principal').officerId });
    deps.log('info', 'platform channel configured', { platform: id, by: c.get('principal').officerId });
    const emergency = await deps.stores.channels.getEmergencyContact(id);
    return c.json<PlatformChannelView>({ platform: id, channel: 'webhook', configured: true, webhookUrl: body.data.webhookUrl, updatedAt, ...(emergency ? { emergencyContact: emergency.contact } : {}) });
  });

  // Any platform, webhook or manual: an officer phones a manual platform's line as much as a webhook one's.
  app.put('/v1/platforms/:id/emergency-contact', limitBody(8 * 1024), async (c) => {
    const denied = allow(c, 'PUT /v1/platforms/{id}/emergency-contact');
    if (denied) return denied;
    const id = c.req.param('id');
    if (!isPlatformId(id)) return errorResponse(c, 404, 'not_found', 'no such platform in the registry');
    const body = await readJsonBody(c, platformEmergencyContact);
    if (!body.ok) return body.response;
    const at = deps.now().toISOString();
    const by = c.get('principal').officerId;
    await deps.stores.channels.setEmergencyContact({ platform: id, contact: body.data, at, by, eventId: crypto.randomUUID() });
    deps.log('info', 'platform emergency contact set', { platform: id, by });
    const platform = platformById(id);
    const channel = platform.channel === 'webhook' ? await deps.stores.channels.get(id) : undefined;
    return c.json<PlatformChannelView>({
      platform: id,
      channel: platform.channel,
      configured: platform.channel === 'manual' || channel !== undefined,
      ...(channel ? { webhookUrl: channel.webhookUrl, updatedAt: channel.updatedAt } : {}),
      emergencyContact: body.data,
    });
  });
};
