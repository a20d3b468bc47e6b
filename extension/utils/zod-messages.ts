import * as z from 'zod';
import de from 'zod/v4/locales/de.js';
import en from 'zod/v4/locales/en.js';
import fr from 'zod/v4/locales/fr.js';
import type { ApiIssueCode } from './contract';
import { t, type MessageKey } from './i18n';

/**
 * zod's messages in the officer's language. zod's own messages ("Invalid email address") come
 * from its locale, set once per page from the browser's UI language; only the three languages the
 * extension speaks are imported (one file each), so the bundle carries no other. The messages the
 * contract writes itself (article citations, field rules) win over any locale in zod, so they are
 * read here by their English text, the contract's stable wording, and shown through a message key.
 */

const zodLocales = { en, fr, de } as const;

/** The zod locale for a browser language ("fr-FR" → fr); English for any language the extension does not speak. */
export const zodLocaleFor = (language: string): (typeof zodLocales)[keyof typeof zodLocales] => {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in zodLocales ? zodLocales[primary as keyof typeof zodLocales] : en;
};

/** Sets zod's own messages to the page's language, once when the page starts. */
export const setZodLanguage = (language: string): void => {
  z.config(zodLocaleFor(language)());
};

/**
 * The contract's own messages (functions/contract) that the dashboard's forms can show, each with
 * its key in the message files. zod-messages.test.ts fails when the contract writes a message that
 * is neither here nor listed there as never shown in the dashboard.
 */
export const contractMessageKeys: Readonly<Record<string, MessageKey>> = {
  "give the officer id of a colleague": 'zodIssue_officerIdMissing',
  "an officer id is letters, digits and . _ @ + : -": 'zodIssue_officerIdCharacters',
  "the pager URL must be http(s)": 'zodIssue_pagerUrlHttp',
  "the signing secret needs at least 32 characters": 'zodIssue_signingSecretShort',
  "the rota needs at least one contact": 'zodIssue_rotaNeedsContact',
  "email is not an email address": 'zodIssue_abuseEmailInvalid',
  "give an email or a formUrl": 'zodIssue_abuseEmailOrForm',
  "host must be a lower-case domain name": 'zodIssue_hostDomain',
  "URL is empty": 'zodIssue_urlEmpty',
  "not a valid absolute URL": 'zodIssue_urlNotAbsolute',
  "URLs with credentials are not allowed": 'zodIssue_urlCredentials',
  "URL has no host": 'zodIssue_urlNoHost',
  "only http and https URLs are allowed": 'zodIssue_urlScheme',
  "a handle: letters, digits, _ . - (an optional leading @)": 'zodIssue_incidentHandle',
  "a term has at least 3 characters": 'zodIssue_incidentTermShort',
  "a lowercase hex SHA-256": 'zodIssue_incidentSha256',
  "a PDQ hash: 64 hex digits": 'zodIssue_incidentPdq',
  "an incident needs at least one seed": 'zodIssue_incidentNeedsSeed',
  "a referral id: ref_<24 hex>": 'zodIssue_referralIdFormat',
  "webhookUrl must be an https:// URL": 'zodIssue_webhookUrlHttps',
  "a phone number: digits, spaces, ( ) . - and an optional leading +": 'zodIssue_phoneNumber',
  "url must be an https:// URL": 'zodIssue_contactUrlHttps',
  "give at least one of phone, email or url": 'zodIssue_contactOneWay',
  "unit must be a lowercase slug": 'zodIssue_unitSlug',
  "Regulation (EU) 2021/784 Art. 2(7): the ground must be one of a, b, c, d, e": 'zodIssue_orderGround',
  "Annex III: the reason must be force_majeure, de_facto_impossibility, manifest_errors or insufficient_information": 'zodIssue_orderCannotComplyReason',
  "expected a UTC ISO 8601 date and time, e.g. 2026-03-01T10:00:00Z": 'zodIssue_utcInstant',
  "expected a two-letter Member State code (ISO 3166-1 alpha-2, EL for Greece)": 'zodIssue_memberState',
  "Annex I Section B: the exact URL (http or https) is mandatory": 'zodIssue_orderUrl',
  "Annex I Section B: at least one ground under Art. 2(7) is mandatory": 'zodIssue_orderGroundsMandatory',
  "Art. 3(4)(d): the statement of reasons must be sufficiently detailed (at least 20 characters)": 'zodIssue_orderReasoning',
  "Art. 11(3): a \"do not disclose\" decision needs its delay in weeks (1 to 6)": 'zodIssue_orderDelayNeeded',
  "a delay only applies with doNotDisclose": 'zodIssue_orderDelayOnlyWithNoDisclose',
  "Annex I Section G: redress information is mandatory (court, time limit, procedure)": 'zodIssue_orderRedress',
  "Art. 3(2): an emergency must be duly justified (at least 20 characters)": 'zodIssue_orderEmergency',
  "Art. 11(3): an extension is at most six weeks": 'zodIssue_disclosureExtensionMax',
  "Art. 11(3): say why the non-disclosure is still justified (at least 20 characters)": 'zodIssue_disclosureExtensionReason',
  "releasing a legal hold needs a reason": 'zodIssue_holdReleaseReason',
  "refusing a referral needs a reason": 'zodIssue_reviewRefusalReason',
};

/** Each field problem the API names by code beyond the schema (a refused URL, a custody mismatch), worded here. */
export const apiIssueCodeKeys: Record<ApiIssueCode, MessageKey> = {
  invalid_url: 'apiIssue_invalid_url',
  unsupported_scheme: 'apiIssue_unsupported_scheme',
  non_public_host: 'apiIssue_non_public_host',
  capture_other_officer: 'apiIssue_capture_other_officer',
  capture_other_unit: 'apiIssue_capture_other_unit',
  repeated_submission_id: 'apiIssue_repeated_submission_id',
};

const isIssueCode = (code: string | undefined): code is ApiIssueCode => code !== undefined && Object.hasOwn(apiIssueCodeKeys, code);

/**
 * One issue's message in the officer's language: an API issue by its code, the contract's own
 * message through its key, zod's from its locale; the English message only for a code this
 * extension does not know yet.
 */
export const issueMessage = (issue: { message: string; code?: string | undefined }): string => {
  if (isIssueCode(issue.code)) return t(apiIssueCodeKeys[issue.code]);
  const key = contractMessageKeys[issue.message];
  return key === undefined ? issue.message : t(key);
};
