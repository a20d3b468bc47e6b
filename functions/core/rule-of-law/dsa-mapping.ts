import type { Category } from '../../contract/report';
import type { TcoGround } from '../../contract/rule-of-law';

/**
 * The one table from Referral Desk's categories to the DSA transparency database's statement
 * of reasons: every category the units refer is terrorist content, which the database files
 * under "Risk for public security" with the keyword "Terrorist content".
 */
export const dsaCategoryOf: Readonly<Record<Category, { statementCategory: string; keyword: string; label: string }>> = {
  attack_planning: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Attack planning' },
  recruitment: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Recruitment' },
  fundraising: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Fundraising' },
  propaganda: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Propaganda' },
  instructional: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Instructional material' },
  other: { statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', keyword: 'KEYWORD_TERRORIST_CONTENT', label: 'Other terrorist content' },
};

/** Platform outcomes as the transparency database's decision on visibility. */
export const dsaDecisionOf: Readonly<Record<string, string>> = {
  removed: 'DECISION_VISIBILITY_CONTENT_REMOVED',
  geo_blocked: 'DECISION_VISIBILITY_CONTENT_DISABLED',
  restricted: 'DECISION_VISIBILITY_CONTENT_DEMOTED',
};

/** The Art. 2(7) ground a category most often rests on, as a suggestion in notices (the officer's order states its own). */
export const likelyGroundOf: Readonly<Record<Category, TcoGround>> = {
  attack_planning: 'e',
  recruitment: 'c',
  fundraising: 'c',
  propaganda: 'a',
  instructional: 'd',
  other: 'a',
};
