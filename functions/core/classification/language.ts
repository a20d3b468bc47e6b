import { francAll } from 'franc';
import type { ExplainedLabel } from '../../contract/responses';
import { capText } from './text-matching';

/** Below this many characters (after dropping URLs and collapsing spaces) trigram detection is noise. */
export const minLanguageSampleChars = 20;

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

// URLs are language-neutral and would pull the trigram statistics toward English.
const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu;

export function toIso6391(code: string): string {
  return iso6393To6391[code] ?? code;
}

function excerpt(sample: string): string {
  const chars = Array.from(sample.slice(0, 80));
  return chars.slice(0, 60).join('');
}

/** Detect the language of the report's own words (title, then selected text). */
export function detectLanguage(title: string | undefined, selectedText: string | undefined): LanguageResult {
  const joined = [title, selectedText].filter((part): part is string => !!part).join('\n');
  // Only the head is ever used; cut before cleaning so multi-MB input costs nothing.
  const cleaned = capText(joined, maxLanguageSampleChars * 4)
    .replace(urlPattern, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const sample = capText(cleaned, maxLanguageSampleChars);
  const evidence = [`detector: ${languageDetector}`, `sample (${sample.length} chars, first 60 shown): "${excerpt(sample)}"`];
  if (sample.length < minLanguageSampleChars) {
    return {
      language: 'und',
      label: {
        name: 'language',
        value: 'und',
        rule: 'too-short',
        evidence: [...evidence, `fewer than ${minLanguageSampleChars} characters of text after removing URLs`],
      },
    };
  }
  const candidates = francAll(sample, { minLength: minLanguageSampleChars });
  const top = candidates[0]?.[0] ?? 'und';
  const runnerUp = candidates[1]?.[1] ?? 0;
  const language = top === 'und' ? 'und' : toIso6391(top);
  const ranked = candidates
    .slice(0, 3)
    .map(([code, score]) => `${code} ${score.toFixed(3)}`)
    .join(', ');
  return {
    language,
    label: {
      name: 'language',
      value: language,
      rule: top === 'und' ? 'franc-undetermined' : runnerUp >= closeCallScore ? 'franc-trigrams-close-call' : 'franc-trigrams',
      evidence: [...evidence, `franc code: ${top}`, `top candidates: ${ranked}`],
    },
  };
}
