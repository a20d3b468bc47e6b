import * as z from 'zod';
import type { ExplainedLabel } from '../../contract/responses';
import designatedGroupsFile from './designated-groups.json' with { type: 'json' };
import {
  compileTerms,
  findTerms,
  foldText,
  quote,
  scanLimitNote,
  type ScannedField,
  type TermMatch,
  type TermMatcher,
} from './text-matching';

/** Lists a designation can come from. EU-CP-931: Council Common Position 2001/931/CFSP. */
export const designationLists = ['EU-CP-931', 'UN-1267', 'US-FTO', 'US-SDGT', 'UK-proscribed'] as const;

export const groupAlias = z.strictObject({
  alias: z.string().min(1),
  match: z.enum(['normalized', 'case-sensitive', 'tag-only']).default('normalized'),
  context: z.string().optional(),
  /** Arabic-script aliases accept attached و ف ب ك ل unless this is false. */
  proclitics: z.boolean().default(true),
  note: z.string().optional(),
});
export type GroupAlias = z.infer<typeof groupAlias>;

export const designatedGroup = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    name: z.string().min(1),
    designations: z.array(z.strictObject({ list: z.enum(designationLists), note: z.string().optional() })),
    sourceCheck: z.string().startsWith('source: check').optional(),
    aliases: z.array(groupAlias).min(1),
  })
  .refine((group) => group.designations.length > 0 || group.sourceCheck !== undefined, {
    message: 'a group with no confirmed designation must say what to check',
  });
export type DesignatedGroup = z.infer<typeof designatedGroup>;

export const contextSet = z.strictObject({ before: z.array(z.string()), after: z.array(z.string()) });

export const designatedGroupsData = z
  .object({
    contextSets: z.record(z.string(), contextSet),
    groups: z.array(designatedGroup).min(1),
  })
  .superRefine((data, ctx) => {
    for (const group of data.groups) {
      for (const alias of group.aliases) {
        if (alias.context !== undefined && !(alias.context in data.contextSets)) {
          ctx.addIssue({ code: 'custom', message: `${group.id}: unknown context set ${alias.context}` });
        }
      }
    }
  });

// Parsed once at load: a malformed data file fails the first import, not a referral.
const parsed = designatedGroupsData.parse(designatedGroupsFile);

/** The alias list shipped with the pipeline (designated-groups.json). */
export const designatedGroups: readonly DesignatedGroup[] = parsed.groups;

