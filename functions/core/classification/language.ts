import { francAll } from 'franc';
import type { ExplainedLabel } from '../../contract/responses';
import { capText } from './text-matching';

/** The share of a labelled sample the detector must name right for its answer to be given. */
export const reliableShare = 0.9;

/**
 * Below this many characters (after dropping URLs and collapsing spaces) franc names the
 * right language in fewer than `reliableShare` of a labelled sample of web sentences in
 * ten languages (vectors/leipzig-sentences.ts; language.test.ts re-measures it, in steps
 * of 10 characters). English is among the worst: at 30 characters franc calls a third of
 * English sentences Scots, Romanian, Danish or another Latin-script language.
 */
export const minLanguageSampleChars = 80;

/** How many languages the sample behind `minLanguageSampleChars` holds, for the evidence line. */
const measuredLanguages = 10;

/** franc itself reads only the first 2048 characters; we pass no more, so the evidence is exact. */
export const maxLanguageSampleChars = 2_048;

export const languageDetector = 'franc 6.2.0 (trigram model)';

/**
 * franc scores the best language 1 and the others relative to it. Closely related
 * languages (ru/sr/bg/mk, id/ms, es/gl) come out within a few hundredths on short
 * text; a runner-up at or above this score is flagged so a reviewer double-checks.
 */
export const closeCallScore = 0.98;

/**
 * ISO 639-3 (as franc returns it) to ISO 639-1. Individual languages map to the code of
 * their macrolanguage where 639-1 has only that (arb -> ar, pes/prs -> fa, zlm -> ms,
 * pbu -> ps, uzn -> uz). Central Kurdish (ckb) stays 639-3: 639-1 'ku' would hide
 * whether it is Sorani or Kurmanji.
 */
export const iso6393To6391: Readonly<Record<string, string>> = {
  afr: 'af',
  amh: 'am',
  ara: 'ar',
  arb: 'ar',
  azj: 'az',
  bel: 'be',
  ben: 'bn',
  bos: 'bs',
  bul: 'bg',
  cat: 'ca',
  ces: 'cs',
  cmn: 'zh',
  dan: 'da',
  deu: 'de',
  ekk: 'et',
  ell: 'el',
  eng: 'en',
  fas: 'fa',
  fin: 'fi',
  fra: 'fr',
  hau: 'ha',
  heb: 'he',
  hin: 'hi',
  hrv: 'hr',
  hun: 'hu',
  hye: 'hy',
  ind: 'id',
  ita: 'it',
  jpn: 'ja',
  kat: 'ka',
  kaz: 'kk',
  kir: 'ky',
  kor: 'ko',
  lit: 'lt',
  lvs: 'lv',
  mkd: 'mk',
  nld: 'nl',
  nno: 'nn',
  nob: 'nb',
  pbu: 'ps',
  pes: 'fa',
  pol: 'pl',
  por: 'pt',
  prs: 'fa',
  pus: 'ps',
  ron: 'ro',
  rus: 'ru',
  slk: 'sk',
  slv: 'sl',
  som: 'so',
  spa: 'es',
  srp: 'sr',
  swe: 'sv',
  swh: 'sw',
  tgk: 'tg',
  tha: 'th',
  tir: 'ti',
  tuk: 'tk',
  tur: 'tr',
  uig: 'ug',
  ukr: 'uk',
  urd: 'ur',
  uzn: 'uz',
  vie: 'vi',
  yor: 'yo',
  zlm: 'ms',
};

export interface LanguageResult {
  /** ISO 639-1 where one exists, else ISO 639-3, else 'und'. */
  language: string;
  label: ExplainedLabel;
}

/** What the language is read from: the report's own words, and the page's `<html lang>`. */
export interface LanguageInput {
  title?: string | undefined;
  selectedText?: string | undefined;
  /** The tagged page's declared language (BCP 47), as the extension read it. */
  pageLanguage?: string | undefined;
}

// URLs are language-neutral and would pull the trigram statistics toward English.
const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu;

export function toIso6391(code: string): string {
  return iso6393To6391[code] ?? code;
}

function excerpt(sample: string): string {
  const chars = Array.from(sample.slice(0, 80));
  return chars.slice(0, 60).join('');
}

/** franc's candidates for a sample, best first, scored relative to the best (1). */
export function rankLanguages(sample: string): [string, number][] {
  return francAll(sample, { minLength: 1 });
}

/**
 * Scripts a declared language is written in, for the languages referrals come in. A page's
 * `lang` is often its interface language (t.me declares "en" around Arabic posts), so a
 * declaration is not taken for text written in another script.
 */
