import * as z from 'zod';
import {
  assigneeFilter,
  auditEvent,
  exportableIndicatorType,
  indicatorExportFormat,
  hostAbuseContact,
  hostAbuseContactRequest,
  hostName,
  indicatorView,
  lifecycleState,
  maxBatchReports,
  officerId,
  queuePage,
  referralEvidence,
  referralOutcome,
  referralStatus,
  referralView,
  reportBatchResponse,
  roles,
  unitReportView,
  countDimension,
  platformStats as platformStatsAnswer,
  recurringIndicator,
  statsCounts as statsCountsAnswer,
  statsIndicators as statsIndicatorsAnswer,
  statsInterval,
  reportV1,
  reviewsView,
  reviewView,
  searchQuery,
  searchResult,
  type RecurringIndicator,
  escalationAck,
  unacknowledgedPages,
  disclosureDelayExtensionRequest,
  orderAnswerRequest,
  orderLanguage,
  orderReceiptRequest,
  orderRestartRequest,
  orderScrutinyRequest,
  removalOrderRequest,
  removalOrderView,
} from '../contract';
import { indicatorTypes } from '../shared-rules';
import { incidentMessageSchemas } from './incidents/incident-messages';
import { legalMessageSchemas } from './legal/legal-messages';
import { adminMessageSchemas } from './admin/admin-messages';

/**
 * The dashboard's messages to the background, spread into messageSchemas (messaging.ts).
 * The background alone calls the API and holds the token; the page gets validated views.
 */

/**
 * What the trends view draws: the stats routes' answers (functions/contract/stats.ts) without
 * what each answer read (`meta`) or the time-to-action histogram, which the page does not show.
 */
export const statsCounts = statsCountsAnswer.omit({ meta: true });
export type StatsCounts = z.infer<typeof statsCounts>;

export const platformStats = platformStatsAnswer.extend({ timeToAction: platformStatsAnswer.shape.timeToAction.omit({ buckets: true }) });
export type PlatformStats = z.infer<typeof platformStats>;
export const statsPlatforms = z.object({ from: z.string(), to: z.string(), platforms: z.array(platformStats) });

export { recurringIndicator, type RecurringIndicator };
export const statsIndicators = statsIndicatorsAnswer.omit({ meta: true });

const utcDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd');

/** Which parts of the dashboard to show. A hint only: the API refuses whatever the token may not do. */
export const dashboardViews = z.object({ queue: z.boolean(), trends: z.boolean(), upload: z.boolean(), reports: z.boolean(), indicators: z.boolean(), incidents: z.boolean(), admin: z.boolean() });
export type DashboardViews = z.infer<typeof dashboardViews>;

export const dashboardSession = z.object({
  signedIn: z.boolean(),
  roles: z.array(z.enum(roles)),
  unit: z.string().optional(),
  /** Platforms the queue picker offers: the liaison officer's own, or the whole registry for admins and analysts. */
  platforms: z.array(z.string()),
  views: dashboardViews,
});
export type DashboardSession = z.infer<typeof dashboardSession>;

const referralId = z.string().regex(/^ref_[0-9a-f]{24}$/);
const platform = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,199}$/);
const cursor = z.string().min(1).max(1_000);
const expectedVersion = z.number().int().nonnegative();

export const exportFormats = ['csv', 'ndjson'] as const;

/**
 * The page sizes the queue offers: the API's default, and up to its maximum (200,
 * functions/api/routes/queues.ts), for an officer working through a large queue on one page.
 */
export const queuePageSizes = [50, 100, 200] as const;
export type QueuePageSize = (typeof queuePageSizes)[number];

