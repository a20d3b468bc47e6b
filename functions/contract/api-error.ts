import * as z from 'zod';

export const apiErrorCodes = [
  'invalid_json',
  'invalid_body',
  'invalid_query',
  'unsupported_media_type',
  'payload_too_large',
  'headers_too_large',
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** The resource changed since the caller read it (another writer won): reload, then retry. */
  'stale_version',
  'internal',
  /** A transient state of the service, not the caller's fault: retry after the Retry-After header. */
  'count_in_progress',
] as const;

/**
 * The situations one code covers that a client must tell apart (a 409 may be a four-eyes review
 * still missing or a version conflict): stable names a client maps to its own words, so the
 * English `message` is only a fallback. A reason is never renamed; a new situation gets a new one.
 */
export const apiErrorReasons = [
  /** A unit requires a second officer of its own to approve the referral before delivery. */
  'four_eyes_required',
  /** The referral changed since the caller read it: reload and retry. */
  'version_conflict',
  /** Another officer holds a live claim on the referral. */
  'claimed_by_other',
  /** Another unit's investigation holds the content, its channel or an indicator. */
  'held_by_investigation',
  /** The platform takes referrals by webhook: they are sent, not marked as filed by hand. */
  'webhook_platform',
  /** No webhook is configured for the platform. */
  'no_webhook_channel',
  /** A removal order needs the legal route removal_order (Regulation (EU) 2021/784 Art. 3). */
  'order_needs_removal_order_route',
  /** Only the issuing unit acts on its removal order (Regulation (EU) 2021/784 Art. 3(1), Art. 4). */
  'order_of_other_unit',
  /** The unit never sent the provider its procedures (Regulation (EU) 2021/784 Art. 3(2)). */
  'procedures_not_sent',
  /** The procedures reached the provider less than 12 hours ago (Regulation (EU) 2021/784 Art. 3(2)). */
  'procedures_too_recent',
  /** A recorded time lies in the future. */
  'time_in_future',
  /** Four-eyes: the officer who asked for the review cannot decide it. */
  'review_own_request',
  /** Four-eyes: an officer who reported the referral cannot approve it. */
  'review_own_report',
  /** Four-eyes: a colleague's review is already pending. */
  'review_pending',
  /** Four-eyes: the referral is approved as it is now; nothing to ask for. */
  'review_already_approved',
  /** Four-eyes: the caller's unit has no review of this referral to decide. */
  'review_not_requested',
  /** Four-eyes: the review was already decided. */
  'review_already_decided',
  /** Four-eyes: the review belongs to another unit; an officer of that unit decides it. */
  'review_of_other_unit',
  /** Four-eyes: the referral changed since the reviewer looked at it. */
  'review_version_changed',
  /** A legal hold must end in the future (Regulation (EU) 2021/784 Art. 6(2)). */
  'hold_end_not_future',
  /** A legal hold is only extended, never shortened but by a release (Art. 6(2)). */
  'hold_only_extends',
  /** There is no active legal hold to release. */
  'hold_not_active',
  /** Removed content is preserved for six months; a release cannot shorten that (Art. 6(2)). */
  'hold_statutory_period',
] as const;
export type ApiErrorReason = (typeof apiErrorReasons)[number];

/**
 * Field problems the API finds beyond the schema, by a stable name a client words in its own
 * language; the message is English. Listed for clients; an issue's code is read as a plain
 * string, so a newer API may add one without breaking an older client (it shows the message).
 */
export const apiIssueCodes = ['invalid_url', 'unsupported_scheme', 'non_public_host', 'capture_other_officer', 'capture_other_unit', 'repeated_submission_id'] as const;
export type ApiIssueCode = (typeof apiIssueCodes)[number];

export const apiIssue = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().max(64).optional().describe("A stable name of the problem (apiIssueCodes), for a client to word in its own language; the message is English"),
});
export type ApiIssue = z.infer<typeof apiIssue>;

/** Every error the API returns has this shape: a code a client can act on, and the fields at fault. */
export const apiError = z.object({
  error: z.object({
    code: z.enum(apiErrorCodes),
    message: z.string(),
    issues: z.array(apiIssue).optional(),
    reason: z.enum(apiErrorReasons).optional().describe('Which situation of the code this is, for a client to word in its own language; the message is English'),
    /** The law or rule the refusal applies, as cited ("Regulation (EU) 2021/784 Art. 10(1)"). */
    rule: z.string().optional().describe('The law or rule the refusal applies, as cited, e.g. "Regulation (EU) 2021/784 Art. 10(1)"'),
    /** The values a reason's sentence names (units, a platform, whom to call), recorded data shown as is. */
    params: z.record(z.string(), z.string()).optional().describe("The values the reason's sentence names: units, platform, holders (whom to call), until, earliest"),
  }),
});
export type ApiError = z.infer<typeof apiError>;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
/** What a refusal adds beside its code and message: the reason, the rule it applies and the values its sentence names. */
export type ApiErrorDetail = Pick<ApiError['error'], 'reason' | 'rule' | 'params'>;

export const issuesFromZod = (error: z.ZodError): ApiIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
