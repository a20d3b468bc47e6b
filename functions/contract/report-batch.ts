import * as z from 'zod';
import { apiIssue } from './api-error';
import { reportAccepted } from './responses';

/**
 * Most reports in one POST /v1/reports:batch. 500 reports of a typical action day
 * (URL, title, a paragraph of selected text) are well under the byte limit below.
 */
export const maxBatchReports = 500;
/**
 * Largest batch body: Lambda's synchronous payload limit is 6 MB and API Gateway adds
 * its envelope, so 5 MB leaves room. A batch that does not fit is split by the client.
 */
export const maxBatchBodyBytes = 5 * 1024 * 1024;

/**
 * The envelope is checked here; each report inside is validated on its own with
 * reportV1 by the API, so one bad report is rejected alone with its issues.
 */
export const reportBatchRequest = z.strictObject({
  reports: z.array(z.unknown()).min(1, 'a batch holds at least one report').max(maxBatchReports, `a batch holds at most ${maxBatchReports} reports`),
});
export type ReportBatchRequest = z.infer<typeof reportBatchRequest>;

/**
 * One report's fate, by its index in the request:
 * - `accepted`: queued for processing. `firstSeen` is false when the submissionId was
 *   already accepted earlier (a retry, e.g. a re-run import) and is queued again.
 * - `processed`: a retry of a submission already processed; nothing is queued.
 * - `rejected`: invalid, or the submissionId belongs to another unit; fix and resend.
 * - `failed`: valid but could not be queued (a server-side fault); resend it as is.
 */
export const reportBatchItemResult = z.discriminatedUnion('status', [
  z.object({
    index: z.number().int(),
    status: z.literal('accepted'),
    submissionId: z.uuid(),
    firstSeen: z.boolean(),
    /** As in POST /v1/reports: what was assumed or dropped while reading the URL. */
    notes: z.array(z.string()).optional(),
    /** As in POST /v1/reports: the reports made from the post's out-links. */
    outLinks: reportAccepted.shape.outLinks,
  }),
  z.object({ index: z.number().int(), status: z.literal('processed'), submissionId: z.uuid(), referralId: z.string().optional() }),
  z.object({
    index: z.number().int(),
    status: z.literal('rejected'),
    submissionId: z.string().optional(),
    code: z.enum(['invalid_report', 'conflict']),
    issues: z.array(apiIssue),
  }),
  z.object({ index: z.number().int(), status: z.literal('failed'), submissionId: z.uuid(), message: z.string() }),
]);
export type ReportBatchItemResult = z.infer<typeof reportBatchItemResult>;

/** 207-style answer (sent as 200): one result per report, in request order. */
export const reportBatchResponse = z.object({
  counts: z.object({ accepted: z.number().int(), processed: z.number().int(), rejected: z.number().int(), failed: z.number().int() }),
  results: z.array(reportBatchItemResult),
});
export type ReportBatchResponse = z.infer<typeof reportBatchResponse>;
