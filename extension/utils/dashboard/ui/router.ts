import { useEffect, useState } from 'preact/hooks';
import type { DashboardViews } from '../messages';

/** The dashboard's screens, in the order the navigation lists them. */
export const screenIds = ['queue', 'trends', 'reports', 'indicators', 'orders', 'incidents', 'legal', 'admin'] as const;
export type ScreenId = (typeof screenIds)[number];

/**
 * Which screens a session may open: the reports screen holds the unit's reports and the bulk upload;
 * removal orders and a referral's legal hold are read by referrers, liaison officers and analysts
 * (access-policy.ts), whose views these are.
 */
export const screensFor = (views: DashboardViews): ScreenId[] =>
  screenIds.filter((screen) => (screen === 'reports' ? views.reports || views.upload : screen === 'orders' || screen === 'legal' ? views.queue || views.reports || views.trends : views[screen]));

/**
 * The screen a `#/<screen>` hash names, or the first one the session may open. A hash router
 * suits an extension page: the page is a file, and a reload or a bookmark keeps the screen.
 */
export const routeFromHash = (hash: string, allowed: readonly ScreenId[]): ScreenId | undefined => {
  const named = hash.replace(/^#\/?/, '').split('/')[0];
  return allowed.find((screen) => screen === named) ?? allowed[0];
};

export const hrefFor = (screen: ScreenId): string => `#/${screen}`;

/** What a screen's hash names after the screen (`#/indicators/btc/<wallet>`), decoded. */
export const routeParams = (hash: string): string[] =>
  hash
    .replace(/^#\/?/, '')
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });

/** The page of one indicator: its type and value in the hash, encoded. */
export const indicatorHref = (type: string, value: string): string => `#/indicators/${encodeURIComponent(type)}/${encodeURIComponent(value)}`;

/** The removal order of one referral (Regulation (EU) 2021/784): issued from, and kept with, the referral. */
export const orderHref = (referralId: string): string => `#/orders/${encodeURIComponent(referralId)}`;
/** One incident's view: its id in the hash. */
export const incidentHref = (incidentId: string): string => `#/incidents/${encodeURIComponent(incidentId)}`;
/** One referral's legal hold, complaints and rule-of-law audit (Regulation (EU) 2021/784 Art. 6 and 10). */
export const legalHref = (referralId: string): string => `#/legal/${encodeURIComponent(referralId)}`;

/** The current screen, following the hash as the officer navigates (links, back button, shortcuts). */
export const useHashRoute = (allowed: readonly ScreenId[], location: { hash: string }, target: EventTarget): ScreenId | undefined => {
  const [screen, setScreen] = useState(() => routeFromHash(location.hash, allowed));
  useEffect(() => {
    const follow = () => setScreen(routeFromHash(location.hash, allowed));
    follow();
    target.addEventListener('hashchange', follow);
    return () => target.removeEventListener('hashchange', follow);
  }, [allowed.join(','), location, target]);
  return screen;
};

/** The current route's parameters (`#/<screen>/<a>/<b>` gives [a, b]), followed as the hash changes. */
export const useRouteParams = (location: { hash: string }, target: EventTarget): string[] => {
  const [params, setParams] = useState(() => routeParams(location.hash));
  useEffect(() => {
    const follow = () => setParams(routeParams(location.hash));
    target.addEventListener('hashchange', follow);
    return () => target.removeEventListener('hashchange', follow);
  }, [location, target]);
  return params;
};
