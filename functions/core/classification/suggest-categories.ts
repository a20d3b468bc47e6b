import { categories, type Category } from '../../contract/report';
import type { ExplainedLabel } from '../../contract/responses';
import type { ImminenceHit } from './imminence';
import { categoryLexicon, type LexiconCategory, type LexiconEntry } from './lexicons';
import { compileTerms, findTerms, foldText, quote, scanLimitNote, type ScannedField } from './text-matching';

/** The indicator fields classification needs; structurally compatible with core/indicators. */
export interface IndicatorInput {
  type: string;
  value: string;
  rule: string;
}

/**
 * Indicator types that are a way to send money. A messenger handle is not: it may be a
 * hawala contact, but also just a contact, so it does not suggest fundraising alone.
 */
export const financialIndicatorTypes: readonly string[] = ['btc', 'eth', 'trx', 'ltc', 'doge', 'xmr', 'iban', 'payment_link'];

export interface CategorySuggestions {
  /** Suggested categories, in contract order. May include the officer's own category (corroboration). */
  suggested: Category[];
  /** attack_planning suggested by lexicon rules alone (not only by a time marker near an attack word). */
  attackPlanningByLexicon: boolean;
  labels: ExplainedLabel[];
}

const maxEvidenceLines = 3;
const maxIndicatorLines = 10;

// The lexicon, folded once: one regex, then per folded term the entries it stands for.
const foldedTerms = [...new Set(categoryLexicon.map((entry) => foldText(entry.term)))];
const entriesByTerm = new Map<string, LexiconEntry[]>();
for (const entry of categoryLexicon) {
  const key = foldText(entry.term);
  entriesByTerm.set(key, [...(entriesByTerm.get(key) ?? []), entry]);
}
const lexiconMatcher = compileTerms(foldedTerms);

/**
 * Two weak words count as two only if they are different words, not forms of one
 * ("attack"/"attacks", "donate"/"donation"): compare the first four letters of the
 * first word, after an Arabic article.
 */
export function conceptKey(foldedTerm: string): string {
  const firstWord = foldedTerm.split(' ')[0] ?? foldedTerm;
  return Array.from(firstWord.startsWith('ال') ? firstWord.slice(2) : firstWord)
    .slice(0, 4)
    .join('');
}

interface Hit {
  entry: LexiconEntry;
  langs: string[];
  evidence: string;
}

function describe(hit: Hit): string {
  return `lexicon ${hit.langs.join('/')} "${hit.entry.term}" (${hit.entry.strength}) at ${hit.evidence}`;
}

export function suggestCategories(
  fields: readonly ScannedField[],
  indicators: readonly IndicatorInput[],
  imminence: readonly ImminenceHit[],
): CategorySuggestions {
  const labels: ExplainedLabel[] = [];
  const suggested = new Set<Category>();
  const scanNote = scanLimitNote(fields);

  const financial = indicators.filter((indicator) => financialIndicatorTypes.includes(indicator.type));
  if (financial.length > 0) {
    suggested.add('fundraising');
    const lines = financial
      .slice(0, maxIndicatorLines)
      .map((indicator) => `${indicator.type}: ${indicator.value} (indicator rule: ${indicator.rule})`);
    if (financial.length > maxIndicatorLines) lines.push(`and ${financial.length - maxIndicatorLines} more`);
    labels.push({ name: 'suggested-category', value: 'fundraising', rule: 'financial-indicators', evidence: lines });
  }

  // First occurrence of each folded term, per category and strength.
  const hits = new Map<LexiconCategory, { strong: Hit[]; weak: Map<string, Hit> }>();
  const seen = new Set<string>();
  for (const scanned of fields) {
    for (const match of findTerms(lexiconMatcher, scanned)) {
      if (seen.has(match.term)) continue;
      seen.add(match.term);
      const matchedEntries = entriesByTerm.get(match.term) ?? [];
      for (const entry of matchedEntries) {
        const langs = [...new Set(matchedEntries.filter((e) => e.category === entry.category).map((e) => e.lang))];
        const bucket = hits.get(entry.category) ?? { strong: [], weak: new Map<string, Hit>() };
        hits.set(entry.category, bucket);
        const hit: Hit = { entry, langs, evidence: quote(scanned, match.start, match.end) };
        if (entry.strength === 'strong') {
          if (!bucket.strong.some((h) => h.entry.term === entry.term)) bucket.strong.push(hit);
        } else if (!bucket.weak.has(conceptKey(match.term))) {
          bucket.weak.set(conceptKey(match.term), hit);
        }
      }
    }
  }

  let attackPlanningByLexicon = false;
  for (const category of categories) {
    if (category === 'other') continue;
    const bucket = hits.get(category);
    if (!bucket) continue;
    const weak = [...bucket.weak.values()];
    let label: ExplainedLabel | undefined;
    if (bucket.strong.length > 0) {
      label = {
        name: 'suggested-category',
        value: category,
        rule: `lexicon-strong${scanNote}`,
        evidence: bucket.strong.slice(0, maxEvidenceLines).map(describe),
      };
    } else if (weak.length >= 2) {
      label = {
        name: 'suggested-category',
        value: category,
        rule: `lexicon-two-weak${scanNote}`,
        evidence: weak.slice(0, maxEvidenceLines).map(describe),
      };
    }
    if (label) {
      suggested.add(category);
      labels.push(label);
      if (category === 'attack_planning') attackPlanningByLexicon = true;
    }
  }

  if (imminence.length > 0) {
    suggested.add('attack_planning');
    labels.push({
      name: 'suggested-category',
      value: 'attack_planning',
      rule: `attack-term-near-time${scanNote}`,
      evidence: imminence.slice(0, maxEvidenceLines).map((hit) => hit.evidence),
    });
  }

  return {
    suggested: categories.filter((category) => suggested.has(category)),
    attackPlanningByLexicon,
    labels,
  };
}
