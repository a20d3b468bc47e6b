import { useEffect, useState } from 'preact/hooks';
import type { DashboardViews } from '../messages';

/** The dashboard's screens, in the order the navigation lists them. */
export const screenIds = ['queue', 'trends', 'reports', 'indicators', 'incidents'] as const;
export type ScreenId = (typeof screenIds)[number];

/** Which screens a session may open: the reports screen holds the unit's reports and the bulk upload. */
export const screensFor = (views: DashboardViews): ScreenId[] =>
  screenIds.filter((screen) => (screen === 'reports' ? views.reports || views.upload : views[screen]));

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

/** One incident's view: its id in the hash. */
export const incidentHref = (incidentId: string): string => `#/incidents/${encodeURIComponent(incidentId)}`;

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
