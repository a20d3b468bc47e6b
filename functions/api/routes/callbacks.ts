import { platformCallbackV1, type PlatformCallbackV1 } from '../../contract/lifecycle';
import { issuesFromZod } from '../../contract/api-error';
import { transitionReferral, type LifecycleResult } from '../../core/lifecycle/referral-lifecycle';
import { signatureHeader, signatureToleranceSeconds, verifyWebhookSignature } from '../../adapters/webhook-signing';
import { limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';
import { platformParam } from './queues';

/** A platform retries a raced transition this often before the callback answers 409. */
const maxRaceRetries = 3;

/**
 * Platforms report outcomes here. Public (registered before the token check): the body is
 * authenticated by the platform's HMAC signature with a 5-minute timestamp tolerance, each
 * signature is accepted once (replay guard), and a platform can only touch its own referrals.
 */
export const registerCallbackRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/callbacks/:platform', limitBody(16 * 1024), async (c) => {
    const platform = platformParam.safeParse(c.req.param('platform'));
    if (!platform.success) return errorResponse(c, 404, 'not_found', 'unknown platform');
    const raw = await c.req.text();
    const channel = await deps.stores.channels.get(platform.data);
    // An unknown platform and a bad signature look alike: nothing to learn by probing.
    if (!channel) return errorResponse(c, 401, 'unauthenticated', 'signature cannot be verified');
    const now = deps.now();
    const check = verifyWebhookSignature(channel.signingSecret, c.req.header(signatureHeader), raw, now);
    if (!check.ok) return errorResponse(c, 401, 'unauthenticated', check.message);

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return errorResponse(c, 400, 'invalid_json', 'body is not valid JSON');
    }
    const parsed = platformCallbackV1.safeParse(json);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_body', 'callback does not match platformCallbackV1', issuesFromZod(parsed.error).slice(0, 20));

    const fresh = await deps.stores.channels.rememberCallbackSignature(platform.data, check.signature, now.toISOString(), check.timestamp + 2 * signatureToleranceSeconds);
    if (!fresh) return errorResponse(c, 409, 'conflict', 'this signed callback was already received (replay)');

    const referral = await deps.stores.referrals.get(parsed.data.referralId);
    if (!referral || referral.platform !== platform.data) return errorResponse(c, 404, 'not_found', 'no such referral for this platform');

    const result = await applyCallback(deps, platform.data, parsed.data, now);
    if (!result.ok) return errorResponse(c, result.status, result.code, result.message);
    deps.log('info', 'platform callback', { platform: platform.data, referralId: referral.referralId, status: result.record.status, replayed: result.replayed });
    return c.json({ referralId: result.record.referralId, status: result.record.status, ...(result.record.outcome ? { outcome: result.record.outcome } : {}), applied: !result.replayed });
  });
};

const applyCallback = async (deps: ApiDependencies, platform: string, callback: PlatformCallbackV1, now: Date): Promise<LifecycleResult> => {
  let result: LifecycleResult;
  let attempt = 0;
  do {
    attempt += 1;
    result = await transitionReferral(deps.stores.lifecycle, {
      referralId: callback.referralId,
      to: callback.status,
      actor: { kind: 'platform', id: platform },
      now,
      externalEventId: callback.eventId,
      ...(callback.outcome ? { outcome: callback.outcome } : {}),
    });
  } while (!result.ok && result.raced === true && attempt < maxRaceRetries);
  return result;
};
