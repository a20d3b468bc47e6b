import * as z from 'zod';
import { apiErrorCodes, apiErrorReasons, apiIssue, type ApiErrorCode, type ApiErrorReason, type ApiIssue } from './contract';
import { t, type MessageKey } from './i18n';
import { issueMessage } from './zod-messages';

/**
 * The API's refusals as the officer reads them, in the dashboard's language. The API answers
 * every error with a code, and, where one code covers situations the officer must tell apart
 * (a four-eyes approval missing, a version conflict, a hold), a stable reason with the values
 * its sentence names (contract/api-error.ts). Both map to message keys here; the API's English
 * message is shown only for a code or reason this extension does not know yet. The law a refusal
 * cites ("Regulation (EU) 2021/784 Art. 10(1)") stays as cited: the sentence around it is translated.
 */

/** Each code's sentence: a Record over the contract's codes, so a new code fails the typecheck until it has one. */
export const apiErrorCodeKeys: Record<ApiErrorCode, MessageKey> = {
  invalid_json: 'apiError_invalid_json',
  invalid_body: 'apiError_invalid_body',
  invalid_query: 'apiError_invalid_query',
  unsupported_media_type: 'apiError_unsupported_media_type',
  payload_too_large: 'apiError_payload_too_large',
  headers_too_large: 'apiError_headers_too_large',
  bad_request: 'apiError_bad_request',
  unauthenticated: 'apiError_unauthenticated',
  forbidden: 'apiError_forbidden',
  not_found: 'apiError_not_found',
  conflict: 'apiError_conflict',
  stale_version: 'apiError_stale_version',
  internal: 'apiError_internal',
  count_in_progress: 'apiError_count_in_progress',
};

/** Each reason's sentence, with the params it names in the order of its $1, $2. */
export const apiErrorReasonKeys: Record<ApiErrorReason, { key: MessageKey; params: readonly string[] }> = {
  four_eyes_required: { key: 'apiReason_four_eyes_required', params: ['units'] },
  version_conflict: { key: 'apiReason_version_conflict', params: [] },
  claimed_by_other: { key: 'apiReason_claimed_by_other', params: ['until'] },
  held_by_investigation: { key: 'apiReason_held_by_investigation', params: ['holders'] },
  webhook_platform: { key: 'apiReason_webhook_platform', params: ['platform'] },
  no_webhook_channel: { key: 'apiReason_no_webhook_channel', params: ['platform'] },
  order_needs_removal_order_route: { key: 'apiReason_order_needs_removal_order_route', params: [] },
  order_of_other_unit: { key: 'apiReason_order_of_other_unit', params: ['unit'] },
  procedures_not_sent: { key: 'apiReason_procedures_not_sent', params: ['platform'] },
  procedures_too_recent: { key: 'apiReason_procedures_too_recent', params: ['platform', 'earliest'] },
  time_in_future: { key: 'apiReason_time_in_future', params: [] },
  review_own_request: { key: 'apiReason_review_own_request', params: [] },
  review_own_report: { key: 'apiReason_review_own_report', params: [] },
  review_pending: { key: 'apiReason_review_pending', params: [] },
  review_already_approved: { key: 'apiReason_review_already_approved', params: [] },
  review_not_requested: { key: 'apiReason_review_not_requested', params: ['unit'] },
  review_already_decided: { key: 'apiReason_review_already_decided', params: [] },
  review_of_other_unit: { key: 'apiReason_review_of_other_unit', params: ['unit'] },
  review_version_changed: { key: 'apiReason_review_version_changed', params: ['reviewed', 'current'] },
  hold_end_not_future: { key: 'apiReason_hold_end_not_future', params: [] },
  hold_only_extends: { key: 'apiReason_hold_only_extends', params: ['until'] },
  hold_not_active: { key: 'apiReason_hold_not_active', params: [] },
  hold_statutory_period: { key: 'apiReason_hold_statutory_period', params: ['until'] },
};

/** The rules the API names in words rather than by article; any other rule is a law reference, shown as cited. */
const namedRuleKeys: Readonly<Record<string, MessageKey>> = {
  'four-eyes review': 'apiRule_four_eyes',
  'legal hold': 'apiRule_legal_hold',
};

/**
 * An error body as the background reads it: the code and reason as plain strings, so an API
 * newer than this extension (a code or reason added since) still shows its English message.
 */
export const apiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(apiIssue).optional(),
    reason: z.string().optional(),
    rule: z.string().optional(),
    params: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>['error'];

const isCode = (code: string): code is ApiErrorCode => (apiErrorCodes as readonly string[]).includes(code);
const isReason = (reason: string): reason is ApiErrorReason => (apiErrorReasons as readonly string[]).includes(reason);

/** The fields at fault, each with its problem in the officer's language where the API or the contract names it. */
const fieldsAtFault = (issues: readonly ApiIssue[]): string =>
  issues
    .map((issue) => {
      const worded = issueMessage(issue);
      // zod's own English from the server is left out: the field's name says where to look.
      return worded === issue.message ? issue.path : t('apiErrorFields', issue.path, worded);
    })
    .filter((field, i, all) => all.indexOf(field) === i)
    .join('; ');

/** The sentence of a known reason, or undefined when the reason is unknown or a value it names is missing. */
const reasonSentence = (error: ApiErrorBody): string | undefined => {
  if (error.reason === undefined || !isReason(error.reason)) return undefined;
  const { key, params } = apiErrorReasonKeys[error.reason];
  const values = params.map((name) => error.params?.[name]);
  return values.every((value): value is string => value !== undefined) ? t(key, ...values) : undefined;
};

/**
 * The sentence of a known code, with its fields at fault, or undefined for a code this extension
 * does not know. One code covers many situations, and only those with a reason are worded here:
 * for the rest the API's own sentence follows, so the officer still learns which (a complaint
 * already decided, a transition the lifecycle forbids).
 */
const codeSentence = (error: ApiErrorBody): string | undefined => {
  if (!isCode(error.code)) return undefined;
  const sentence = t(apiErrorCodeKeys[error.code]);
  const fields = error.issues === undefined || error.issues.length === 0 ? '' : fieldsAtFault(error.issues);
  if (fields !== '') return t('apiErrorFields', sentence, fields);
  // The rule is cited once, before the sentence: the API's message opens with it too.
  const detail = error.rule !== undefined && error.message.startsWith(`${error.rule}: `) ? error.message.slice(error.rule.length + 2) : error.message;
  return error.reason === undefined && detail.trim() !== '' ? t('apiErrorDetail', sentence, detail) : sentence;
};

/** The officer's words for an API error: reason, else code, with the rule it applies; the API's English only for an unknown one. */
export const apiErrorText = (status: number, error: ApiErrorBody | undefined): string => {
  if (error === undefined) return t('apiErrorUnreadable', status);
  // A reason the extension does not know is a situation it cannot word: the API's own message says it.
  const unknownReason = error.reason !== undefined && reasonSentence(error) === undefined;
  const sentence = unknownReason ? undefined : (reasonSentence(error) ?? codeSentence(error));
  if (sentence === undefined) return t('apiErrorWithCode', error.message, status, error.code);
  const rule = error.rule === undefined ? undefined : namedRuleKeys[error.rule] === undefined ? error.rule : t(namedRuleKeys[error.rule] as MessageKey);
  return t('apiErrorWithCode', rule === undefined ? sentence : t('apiRefusalUnderRule', rule, sentence), status, error.code);
};
