import * as z from 'zod';
import type { Category, LegalRoute } from '../../contract/report';
import type { ExplainedLabel, Priority } from '../../contract/responses';
import { attributeGroups } from './designated-groups';
import { findImminence } from './imminence';
import { detectLanguage } from './language';
import { assignPriority, computeDeadline } from './priority';
import { suggestCategories, type IndicatorInput } from './suggest-categories';
import { scanField, type ScannedField } from './text-matching';

/**
 * What classification needs, as plain structures: the report fields, the platform as
 * canonical-url resolved it and the indicators found, so this module imports neither.
 */
export interface ClassificationInput {
  report: {
    category: Category;
    urgent: boolean;
    legalRoute: LegalRoute;
    title?: string;
    selectedText?: string;
    group?: string;
    subTags: string[];
    /** The tagged page's `<html lang>`, as the extension read it. */
    pageLanguage?: string;
  };
  platform: { id: string; rule: string; evidence: string; referralDeadlineHours: number };
  indicators: IndicatorInput[];
  /** Sanctions labels of the indicators, from screening at extraction: they raise the priority (the caller stores them). */
  sanctions?: readonly ExplainedLabel[];
  /** Incident labels of the open incidents the report matched: they raise the priority to at least P2 (the caller stores them). */
  incidents?: readonly ExplainedLabel[];
  /** ISO 8601 UTC; the caller's clock, so classification is reproducible. */
  receivedAt: string;
}

export interface Classification {
  platform: string;
  /** ISO 639-1 where known, else ISO 639-3, or 'und'. */
  language: string;
  /** Canonical ids from designated-groups.json. */
  groups: string[];
  suggestedCategories: Category[];
  priority: Priority;
  deadlineAt: string;
  labels: ExplainedLabel[];
}

/** A platform deadline longer than a year is a configuration error, not a policy. */
export const maxReferralDeadlineHours = 24 * 365;

/** Thrown for inputs the pipeline should never build; `field` says which one. */
export class ClassificationInputError extends Error {
  readonly code = 'invalid_classification_input';
  constructor(
    readonly field: 'receivedAt' | 'platform.referralDeadlineHours',
    message: string,
  ) {
    super(message);
    this.name = 'ClassificationInputError';
  }
}

const utcTimestamp = z.iso.datetime({ offset: false });

function checkInput(input: ClassificationInput): void {
  if (!utcTimestamp.safeParse(input.receivedAt).success || !Number.isFinite(Date.parse(input.receivedAt))) {
    throw new ClassificationInputError('receivedAt', `receivedAt must be an ISO 8601 UTC timestamp, got "${input.receivedAt}"`);
  }
  const hours = input.platform.referralDeadlineHours;
  if (!Number.isFinite(hours) || hours < 0 || hours > maxReferralDeadlineHours) {
    throw new ClassificationInputError(
      'platform.referralDeadlineHours',
      `referralDeadlineHours must be between 0 and ${maxReferralDeadlineHours}, got ${hours}`,
    );
  }
}

/**
 * Classify one report: platform, language, designated groups, suggested categories,
 * priority and deadline, each as a label with the rule and the evidence behind it.
 * Pure and deterministic; throws only ClassificationInputError.
 */
export function classifyReport(input: ClassificationInput): Classification {
  checkInput(input);
  const { report, platform } = input;

  const fields: ScannedField[] = [];
  if (report.title) fields.push(scanField('title', report.title));
  if (report.selectedText) fields.push(scanField('selectedText', report.selectedText));

  const language = detectLanguage({ title: report.title, selectedText: report.selectedText, pageLanguage: report.pageLanguage });
  const groups = attributeGroups(report.group, fields);
  const imminence = findImminence(fields);
  const suggestions = suggestCategories(fields, input.indicators, imminence);
  const priority = assignPriority({
    officerCategory: report.category,
    urgent: report.urgent,
    legalRoute: report.legalRoute,
    suggested: suggestions.suggested,
    attackPlanningByLexicon: suggestions.attackPlanningByLexicon,
    imminence,
    groups: groups.groups,
    sanctions: input.sanctions ?? [],
    incidents: input.incidents ?? [],
  });
  const deadline = computeDeadline({
    receivedAt: input.receivedAt,
    legalRoute: report.legalRoute,
    priority: priority.priority,
    platform,
  });

  return {
    platform: platform.id,
    language: language.language,
    groups: groups.groups,
    suggestedCategories: suggestions.suggested,
    priority: priority.priority,
    deadlineAt: deadline.deadlineAt,
    labels: [
      { name: 'platform', value: platform.id, rule: platform.rule, evidence: [platform.evidence] },
      language.label,
      ...groups.labels,
      ...suggestions.labels,
      priority.label,
      deadline.label,
    ],
  };
}