/** Comparison key for typed names: folded, without spaces or apostrophes ("Al Qa'ida" = "alqaida"). */
export function groupKey(text: string): string {
  return foldText(text).replace(/[\s']/gu, '');
}

interface AliasRef {
  group: DesignatedGroup;
  alias: GroupAlias;
}

const contextWords = new Map(
  Object.entries(parsed.contextSets).map(([name, set]) => [
    name,
    { before: new Set(set.before.map(foldText)), after: new Set(set.after.map(foldText)) },
  ]),
);

function aliasRefs(mode: GroupAlias['match']): AliasRef[] {
  return designatedGroups.flatMap((group) =>
    group.aliases.filter((alias) => alias.match === mode).map((alias) => ({ group, alias })),
  );
}

const foldedRefs = aliasRefs('normalized');
const foldedMatcher: TermMatcher = compileTerms(
  foldedRefs.map((ref) => ref.alias.alias),
  { proclitics: foldedRefs.map((ref) => ref.alias.proclitics) },
);
const caseSensitiveRefs = aliasRefs('case-sensitive');
const caseSensitiveMatcher: TermMatcher = compileTerms(
  caseSensitiveRefs.map((ref) => ref.alias.alias),
  { caseSensitive: true },
);

export interface GroupSearchResult {
  group: DesignatedGroup;
  /** The name or alias that matched the query. */
  matched: string;
  /** 0 exact, 1 prefix, 2 substring. */
  rank: 0 | 1 | 2;
}

/**
 * Search the list by id, name or alias (case-, diacritics-, space- and apostrophe-
 * insensitive), best first: exact, then prefix, then substring; one result per group.
 * Meant for the extension's searchable group picker and for resolving officer tags.
 */
export function findGroup(query: string): GroupSearchResult[] {
  const key = groupKey(query);
  if (key.length === 0) return [];
  const best = new Map<string, GroupSearchResult>();
  designatedGroups.forEach((group) => {
    for (const candidate of [group.id, group.name, ...group.aliases.map((a) => a.alias)]) {
      const candidateKey = groupKey(candidate);
      const rank = candidateKey === key ? 0 : candidateKey.startsWith(key) ? 1 : candidateKey.includes(key) ? 2 : undefined;
      if (rank === undefined) continue;
      const previous = best.get(group.id);
      if (!previous || rank < previous.rank) best.set(group.id, { group, matched: candidate, rank });
    }
  });
  const order = new Map(designatedGroups.map((group, index) => [group.id, index]));
  return [...best.values()].sort(
    (a, b) => a.rank - b.rank || (order.get(a.group.id) ?? 0) - (order.get(b.group.id) ?? 0),
  );
}

function designationSummary(group: DesignatedGroup): string {
  const lists = group.designations.map((d) => (d.note ? `${d.list} (${d.note})` : d.list)).join('; ');
  const listed = `designations: ${lists || 'none confirmed'}`;
  return group.sourceCheck ? `${listed}; ${group.sourceCheck}` : listed;
}

const wordBefore = /([\p{L}\p{N}']+)[\s-]*$/u;
const wordAfter = /^[\s-]*([\p{L}\p{N}']+)/u;

function isShouted(word: string | undefined): boolean {
  const letters = word?.replace(/[^\p{L}]/gu, '') ?? '';
  return letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * An ambiguous alias ("IS", "The Base") counts only when the word right before or after
 * it is one of its context words. For case-sensitive aliases, an all-capitals neighbour
 * means shouted text ("THIS IS WAR"), where case tells nothing, so it does not count.
 */
function hasContext(alias: GroupAlias, text: string, start: number, end: number, caseSensitive: boolean): boolean {
  if (alias.context === undefined) return true;
  const words = contextWords.get(alias.context);
  if (!words) return false;
  const before = wordBefore.exec(text.slice(Math.max(0, start - 48), start))?.[1];
  const after = wordAfter.exec(text.slice(end, end + 48))?.[1];
  if (caseSensitive && (isShouted(before) || isShouted(after))) return false;
  return (
    (before !== undefined && words.before.has(foldText(before))) ||
    (after !== undefined && words.after.has(foldText(after)))
  );
}

/** The `group` label's value for an officer tag that names no group on the list. */
export const unresolvedGroup = 'unresolved';

export interface GroupAttribution {
  groups: string[];
  labels: ExplainedLabel[];
}

const maxEvidencePerGroup = 3;

/**
 * Designated-group attribution: the officer's group field first (rule 'officer-tag'),
 * then aliases found in the title and selected text (rule 'alias-in-text').
 */
export function attributeGroups(officerGroup: string | undefined, fields: readonly ScannedField[]): GroupAttribution {
  const labels: ExplainedLabel[] = [];
  const groups: string[] = [];
  const attribute = (group: DesignatedGroup): void => {
    if (!groups.includes(group.id)) groups.push(group.id);
  };

  if (officerGroup !== undefined && officerGroup.trim() !== '') {
    const exact = findGroup(officerGroup).find((result) => result.rank === 0);
    if (exact) {
      attribute(exact.group);
      labels.push({
        name: 'group',
        value: exact.group.id,
        rule: 'officer-tag',
        evidence: [`officer group field: "${officerGroup}"`, `matches: "${exact.matched}"`, designationSummary(exact.group)],
      });
    } else {
      labels.push({
        name: 'group',
        value: unresolvedGroup,
        rule: 'officer-tag-unmatched',
        evidence: [`officer group field: "${officerGroup}"`, 'no designated-groups.json entry has this id, name or alias'],
      });
    }
  }

  const hits = new Map<string, { group: DesignatedGroup; evidence: string[] }>();
  const record = (ref: AliasRef, scanned: ScannedField, match: TermMatch): void => {
    const entry = hits.get(ref.group.id) ?? { group: ref.group, evidence: [] };
    hits.set(ref.group.id, entry);
    if (entry.evidence.length >= maxEvidencePerGroup) return;
    const note = ref.alias.note ? ` (${ref.alias.note})` : '';
    entry.evidence.push(`alias "${ref.alias.alias}"${note} at ${quote(scanned, match.start, match.end)}`);
  };
  for (const scanned of fields) {
    for (const match of findTerms(foldedMatcher, scanned)) {
      const ref = foldedRefs[match.termIndex];
      if (ref && hasContext(ref.alias, scanned.folded, match.foldedStart, match.foldedEnd, false)) record(ref, scanned, match);
    }
    for (const match of findTerms(caseSensitiveMatcher, scanned)) {
      const ref = caseSensitiveRefs[match.termIndex];
      if (ref && hasContext(ref.alias, scanned.original, match.start, match.end, true)) record(ref, scanned, match);
    }
  }
  const order = new Map(designatedGroups.map((group, index) => [group.id, index]));
  const rule = `alias-in-text${scanLimitNote(fields)}`;
  for (const { group, evidence } of [...hits.values()].sort(
    (a, b) => (order.get(a.group.id) ?? 0) - (order.get(b.group.id) ?? 0),
  )) {
    attribute(group);
    labels.push({ name: 'group', value: group.id, rule, evidence: [...evidence, designationSummary(group)] });
  }
  return { groups, labels };
}