const scriptOfLanguage: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['ar', 'fa', 'ur', 'ps', 'ckb', 'ug', 'sd'].map((code) => [code, 'Arabic'])),
  ...Object.fromEntries(['ru', 'uk', 'bg', 'mk', 'be', 'kk', 'ky', 'tg', 'mn'].map((code) => [code, 'Cyrillic'])),
  ...Object.fromEntries(['he', 'yi'].map((code) => [code, 'Hebrew'])),
  el: 'Greek',
  ...Object.fromEntries(
    ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'tr', 'pl', 'sv', 'da', 'nb', 'nn', 'no', 'fi', 'et', 'lv', 'lt', 'ro', 'cs', 'sk', 'sl',
      'hr', 'bs', 'sq', 'hu', 'id', 'ms', 'so', 'ha', 'sw', 'tl', 'vi', 'az', 'uz', 'ku', 'ga', 'mt', 'lb', 'ca', 'eu', 'gl']
      .map((code) => [code, 'Latin']),
  ),
};
const scripts = ['Latin', 'Arabic', 'Cyrillic', 'Hebrew', 'Greek'] as const;
const scriptPatterns = scripts.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'gu')] as const);

/** The script most of the sample's letters are in, if it is one `scriptOfLanguage` knows. */
function dominantScript(sample: string): string | undefined {
  let best: { script: string; count: number } | undefined;
  for (const [script, pattern] of scriptPatterns) {
    const count = sample.match(pattern)?.length ?? 0;
    if (count > 0 && (!best || count > best.count)) best = { script, count };
  }
  return best?.script;
}

// BCP 47: a primary language subtag of 2 or 3 letters, then subtags; 'und', 'mul', 'zxx' say nothing.
const languageTag = /^([a-z]{2,3})(?:-[a-z0-9]{1,8})*$/iu;
const uninformative = new Set(['und', 'mul', 'zxx', 'mis']);

function declaredLanguage(pageLanguage: string | undefined): { tag: string; language: string } | undefined {
  const tag = pageLanguage?.trim() ?? '';
  const primary = languageTag.exec(tag)?.[1]?.toLowerCase();
  if (primary === undefined || uninformative.has(primary)) return undefined;
  return { tag, language: toIso6391(primary) };
}

/**
 * The language of the report's own words (title, then selected text), from franc when there
 * is enough text for it to be right, else from the page's declared language when the text is
 * in that language's script, else 'und' with the reason.
 */
export function detectLanguage(input: LanguageInput): LanguageResult {
  const joined = [input.title, input.selectedText].filter((part): part is string => !!part).join('\n');
  // Only the head is ever used; cut before cleaning so multi-MB input costs nothing.
  const cleaned = capText(joined, maxLanguageSampleChars * 4)
    .replace(urlPattern, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const sample = capText(cleaned, maxLanguageSampleChars);
  const evidence = [`detector: ${languageDetector}`, `sample (${sample.length} chars, first 60 shown): "${excerpt(sample)}"`];
  const declared = declaredLanguage(input.pageLanguage);

  if (sample.length < minLanguageSampleChars) {
    const tooShort =
      `${sample.length} characters of text; below ${minLanguageSampleChars} the detector named the right language ` +
      `in fewer than ${reliableShare * 100}% of a labelled sample in ${measuredLanguages} languages`;
    const script = dominantScript(sample);
    const expected = declared && scriptOfLanguage[declared.language];
    if (declared && (script === undefined || expected === undefined || script === expected)) {
      return {
        language: declared.language,
        label: {
          name: 'language',
          value: declared.language,
          rule: 'page-declared-language',
          evidence: [...evidence, `page declares lang="${declared.tag}"`, tooShort],
        },
      };
    }
    const refused = declared ? [`page declares lang="${declared.tag}", but the text is in ${script} script, not ${expected}`] : [];
    return { language: 'und', label: { name: 'language', value: 'und', rule: 'too-short', evidence: [...evidence, ...refused, tooShort] } };
  }

  const candidates = rankLanguages(sample);
  const top = candidates[0]?.[0] ?? 'und';
  const runnerUp = candidates[1]?.[1] ?? 0;
  const language = top === 'und' ? 'und' : toIso6391(top);
  const ranked = candidates
    .slice(0, 3)
    .map(([code, score]) => `${code} ${score.toFixed(3)}`)
    .join(', ');
  const pageSays = declared ? [`page declares lang="${declared.tag}" (${declared.language === language ? 'agrees' : 'differs'})`] : [];
  return {
    language,
    label: {
      name: 'language',
      value: language,
      rule: top === 'und' ? 'franc-undetermined' : runnerUp >= closeCallScore ? 'franc-trigrams-close-call' : 'franc-trigrams',
      evidence: [...evidence, `franc code: ${top}`, `top candidates: ${ranked}`, ...pageSays],
    },
  };
}
