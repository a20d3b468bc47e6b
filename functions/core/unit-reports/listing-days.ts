import { utcDay } from '../referral-id';
import { defaultRetentionDays } from '../rule-of-law/retention';

/**
 * How far back a unit's report listing reaches: the retention period. The unit index holds a
 * partition per unit and day, so the listing reads day after day, newest first; without a bound a
 * unit that stopped reporting would make every listing walk back through every empty day.
 * Regulation (EU) 2021/784 Art. 6(2): six months from removal, the period the table keeps a
 * closed referral's reports by default. Older reports stay readable through their referral.
 */
export const unitReportListingDays = defaultRetentionDays;

/**
 * Most day partitions one page reads (one Query each, half a read unit for an empty day). A page
 * that crossed as many days without filling up ends short, with a cursor at the next day, so one
 * request's reads stay bounded whatever the gaps between a unit's reports.
 */
export const maxDayQueriesPerPage = 31;

const dayMs = 86_400_000;

/** The UTC day before `day` (`yyyy-mm-dd`). */
export const previousDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000Z`) - dayMs).toISOString().slice(0, 10);

/** The days a listing asked at `now` covers, newest and oldest, both included. */
export const listingWindow = (now: Date, days: number = unitReportListingDays): { newestDay: string; oldestDay: string } => ({
  newestDay: utcDay(now.toISOString()),
  oldestDay: new Date(now.getTime() - (days - 1) * dayMs).toISOString().slice(0, 10),
});
