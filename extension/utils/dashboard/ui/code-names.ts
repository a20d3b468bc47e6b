import { categories, evidenceKinds, indicatorSourceNames, referralOutcomes, type AuditEvent, type Category, type CountDimension, type ReferralEvidence, type ReferralOutcome, type ReferralStatus, type Role } from '../../contract';
import { t, type MessageKey } from '../../i18n';

/**
 * The API's codes (statuses, outcomes, audit actions) as the officer reads them, in the
 * dashboard's language. Each map is a Record over the contract's enum, so a value added to the
 * contract fails the typecheck until it has a message in all three languages. A code the
 * contract types only as a string falls back to itself, so nothing is hidden.
 */

/** A referral's status at its platform. */
export const statusName = (status: ReferralStatus): string => t(`status_${status}`);

const outcomeKeys: Record<ReferralOutcome, MessageKey> = {
  removed: 'outcome_removed',
  geo_blocked: 'outcome_geo_blocked',
  restricted: 'outcome_restricted',
  no_violation: 'outcome_no_violation',
  not_actionable: 'outcome_not_actionable',
};
const isOutcome = (code: string): code is ReferralOutcome => (referralOutcomes as readonly string[]).includes(code);

/** What the platform did (an incident's referral rows type it as a string). */
export const outcomeName = (outcome: string): string => (isOutcome(outcome) ? t(outcomeKeys[outcome]) : outcome);

/** A status with its outcome when it has one: "actioned: removed". */
export const statusWithOutcome = (status: ReferralStatus, outcome: string | undefined): string =>
  outcome === undefined || outcome === '' ? statusName(status) : t('statusWithOutcome', statusName(status), outcomeName(outcome));

const auditActionKeys: Record<AuditEvent['action'], MessageKey> = {
  transition: 'auditAction_transition',
  claimed: 'auditAction_claimed',
  released: 'auditAction_released',
  delivery_requested: 'auditAction_delivery_requested',
  urgent_delivery_requested: 'auditAction_urgent_delivery_requested',
  assigned: 'auditAction_assigned',
  unassigned: 'auditAction_unassigned',
};

/** What an audit event recorded. */
export const auditActionName = (action: AuditEvent['action']): string => t(auditActionKeys[action]);

const actorKindKeys: Record<AuditEvent['actor']['kind'], MessageKey> = { officer: 'actorKind_officer', platform: 'actorKind_platform', system: 'actorKind_system' };

/** Who acted: an officer, a platform's callback, or a stage of the pipeline. */
export const actorKindName = (kind: AuditEvent['actor']['kind']): string => t(actorKindKeys[kind]);

/** An audit event's change of status, with the outcome when it records one: "new → sent". */
export const describeChange = (event: Pick<AuditEvent, 'from' | 'to' | 'outcome'>): string =>
  `${statusName(event.from)} → ${statusName(event.to)}${event.outcome === undefined ? '' : ` (${outcomeName(event.outcome)})`}`;

const evidenceKindKeys: Record<(typeof evidenceKinds)[number], MessageKey> = {
  screenshot: 'evidenceKind_screenshot',
  mhtml: 'evidenceKind_mhtml',
  selection: 'evidenceKind_selection',
  media: 'evidenceKind_media',
};
const isEvidenceKind = (code: string): code is (typeof evidenceKinds)[number] => (evidenceKinds as readonly string[]).includes(code);

/** A captured artifact's kind (the evidence view types it as a string). */
export const evidenceKindName = (kind: string): string => (isEvidenceKind(kind) ? t(evidenceKindKeys[kind]) : kind);

const evidenceStatusKeys: Record<ReferralEvidence['artifacts'][number]['status'], MessageKey> = {
  verified: 'evidenceStatus_verified',
  mismatch: 'evidenceStatus_mismatch',
  missing: 'evidenceStatus_missing',
  unchecked: 'evidenceStatus_unchecked',
};

/** What the process stage found when it re-hashed an artifact. */
export const evidenceStatusName = (status: ReferralEvidence['artifacts'][number]['status']): string => t(evidenceStatusKeys[status]);

const categoryKeys: Record<Category, MessageKey> = {
  attack_planning: 'categoryAttackPlanning',
  recruitment: 'categoryRecruitment',
  fundraising: 'categoryFundraising',
  propaganda: 'categoryPropaganda',
  instructional: 'categoryInstructional',
  other: 'categoryOther',
};
const isCategory = (code: string): code is Category => (categories as readonly string[]).includes(code);

/** A report's category, as the popup names it when the officer files it. */
export const categoryName = (category: string): string => (isCategory(category) ? t(categoryKeys[category]) : category);

const indicatorSourceKeys: Record<(typeof indicatorSourceNames)[number], MessageKey> = {
  title: 'indicatorSource_title',
  selection: 'indicatorSource_selection',
  page: 'indicatorSource_page',
  qr: 'indicatorSource_qr',
  manual: 'indicatorSource_manual',
};

const isIndicatorSource = (code: string): code is (typeof indicatorSourceNames)[number] => (indicatorSourceNames as readonly string[]).includes(code);

/** Where in the captured page an indicator was found (a dossier's rows type it as a string). */
export const indicatorSourceName = (source: string): string => (isIndicatorSource(source) ? t(indicatorSourceKeys[source]) : source);

/**
 * A value of a trend's dimension: categories and outcomes are the API's codes and read in the
 * officer's words; platforms, groups, languages, priorities and units are names already.
 */
export const trendValueName = (by: CountDimension, value: string): string => (by === 'category' ? categoryName(value) : by === 'outcome' ? outcomeName(value) : value);

const roleKeys: Record<Role, MessageKey> = {
  referrer: 'role_referrer',
  liaison: 'role_liaison',
  analyst: 'role_analyst',
  admin: 'role_admin',
  'deployment-admin': 'role_deployment_admin',
};

/** The message key of a principal's role, as the session line names it. */
export const roleKey = (role: Role): MessageKey => roleKeys[role];

/**
 * The names of the labels the pipeline writes on a referral (functions/core/classification,
 * functions/process, incidents, sanctions, hash banks), each with its caption. A label's value,
 * rule and evidence are recorded data and are shown as stored; only its name is worded here.
 * code-names.test.ts fails when the pipeline writes a label name missing from this list.
 */
export const labelNameKeys: Readonly<Record<string, MessageKey>> = {
  priority: 'labelName_priority',
  deadline: 'labelName_deadline',
  platform: 'labelName_platform',
  group: 'labelName_group',
  'suggested-category': 'labelName_suggested_category',
  language: 'labelName_language',
  'content-key': 'labelName_content_key',
  'short-link': 'labelName_short_link',
  'url-note': 'labelName_url_note',
  'posted-in': 'labelName_posted_in',
  incident: 'labelName_incident',
  sanctions: 'labelName_sanctions',
  'same-media': 'labelName_same_media',
  'hash-bank-match': 'labelName_hash_bank_match',
};

/** A label's name in the officer's words; a name this extension does not know yet as the pipeline wrote it. */
export const labelName = (name: string): string => {
  const key = labelNameKeys[name];
  return key === undefined ? name : t(key);
};
