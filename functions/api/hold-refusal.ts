import type { Context } from 'hono';
import type { Principal } from '../contract/principal';
import { blockingHolds, describeHold, holdKeysOfReferral, holdSeenBy, isActive, type HoldNotice } from '../core/holds/operational-hold';
import type { ApiDependencies, ApiEnv } from './api-env';
import { errorResponse } from './http-errors';

/**
 * 409 with whom to call when another unit holds the referral's content, its channel or one of
 * its indicators; undefined when nothing holds it. The refusal is recorded under each hold, so
 * the holding unit learns that someone was about to act on its target, and in the referral's audit.
 */
export const holdRefusal = async (
  c: Context<ApiEnv>,
  deps: ApiDependencies,
  referral: { referralId: string; contentKey: string; indicators: readonly { type: string; value: string }[] },
  principal: Principal,
  refused: 'send' | 'removal-order' | 'export',
): Promise<Response | undefined> => holdRefusalOnKeys(c, deps, holdKeysOfReferral(referral), principal, refused, referral.referralId);

/** Hold lookups sent at once: an export may cover hundreds of posts and channels. */
const holdLookupsAtOnce = 100;

/**
 * The same refusal for any set of hold keys (an export of indicators covers their own keys and
 * the keys of every post it lists). `referralId` names the referral refused, when there is one.
 */
export const holdRefusalOnKeys = async (
  c: Context<ApiEnv>,
  deps: ApiDependencies,
  holdKeys: readonly string[],
  principal: Principal,
  refused: 'send' | 'removal-order' | 'export',
  referralId?: string,
): Promise<Response | undefined> => {
  const now = deps.now();
  const distinct = [...new Set(holdKeys)];
  const found = [];
  for (let start = 0; start < distinct.length; start += holdLookupsAtOnce) found.push(...(await deps.stores.operationalHolds.onTargets(distinct.slice(start, start + holdLookupsAtOnce))));
  const holds = blockingHolds(found, principal.unit, now);
  if (holds.length === 0) return undefined;
  const at = now.toISOString();
  await Promise.all(
    holds.map(async (hold) => {
      const eventId = crypto.randomUUID();
      await deps.stores.operationalHolds.record({
        eventId,
        targetKey: hold.target.key,
        action: 'refused',
        holdingUnit: hold.unit,
        at,
        officerId: principal.officerId,
        officerUnit: principal.unit,
        refused,
        ...(referralId ? { referralId } : {}),
      });
      // The referral's own chain records it too: its audit shows every step taken on it, refused ones included.
      if (referralId) await deps.stores.legalAudit.recordHoldRefusal({ referralId, eventId, refused, holdingUnit: hold.unit, targetKind: hold.target.kind, actor: { kind: 'officer', id: principal.officerId, unit: principal.unit }, at });
    }),
  );
  return errorResponse(
    c,
    409,
    'conflict',
    `held by another unit's investigation: ${holds.map(describeHold).join('; ')}`,
    holds.map((hold) => ({ path: 'hold', message: describeHold(hold) })),
    { reason: 'held_by_investigation', params: { holders: holds.map((hold) => `${hold.unit} (${hold.contact})`).join('; ') } },
  );
};

/** The active holds on these keys, as the caller's unit may see them (the reason only for its own). */
export const holdNotices = async (deps: Pick<ApiDependencies, 'stores' | 'now'>, holdKeys: readonly string[], principal: Principal): Promise<HoldNotice[]> => {
  const now = deps.now();
  return (await deps.stores.operationalHolds.onTargets(holdKeys)).filter((hold) => isActive(hold, now)).map((hold) => holdSeenBy(hold, principal.unit));
};
