import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { extractIndicators, indicatorTypes } from '../indicators/extract-indicators';

/**
 * Operational holds: a unit that is quietly watching a post, a channel or a payment indicator
 * for an investigation asks every other unit not to have it taken down. Other units learn only
 * that there is a hold and whom to call; the reason never leaves the holding unit, and nothing
 * about a hold is ever sent to a platform (a takedown request would tip off the target).
 */

/** A hold lapses unless renewed: an investigation that stopped must not block referrals forever. */
export const maxHoldDays = 90;
const dayMs = 86_400_000;

export type HoldKind = 'content' | 'channel' | 'indicator';

/** What a unit asks to hold, as an officer names it: a URL, or an indicator as written. */
export type HoldTargetRequest = { kind: 'content' | 'channel'; url: string } | { kind: 'indicator'; type: string; value: string };

/** A held thing by its key: a content key (of a post or of a channel) or `<type>:<normalized value>`. */
export interface HoldTarget {
  kind: HoldKind;
  key: string;
  /** For the holding unit's list: the canonical URL or the indicator as normalized. */
  label: string;
}

export interface OperationalHold {
  target: HoldTarget;
  unit: string;
  /** Visible only inside the holding unit. */
  reason: string;
  /** Whom other units call: shown to them with the unit's name. */
  contact: string;
  placedBy: string;
  placedAt: string;
  expiresAt: string;
  /** Set on renewal. */
  renewedAt?: string;
}

export type HoldError = { code: 'invalid_target' | 'invalid_expiry'; field: string; message: string };

/** Indicator keys are namespaced so they never collide with a content key. */
export const indicatorHoldKey = (type: string, value: string): string => `indicator:${type}:${value}`;

/**
 * The channel a post belongs to, where its content key names it: a hold on the channel covers
 * the post. Keys follow core/canonical-url (Telegram `t.me/<channel>/<id>`, Bluesky
 * `profile/<author>/post/<rkey>`, Discord `channels/<server>/<channel>/<message>`).
 */
export const channelKeyOf = (contentKey: string): string | undefined => {
  const telegramPrivate = /^telegram:post:c\/([^/]+)\/[^/]+$/.exec(contentKey);
  if (telegramPrivate) return `telegram:channel:c/${telegramPrivate[1]}`;
  const telegram = /^telegram:post:([^/]+)\/[^/]+$/.exec(contentKey);
  if (telegram) return `telegram:channel:${telegram[1]}`;
  const bluesky = /^bluesky:post:([^/]+)\/[^/]+$/.exec(contentKey);
  if (bluesky) return `bluesky:profile:${bluesky[1]}`;
  const discord = /^discord:message:([^/]+)\/[^/]+$/.exec(contentKey);
  if (discord) return `discord:channel:${discord[1]}`;
  return undefined;
};

/** Resolves what an officer names to the key lookups and refusals compare. */
export const resolveHoldTarget = (request: HoldTargetRequest): { ok: true; target: HoldTarget } | { ok: false; error: HoldError } => {
  if (request.kind === 'indicator') {
    // Only the types the pipeline extracts, so the key is the one a referral's indicators carry.
    if (!(indicatorTypes as readonly string[]).includes(request.type)) {
      return { ok: false, error: { code: 'invalid_target', field: 'target.type', message: `indicator type must be one of ${indicatorTypes.join(', ')}` } };
    }
    const found = extractIndicators(request.value).find((indicator) => indicator.type === request.type);
    if (!found) return { ok: false, error: { code: 'invalid_target', field: 'target.value', message: `not a valid ${request.type} indicator` } };
    return { ok: true, target: { kind: 'indicator', key: indicatorHoldKey(found.type, found.value), label: `${found.type} ${found.value}` } };
  }
  const canonical = canonicalizeUrl(request.url);
  if (!canonical.ok) return { ok: false, error: { code: 'invalid_target', field: 'target.url', message: canonical.error.message } };
  const { contentKey, canonicalUrl } = canonical.value;
  if (request.kind === 'channel' && channelKeyOf(contentKey) !== undefined) {
    return { ok: false, error: { code: 'invalid_target', field: 'target.url', message: 'this URL names a post; hold its channel by the channel URL' } };
  }
  return { ok: true, target: { kind: request.kind, key: contentKey, label: canonicalUrl } };
};