export const dashboardMessageSchemas = {
  /** Who is signed in, as the token's claims say, and so which views to show. */
  'dashboard.session': { request: z.object({}), response: dashboardSession },
  'dashboard.queue': {
    request: z.object({ platform, status: referralStatus, cursor: cursor.optional(), assignee: assigneeFilter.optional(), limit: z.literal(queuePageSizes).optional() }),
    response: queuePage,
  },
  /** PUT /v1/referrals/{id}/assignee gives the referral to a colleague; without officerId, DELETE takes it back. */
  'dashboard.assign': {
    request: z.object({ referralId, expectedVersion, officerId: officerId.optional() }),
    response: lifecycleState,
  },
  'dashboard.claim': {
    request: z.object({ referralId, expectedVersion, release: z.boolean().default(false) }),
    response: lifecycleState,
  },
  /** GET /v1/indicators/{type}/{value}: the dossier, sanctions status and referrals of a wallet, IBAN, link or handle. */
  'dashboard.indicator': { request: z.object({ type: z.enum(indicatorTypes), value: z.string().min(1).max(200), cursor: cursor.optional() }), response: indicatorView },
  /** GET /v1/indicators/{type}/{value}/export: the dossier as a partner's file (MISP, STIX 2.1, CSV), fetched by the background. */
  'dashboard.indicator-export': {
    request: z.object({ type: exportableIndicatorType, value: z.string().min(1).max(200), format: indicatorExportFormat }),
    response: z.object({ fileName: z.string(), mediaType: z.string(), content: z.string() }),
  },
  /** PUT /v1/hosts/{host}/abuse-contact: where an unlisted host takes abuse reports, for every unit's other-hosts queue. */
  'dashboard.record-abuse-contact': { request: z.object({ host: hostName, contact: hostAbuseContactRequest }), response: hostAbuseContact },
  /** POST /v1/referrals/{id}/send: the manual channel marks it sent, a webhook platform queues a delivery. */
  'dashboard.send': { request: z.object({ referralId, expectedVersion }), response: lifecycleState },
  /** GET /v1/referrals/{id}/notice?format=text: the DSA Art. 16 notice an officer sends by hand to a platform without a webhook. */
  'dashboard.notice': { request: z.object({ referralId }), response: z.object({ text: z.string() }) },
  /** GET /v1/referrals/{id}/review: each unit's four-eyes review of the referral. */
  'dashboard.review': { request: z.object({ referralId }), response: reviewsView },
  /** POST /v1/referrals/{id}/review: asks a second officer of the unit to approve the referral as it is now. */
  'dashboard.request-review': { request: z.object({ referralId }), response: reviewView },
  /** POST /v1/referrals/{id}/review/decision: the page checks the body with reviewDecisionRequest, the API again. */
  'dashboard.decide-review': {
    request: z.object({ referralId, decision: z.enum(['approved', 'refused']), reason: z.string().max(2_000).optional(), expectedVersion: expectedVersion.optional() }),
    response: reviewView,
  },
  'dashboard.transition': {
    request: z.object({
      referralId,
      to: referralStatus,
      outcome: referralOutcome.optional(),
      note: z.string().min(1).max(2_000).optional(),
      expectedVersion,
    }),
    response: lifecycleState,
  },
  /** GET /v1/search: referrals found by URL (any form), referral id or indicator value, within what the token may see. */
  'dashboard.search': { request: searchQuery, response: searchResult },
  /** One referral with its labels (whose evidence quotes captured content) and, where the role may read it, its audit trail. */
  'dashboard.referral': {
    request: z.object({ referralId }),
    response: z.object({ referral: referralView, audit: z.array(auditEvent).optional() }),
  },
  /** The URL an unresolved short link leads to, filed as a report linked to the short link's referral. */
  'dashboard.resolve-short-link': {
    request: z.object({ referralId, url: z.string().min(1).max(4096) }),
    response: z.object({ submissionId: z.string(), url: z.string(), status: z.string() }),
  },
  /** What the referral's reports captured, with the server's re-hash result per artifact. */
  'dashboard.evidence': { request: z.object({ referralId }), response: referralEvidence },
  /**
   * One artifact's bytes, fetched by the background (the token stays there) and handed over as
   * base64 for the page to show from a blob: URL, blurred until the officer chooses to look.
   */
  'dashboard.evidence-bytes': {
    request: z.object({ referralId, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ mediaType: z.string().max(100), base64: z.string() }),
  },
  /** The queue as a file, fetched by the background; the page only saves the text it is given. */
  /** The referral's signed evidence package (ZIP), fetched by the background. */
  'dashboard.evidence-package': {
    request: z.object({ referralId }),
    response: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'dashboard.export': {
    request: z.object({ platform, status: referralStatus, format: z.enum(exportFormats) }),
    response: z.object({ fileName: z.string(), mediaType: z.string(), content: z.string(), truncated: z.boolean() }),
  },
  'dashboard.stats': {
    request: z.object({
      from: utcDay,
      to: utcDay.optional(),
      by: countDimension,
      interval: statsInterval,
    }),
    response: z.object({ counts: statsCounts, platforms: statsPlatforms, indicators: statsIndicators }),
  },
  'dashboard.reports': {
    request: z.object({ cursor: cursor.optional() }),
    response: z.object({ unit: z.string(), reports: z.array(unitReportView), nextCursor: z.string().optional() }),
  },
  /** One batch of an upload, at most the API's documented limit (maxBatchReports). */
  /** GET /v1/escalations/unacknowledged: the P1 pages of the officer's unit nobody acknowledged yet (the urgent banner). */
  'dashboard.unacknowledged-pages': { request: z.object({}), response: unacknowledgedPages },
  /** POST /v1/referrals/{id}/escalation/ack: the banner's button stops the escalation clock. */
  'dashboard.acknowledge-page': { request: z.object({ referralId }), response: escalationAck },
  /** GET /v1/referrals/{id}/removal-order: the order with its clocks; none yet is an answer, not an error. */
  'dashboard.order': { request: z.object({ referralId }), response: z.object({ order: removalOrderView.optional() }) },
  /** PUT /v1/referrals/{id}/removal-order: the Annex I form, checked by the page and again by the API. */
  'dashboard.issue-order': { request: z.object({ referralId, order: removalOrderRequest }), response: removalOrderView },
  /**
   * The order as a document in one language: HTML (shown in a sandboxed frame without scripts) or
   * PDF (saved as a file), fetched by the background.
   */
  'dashboard.order-document': {
    request: z.object({ referralId, format: z.enum(['html', 'pdf']), lang: orderLanguage }),
    response: z.object({ fileName: z.string(), mediaType: z.string(), html: z.string().optional(), base64: z.string().optional() }),
  },
  /** What the officer records about an issued order: receipt, Annex II/III answer, restart, disclosure extension, cross-border copy. */
  'dashboard.order-action': {
    request: z.discriminatedUnion('action', [
      z.object({ referralId, action: z.literal('receipt'), body: orderReceiptRequest }),
      z.object({ referralId, action: z.literal('answer'), body: orderAnswerRequest }),
      z.object({ referralId, action: z.literal('restart'), body: orderRestartRequest }),
      z.object({ referralId, action: z.literal('disclosure-delay'), body: disclosureDelayExtensionRequest }),
      z.object({ referralId, action: z.literal('scrutiny'), body: orderScrutinyRequest }),
    ]),
    response: removalOrderView,
  },
  'dashboard.import': {
    request: z.object({ reports: z.array(reportV1).min(1).max(maxBatchReports) }),
    response: reportBatchResponse,
  },
  ...incidentMessageSchemas,
  ...legalMessageSchemas,
  ...adminMessageSchemas,
} as const;
