import * as z from 'zod';
import { categories, legalRoutes, referralStatuses } from '../contract';
import { authView } from '../options/settings-messages';

/**
 * The popup's messages to the background, each named once with the zod schema of its request
 * and its response, and the views they carry. In a module of their own, apart from the
 * dashboard's (dashboard/messages.ts), so that what the popup imports stays small: the
 * popup itself imports only their types (popup-sender.ts), the background validates them.
 */

const tabId = z.number().int().nonnegative();

/** An operational hold on the page or its channel: another unit's shows only whom to call. */
export const holdLine = z.object({ unit: z.string(), contact: z.string(), own: z.boolean(), reason: z.string().optional() });
export type HoldLine = z.infer<typeof holdLine>;

export const lookupView = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('referred'),
    holds: z.array(holdLine).optional(),
    referralId: z.string(),
    status: z.enum(referralStatuses),
    unitCount: z.number().int(),
    reportCount: z.number().int(),
    outcome: z.string().optional(),
  }),
  z.object({ state: z.literal('not_referred'), holds: z.array(holdLine).optional() }),
  z.object({ state: z.literal('unavailable'), message: z.string() }),
]);
export type LookupView = z.infer<typeof lookupView>;

export const prefillView = z.object({
  url: z.string(),
  reportable: z.boolean(),
  title: z.string().optional(),
  selectedText: z.string().optional(),
  linkUrl: z.string().optional(),
  mediaUrl: z.string().optional(),
  platform: z.string(),
  handle: z.string().optional(),
  pageLanguage: z.string().optional(),
  outLinks: z.array(z.string()).optional(),
});

export const rejectedView = z.object({
  submissionId: z.string(),
  url: z.string(),
  category: z.string(),
  status: z.number().int(),
  message: z.string(),
  rejectedAt: z.string(),
});

export const outboxView = z.object({
  waiting: z.number().int().nonnegative(),
  rejected: z.array(rejectedView),
  nextAttemptAt: z.number().optional(),
});
export type OutboxView = z.infer<typeof outboxView>;

/** The fields the officer fills in; the background adds submissionId, capture and validates with reportV1. */
export const reportForm = z.strictObject({
  url: z.string().max(4096),
  title: z.string().max(2_000).optional(),
  selectedText: z.string().max(200_000).optional(),
  linkUrl: z.string().max(4096).optional(),
  mediaUrl: z.string().max(4096).optional(),
  category: z.enum(categories),
  subTags: z.array(z.string().max(64)).max(20),
  group: z.string().max(200).optional(),
  handle: z.string().max(200).optional(),
  urgent: z.boolean(),
  legalRoute: z.enum(legalRoutes),
  notes: z.string().max(10_000).optional(),
  /** The page's `<html lang>` as the prefill read it; reportV1 checks it is a language tag. */
  pageLanguage: z.string().max(64).optional(),
  /** The out-links the officer kept checked; reportV1 checks each URL and the count. */
  outLinks: z.array(z.string().max(4096)).max(50).optional(),
  /** Indicators the officer typed, one per line; the popup reads each with the server's extractors. */
  manualIndicators: z.array(z.string().max(200)).max(20).optional(),
});
export type ReportForm = z.infer<typeof reportForm>;

export const submitOutcome = z.discriminatedUnion('state', [
  z.object({ state: z.literal('sent'), submissionId: z.string(), referralId: z.string().optional() }),
  z.object({ state: z.literal('queued'), submissionId: z.string(), reason: z.enum(['retry', 'auth']), message: z.string() }),
  z.object({ state: z.literal('rejected'), submissionId: z.string(), status: z.number().int(), message: z.string() }),
  z.object({ state: z.literal('invalid'), issues: z.array(z.object({ path: z.string(), message: z.string() })) }),
]);
export type SubmitOutcome = z.infer<typeof submitOutcome>;

export const popupMessageSchemas = {
  /**
   * Everything the popup's form needs when it opens for a tab. The deconfliction answer is asked
   * for apart (`lookupPage`): it waits on the network, and the form must not wait with it.
   */
  getPopupState: {
    /** No tabId: the tab in front of the last focused window, which the toolbar popup opens over. */
    request: z.object({ tabId: tabId.optional() }),
    response: z.object({
      tabId,
      prefill: prefillView,
      outbox: outboxView,
      auth: authView,
      capture: z.object({ mhtml: z.boolean() }),
    }),
  },
  submitReport: {
    request: z.object({
      tabId,
      form: reportForm,
      capture: z.object({ screenshot: z.boolean(), mhtml: z.boolean() }),
    }),
    response: submitOutcome,
  },
  /**
   * The designated groups the Group field suggests. Asked for once the form is usable: the list is
   * the server's own file, too large to load with the popup.
   */
  getGroups: {
    request: z.object({}),
    response: z.array(z.object({ id: z.string(), name: z.string(), aliases: z.array(z.string()) })),
  },
  /**
   * What is wrong with the officer's form, a sentence per field, before anything is captured. Any
   * object is a request: finding what is wrong with it is the answer.
   */
  checkForm: {
    request: z.object({ form: z.record(z.string(), z.unknown()) }),
    response: z.array(z.object({ fieldId: z.string().nullable(), sentence: z.string() })),
  },
  /** What the desk holds for the tab's page (the form's address): referred or not, and any holds. */
  lookupPage: { request: z.object({ tabId, url: z.string().max(4096) }), response: lookupView },
  getOutbox: { request: z.object({}), response: outboxView },
  retryOutbox: { request: z.object({}), response: outboxView },
  dismissRejected: { request: z.object({ submissionId: z.string().max(100) }), response: outboxView },
} as const;

export type PopupMessageName = keyof typeof popupMessageSchemas;
