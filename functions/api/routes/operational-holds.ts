import { holdList, placeHoldRequest, releaseHoldRequest } from '../../contract/operational-hold';
import { isActive, placeHold, resolveHoldTarget } from '../../core/holds/operational-hold';
import { allow, limitBody, maxBodyBytes, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';

const bodyLimit = limitBody(maxBodyBytes);

/**
 * Operational holds: a unit asks other units not to act on what it is watching. Every route
 * acts on the caller's own unit's holds only; other units see holds through the lookup.
 */
export const registerOperationalHoldRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/holds', async (c) => {
    const denied = allow(c, 'GET /v1/holds');
    if (denied) return denied;
    const now = deps.now();
    const holds = (await deps.stores.operationalHolds.ofUnit(c.get('principal').unit)).filter((hold) => isActive(hold, now));
    return c.json(holdList.parse({ holds }));
  });

  app.put('/v1/holds', bodyLimit, async (c) => {
    const denied = allow(c, 'PUT /v1/holds');
    if (denied) return denied;
    const body = await readJsonBody(c, placeHoldRequest);
    if (!body.ok) return body.response;
    const resolved = resolveHoldTarget(body.data.target);
    if (!resolved.ok) return errorResponse(c, 400, 'invalid_body', resolved.error.message, [{ path: resolved.error.field, message: resolved.error.code }]);
    const principal = c.get('principal');
    const now = deps.now();
    const existing = (await deps.stores.operationalHolds.onTargets([resolved.target.key])).find((hold) => hold.unit === principal.unit);
    const placed = placeHold({ target: resolved.target, unit: principal.unit, officerId: principal.officerId, reason: body.data.reason, contact: body.data.contact, expiresAt: body.data.expiresAt, ...(existing ? { existing } : {}) }, now);
    if (!placed.ok) return errorResponse(c, 400, 'invalid_body', placed.error.message, [{ path: placed.error.field, message: placed.error.code }]);
    await deps.stores.operationalHolds.save(placed.hold, {
      eventId: crypto.randomUUID(),
      targetKey: placed.hold.target.key,
      action: placed.action,
      holdingUnit: principal.unit,
      at: now.toISOString(),
      officerId: principal.officerId,
      officerUnit: principal.unit,
      expiresAt: placed.hold.expiresAt,
    });
    deps.log('info', `operational hold ${placed.action}`, { unit: principal.unit, kind: placed.hold.target.kind });
    return c.json(placed.hold, placed.action === 'placed' ? 201 : 200);
  });

  app.post('/v1/holds/release', bodyLimit, async (c) => {
    const denied = allow(c, 'POST /v1/holds/release');
    if (denied) return denied;
    const body = await readJsonBody(c, releaseHoldRequest);
    if (!body.ok) return body.response;
    const resolved = resolveHoldTarget(body.data.target);
    if (!resolved.ok) return errorResponse(c, 400, 'invalid_body', resolved.error.message, [{ path: resolved.error.field, message: resolved.error.code }]);
    const principal = c.get('principal');
    const existing = (await deps.stores.operationalHolds.onTargets([resolved.target.key])).find((hold) => hold.unit === principal.unit);
    if (!existing) return errorResponse(c, 404, 'not_found', 'your unit holds no such target');
    await deps.stores.operationalHolds.release(resolved.target.key, principal.unit, {
      eventId: crypto.randomUUID(),
      targetKey: resolved.target.key,
      action: 'released',
      holdingUnit: principal.unit,
      at: deps.now().toISOString(),
      officerId: principal.officerId,
      officerUnit: principal.unit,
    });
    return c.json({ released: true, target: resolved.target });
  });
};
