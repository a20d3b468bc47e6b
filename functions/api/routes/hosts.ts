import { hostAbuseContactRequest, hostName, type HostAbuseContact } from '../../contract/host-contact';
import { isPlatformId } from '../../core/platforms/platforms';
import { mayUseOnPlatform } from '../access-policy';
import { allow, limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';

/** Hosts outside the platform registry: the abuse contact the other-hosts queue shows under each. */
export const registerHostRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.put('/v1/hosts/:host/abuse-contact', limitBody(4 * 1024), async (c) => {
    const denied = allow(c, 'PUT /v1/hosts/{host}/abuse-contact');
    if (denied) return denied;
    // A registry platform is reached through its channel and its Art. 15 contact point, not an abuse desk.
    if (isPlatformId(c.req.param('host'))) return errorResponse(c, 409, 'conflict', `${c.req.param('host')} is a registry platform: it is reached through its channel`);
    const host = hostName.safeParse(c.req.param('host'));
    if (!host.success) return errorResponse(c, 400, 'invalid_query', 'host is malformed', [{ path: 'host', message: host.error.issues[0]?.message ?? 'malformed' }]);
    const principal = c.get('principal');
    if (!mayUseOnPlatform(principal, 'PUT /v1/hosts/{host}/abuse-contact', host.data)) return errorResponse(c, 403, 'forbidden', 'you are not assigned to the other-hosts queue');
    const body = await readJsonBody(c, hostAbuseContactRequest);
    if (!body.ok) return body.response;
    const contact = await deps.stores.hostContacts.record({
      ...body.data,
      host: host.data,
      at: deps.now().toISOString(),
      unit: principal.unit,
      officerId: principal.officerId,
      eventId: crypto.randomUUID(),
    });
    deps.log('info', 'host abuse contact recorded', { host: host.data, unit: principal.unit });
    return c.json<HostAbuseContact>(contact);
  });
};
