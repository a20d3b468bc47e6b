import type { ApiClient } from '../api-client';
import type { HoldLine, LookupView } from './popup-messages';
import { lookupCacheItem } from '../storage';
import { t } from '../i18n';

/** How long a lookup answer is reused; short, because another unit may refer the page any minute. */
export const lookupTtlMs = 60_000;

export interface DeconflictionDeps {
  api: Pick<ApiClient, 'lookup'>;
  badge: {
    setBadgeText(details: { tabId: number; text: string | null }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
    setTitle(details: { tabId: number; title: string }): Promise<void>;
  };
  now: () => number;
}

export const referredBadgeText = 'REF';
/** Another unit's investigation holds the page: its badge outranks "referred". */
export const heldBadgeText = 'HOLD';

/** "hold: contact unit fr-pharos (duty desk)"; the reason only for the holding unit's own officers. */
export const describeHold = (hold: HoldLine): string =>
  hold.own ? t('holdOwn', hold.reason ?? '', hold.contact) : t('holdOther', hold.unit, hold.contact);

/** Holds of other units: the officer must call before acting on the page. */
export const othersHolds = (view: LookupView): HoldLine[] => (view.state === 'unavailable' ? [] : (view.holds ?? []).filter((hold) => !hold.own));

/** "hold: contact unit fr-pharos (…) · Already referred: actioned, 2 units, removed" */
export const describeLookup = (view: LookupView): string => {
  const holds = view.state === 'unavailable' ? [] : (view.holds ?? []);
  return [...holds.map(describeHold), describeReferral(view)].join(' · ');
};

const describeReferral = (view: LookupView): string => {
  switch (view.state) {
    case 'referred':
      return `${view.unitCount === 1 ? t('lookupReferredOne', view.status) : t('lookupReferredMany', view.status, view.unitCount)}${view.outcome ? `, ${view.outcome}` : ''}`;
    case 'not_referred':
      return t('lookupNotReferred');
    case 'unavailable':
      return t('lookupUnavailable', view.message);
  }
};

export const createDeconfliction = (deps: DeconflictionDeps) => {
  /**
   * Pages this officer just filed: the API builds the referral after it accepts the report, so
   * a "not referred" read in between is about to be false and is not kept for the minute.
   */
  const filedAt = new Map<string, number>();
  const lookup = async (url: string): Promise<LookupView> => {
    const cache = await lookupCacheItem.getValue();
    const cached = cache[url];
    let result = cached !== undefined && deps.now() - cached.fetchedAt < lookupTtlMs ? cached.result : undefined;
    if (result === undefined) {
      const answer = await deps.api.lookup(url);
      if (answer.kind !== 'ok') return { state: 'unavailable', message: answer.message };
      result = answer.value;
      const fresh = Object.fromEntries(Object.entries(cache).filter(([, entry]) => deps.now() - entry.fetchedAt < lookupTtlMs));
      const justFiled = deps.now() - (filedAt.get(url) ?? -Infinity) < lookupTtlMs;
      if (result.referred || !justFiled) await lookupCacheItem.setValue({ ...fresh, [url]: { result, fetchedAt: deps.now() } });
    }
    // An answer cached by an earlier version of the extension has no holds.
    const holds = (result.holds ?? []).map((hold) => ({ unit: hold.unit, contact: hold.contact, own: hold.own, ...(hold.reason !== undefined ? { reason: hold.reason } : {}) }));
    const held = holds.length > 0 ? { holds } : {};
    if (!result.referred) return { state: 'not_referred', ...held };
    return {
      state: 'referred',
      ...held,
      referralId: result.referralId,
      status: result.status,
      unitCount: result.unitCount,
      reportCount: result.reportCount,
      ...(result.outcome !== undefined ? { outcome: result.outcome } : {}),
    };
  };

  return {
    lookup,
    /** Looks the page up and marks the tab's badge when another report already covers it. */
    async checkTab(tabId: number, url: string): Promise<LookupView> {
      const view = await lookup(url);
      if (othersHolds(view).length > 0) {
        await deps.badge.setBadgeBackgroundColor({ tabId, color: '#b45309' });
        await deps.badge.setBadgeText({ tabId, text: heldBadgeText });
        await deps.badge.setTitle({ tabId, title: describeLookup(view) });
      } else if (view.state === 'referred') {
        await deps.badge.setBadgeBackgroundColor({ tabId, color: '#b91c1c' });
        await deps.badge.setBadgeText({ tabId, text: referredBadgeText });
        await deps.badge.setTitle({ tabId, title: describeLookup(view) });
      } else {
        // null falls back to the global badge, which counts the outbox.
        await deps.badge.setBadgeText({ tabId, text: null });
        await deps.badge.setTitle({ tabId, title: 'Referral Desk' });
      }
      return view;
    },
    /** Drops cached answers, e.g. after this officer's own report changed the answer. */
    forget: async (url: string): Promise<void> => {
      filedAt.set(url, deps.now());
      const cache = await lookupCacheItem.getValue();
      delete cache[url];
      await lookupCacheItem.setValue(cache);
    },
  };
};

export type Deconfliction = ReturnType<typeof createDeconfliction>;
