import type { Role, UnacknowledgedPage } from '../contract';

/** How often the banner asks the API for the unit's unacknowledged pages. */
export const bannerPollMs = 15_000;

/** Who sees the banner: who may press its button (the acknowledgement route's roles); analysts change nothing. */
export const seesUrgentBanner = (roles: readonly Role[]): boolean => roles.some((role) => role === 'referrer' || role === 'liaison' || role === 'admin');

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** A span as a running clock: m:ss under an hour, h:mm:ss past it. */
export const clockText = (ms: number): string => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? `${hours}:${twoDigits(minutes)}:${twoDigits(seconds % 60)}` : `${minutes}:${twoDigits(seconds % 60)}`;
};

export interface PageClock {
  /** Since the first contact was paged. */
  unacknowledgedFor: string;
  /** Until the next contact is paged, or how long past that (after the unit's head, it stays overdue). */
  due: { overdue: false; in: string } | { overdue: true; by: string };
}

/** The banner's clock for one page at `now` (the page's clock, so a test can set it). */
export const pageClock = (page: Pick<UnacknowledgedPage, 'firstPagedAt' | 'ackDueAt'>, now: number): PageClock => {
  const left = Date.parse(page.ackDueAt) - now;
  return {
    unacknowledgedFor: clockText(now - Date.parse(page.firstPagedAt)),
    due: left >= 0 ? { overdue: false, in: clockText(left) } : { overdue: true, by: clockText(-left) },
  };
};

/** A platform's emergency line as one line of text: its name, then every way to reach it. */
export const emergencyLineText = (line: NonNullable<UnacknowledgedPage['emergencyContact']>): string =>
  [line.name, line.phone, line.email, line.url].filter((part): part is string => part !== undefined).join(' · ');
