import * as z from 'zod';
import { referralStatus } from './responses';

/**
 * Wire schemas of crisis mode: an admin declares an incident (an attack, a live-streamed shooting)
 * with the seeds that identify its content (EU Crisis Protocol; GIFCT Content Incident Protocol);
 * while it is open, every new report matching a seed is labelled with it and raised to at least P2.
 */

const handle = z
  .string()
  .trim()
  .regex(/^@?[\p{L}\p{N}_.-]{2,100}$/u, 'a handle: letters, digits, _ . - (an optional leading @)');

export const incidentSeeds = z.strictObject({
  /** Posts, videos or channels of the incident: matched by their canonical form, whatever form a report uses. */
  urls: z.array(z.string().trim().min(1).max(4_096)).max(500).default([]),
  /** Accounts and channels spreading it: matched against the report's handle and its URL's path. */
  handles: z.array(handle).max(500).default([]),
  /** Words or phrases of its captured text (title, selection), matched as whole words in any case. */
  terms: z.array(z.string().trim().min(3, 'a term has at least 3 characters').max(100)).max(200).default([]),
  /** SHA-256 of its files (the attacker's video, a manifesto): matched against the report's artifacts and selected text. */
  contentHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256')).max(1_000).default([]),
  /**
   * PDQ hashes of its images and video frames (as GIFCT's hash-sharing database lists them):
   * matched against the report's verified images and its video's frame hashes within distance 31.
   */
  pdqHashes: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[0-9a-f]{64}$/, 'a PDQ hash: 64 hex digits'),
    )
    .max(1_000)
    .default([]),
});
export type IncidentSeeds = z.infer<typeof incidentSeeds>;

/** POST /v1/incidents (admin). `incidentId` is the caller's: repeating the declaration declares nothing new. */
export const incidentDeclaration = z
  .strictObject({
    incidentId: z.uuid(),
    name: z.string().trim().min(3).max(200),
    /** When the incident began: reports accepted from then on are matched. */
    startedAt: z.iso.datetime(),
    seeds: incidentSeeds,
  })
  .refine((incident) => Object.values(incident.seeds).some((list) => list.length > 0), { message: 'an incident needs at least one seed', path: ['seeds'] });
export type IncidentDeclaration = z.infer<typeof incidentDeclaration>;

export const incidentView = z.object({
  incidentId: z.string(),
  name: z.string(),
  startedAt: z.string(),
  status: z.enum(['open', 'closed']),
  declaredAt: z.string(),
  /** The declaring officer, shown to their own unit; another unit sees "(another unit)". */
  declaredBy: z.string(),
  declaredByUnit: z.string(),
  seeds: incidentSeeds,
  /** Once closed, new reports are no longer matched against its seeds. */
  closedAt: z.string().optional(),
});
export type IncidentView = z.infer<typeof incidentView>;

/** POST /v1/incidents/{id}/close (admin): the incident ends; nothing else to say. */
export const incidentCloseRequest = z.strictObject({});

/** Where a closed incident's debrief is read: frozen at the close, the same bytes at every read. */
export const incidentDebriefLinks = z.object({
  generatedAt: z.string(),
  /** SHA-256 of the frozen content (rows and figures) both formats are rendered from. */
  sha256: z.string(),
  referrals: z.number().int().nonnegative(),
  markdown: z.string(),
  pdf: z.string(),
});
export type IncidentDebriefLinks = z.infer<typeof incidentDebriefLinks>;

/** The answer to a close: the incident as closed, and its debrief (frozen by the first close, repeated by a later one). */
export const incidentClosed = incidentView.extend({ debrief: incidentDebriefLinks });
export type IncidentClosed = z.infer<typeof incidentClosed>;

/** POST /v1/incidents/{id}/referrals: an officer adds a referral the seeds did not catch. */
export const incidentAdditionRequest = z.strictObject({ referralId: z.string().regex(/^ref_[0-9a-f]{24}$/, 'a referral id: ref_<24 hex>') });

export const incidentAddition = z.object({
  incidentId: z.string(),
  referralId: z.string(),
  /** False when the referral was already added (by anyone): nothing changed. */
  added: z.boolean(),
  priority: z.string(),
});
export type IncidentAddition = z.infer<typeof incidentAddition>;