/** The keys a hold on any of which covers this content: the content itself and its channel. */
export const holdKeysOfContent = (contentKey: string): string[] => {
  const channel = channelKeyOf(contentKey);
  return channel ? [contentKey, channel] : [contentKey];
};

/** The keys of the indicators found in a referral (wallets, IBANs, handles). */
export const holdKeysOfIndicators = (indicators: readonly { type: string; value: string }[]): string[] => indicators.map((indicator) => indicatorHoldKey(indicator.type, indicator.value));

/** The keys that cover a referral: its content, its channel, and every indicator found in it. */
export const holdKeysOfReferral = (referral: { contentKey: string; indicators: readonly { type: string; value: string }[] }): string[] => [
  ...holdKeysOfContent(referral.contentKey),
  ...holdKeysOfIndicators(referral.indicators),
];

export const isActive = (hold: Pick<OperationalHold, 'expiresAt'>, now: Date): boolean => Date.parse(hold.expiresAt) > now.getTime();

/** Checks a requested expiry: in the future, and at most 90 days from now (renewal asks again). */
export const checkExpiry = (expiresAt: string, now: Date): HoldError | undefined => {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at) || at <= now.getTime()) return { code: 'invalid_expiry', field: 'expiresAt', message: 'a hold expires in the future' };
  if (at - now.getTime() > maxHoldDays * dayMs) return { code: 'invalid_expiry', field: 'expiresAt', message: `a hold lasts at most ${maxHoldDays} days; renew it before it expires` };
  return undefined;
};

/** Places a hold, or renews the unit's hold on the same target (a new expiry, reason and contact). */
export const placeHold = (
  input: { target: HoldTarget; unit: string; officerId: string; reason: string; contact: string; expiresAt: string; existing?: OperationalHold },
  now: Date,
): { ok: true; hold: OperationalHold; action: 'placed' | 'renewed' } | { ok: false; error: HoldError } => {
  const invalid = checkExpiry(input.expiresAt, now);
  if (invalid) return { ok: false, error: invalid };
  const renewing = input.existing !== undefined && isActive(input.existing, now);
  const hold: OperationalHold = {
    target: input.target,
    unit: input.unit,
    reason: input.reason,
    contact: input.contact,
    placedBy: renewing ? input.existing!.placedBy : input.officerId,
    placedAt: renewing ? input.existing!.placedAt : now.toISOString(),
    expiresAt: new Date(Date.parse(input.expiresAt)).toISOString(),
    ...(renewing ? { renewedAt: now.toISOString() } : {}),
  };
  return { ok: true, hold, action: renewing ? 'renewed' : 'placed' };
};

/** What another unit sees of a hold: that it exists, and whom to call. */
export interface HoldNotice {
  kind: HoldKind;
  unit: string;
  contact: string;
  expiresAt: string;
  /** Only for the holding unit's own officers. */
  reason?: string;
  own: boolean;
}

export const holdSeenBy = (hold: OperationalHold, unit: string): HoldNotice => {
  const own = hold.unit === unit;
  return { kind: hold.target.kind, unit: hold.unit, contact: hold.contact, expiresAt: hold.expiresAt, own, ...(own ? { reason: hold.reason } : {}) };
};

/** "hold: contact unit fr-pharos (+33 1 23 45 67 89)" */
export const describeHold = (hold: Pick<HoldNotice, 'unit' | 'contact'>): string => `hold: contact unit ${hold.unit} (${hold.contact})`;

/**
 * The holds that stop `unit` from sending, ordering removal of or exporting content: every
 * active hold of another unit. The holding unit decides for itself; it releases when it is done.
 */
export const blockingHolds = (holds: readonly OperationalHold[], unit: string, now: Date): OperationalHold[] =>
  holds.filter((hold) => hold.unit !== unit && isActive(hold, now));