/** Which incidents GET /v1/incidents lists: the open ones (the default), the closed ones, or both. */
export const incidentListStatuses = ['open', 'closed', 'all'] as const;

/**
 * GET /v1/incidents?status=&limit=&cursor=. The open incidents are a handful and come whole, on
 * the first page; the closed ones come newest close first, `limit` at a time, the next page
 * named by `nextCursor`.
 */
export const incidentListQuery = z.object({
  status: z.enum(incidentListStatuses).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(1_000).optional(),
});
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

/** An incident as listed: a closed one names where its debrief (frozen at the close) is read. */
export const incidentListItem = incidentView.extend({ debrief: incidentDebriefLinks.pick({ markdown: true, pdf: true }).optional() });
export type IncidentListItem = z.infer<typeof incidentListItem>;

/** GET /v1/incidents: the open incidents newest first, then the closed ones asked for, newest close first. */
export const incidentList = z.object({ incidents: z.array(incidentListItem), nextCursor: z.string().optional() });
export type IncidentList = z.infer<typeof incidentList>;

/** A referral tagged with the incident, as the incident view lists it: no officer of any unit is named. */
export const incidentReferralRow = z.object({
  referralId: z.string(),
  url: z.string(),
  platform: z.string(),
  priority: z.string(),
  status: referralStatus,
  outcome: z.string().optional(),
  reportCount: z.number().int().nonnegative(),
  firstReportedAt: z.string(),
  sentAt: z.string().optional(),
  closedAt: z.string().optional(),
});
export type IncidentReferralRow = z.infer<typeof incidentReferralRow>;

/**
 * Taken down at the platform: actioned as `removed`, or gone before the platform acted. A
 * geo-block or a restriction leaves the content online elsewhere, so it stays "still online".
 * Here, with the row, so the dashboard lists as still online exactly what the figures count.
 */
export const isRemoved = (row: Pick<IncidentReferralRow, 'status' | 'outcome'>): boolean =>
  (row.status === 'actioned' && row.outcome === 'removed') || row.status === 'already_gone';

/** Time from the notice (sent) to the platform's removal, exact over every removed referral. */
export const removalTimes = z.object({
  removedAfterNotice: z.number().int().nonnegative(),
  p50Seconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type RemovalTimes = z.infer<typeof removalTimes>;

export const platformFigures = removalTimes.extend({
  platform: z.string(),
  referrals: z.number().int().nonnegative(),
  reports: z.number().int().nonnegative(),
  notified: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** Not removed: still to notify, notified and waiting, declined, or only geo-blocked or restricted. */
  stillOnline: z.number().int().nonnegative(),
  declined: z.number().int().nonnegative(),
});
export type PlatformFigures = z.infer<typeof platformFigures>;

export const incidentFigures = z.object({
  totals: platformFigures,
  /** By UTC hour: reports accepted, and referrals by their first report (each a new URL, so the spread). */
  perHour: z.array(z.object({ hour: z.string(), reports: z.number().int().nonnegative(), referrals: z.number().int().nonnegative(), notified: z.number().int().nonnegative() })),
  perPlatform: z.array(platformFigures),
});
export type IncidentFigures = z.infer<typeof incidentFigures>;

export const incidentTimelineEntry = z.object({ at: z.string(), event: z.string(), referralId: z.string().optional(), platform: z.string().optional() });
export type IncidentTimelineEntry = z.infer<typeof incidentTimelineEntry>;

/**
 * GET /v1/incidents/{id}: the incident, its figures over every tagged referral, its timeline, and
 * the referrals the caller may work (a liaison officer sees the rows of their own platforms; the
 * figures count them all, so they are the same for everyone).
 */
export const incidentDetail = z.object({
  incident: incidentView,
  figures: incidentFigures,
  timeline: z.array(incidentTimelineEntry),
  referrals: z.array(incidentReferralRow),
  /** Referrals tagged with the incident but left out of `referrals` for this caller. */
  referralsNotShown: z.number().int().nonnegative(),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;
