/**
 * Text folding and whole-word term matching shared by group attribution, the category
 * lexicons and the imminence rule. Matching runs on a folded copy of the text; every
 * folded character remembers where it came from, so evidence quotes the original.
 */

/**
 * Work bound: at most this many UTF-16 code units of each text field are scanned.
 * It equals the contract's `selectedText` maximum (functions/contract/report.ts), so a
 * valid report is always scanned whole; anything longer is cut and the rules say so.
 */
export const maxScanChars = 200_000;

/** At most this many matches are kept per matcher and field; the rules need a few, not all. */
export const maxMatchesPerScan = 200;

export type TextField = 'title' | 'selectedText';

export interface ScannedField {
  field: TextField;
  /** The scanned part of the original text (at most `maxScanChars`). */
  original: string;
  /** Folded text: what the matchers run on. */
  folded: string;
  /** For each folded UTF-16 unit, the index in `original` of the code point it came from. */
  origin: number[];
  truncated: boolean;
  originalLength: number;
}

export interface TermMatch {
  field: TextField;
  /** Index of the matched term in the matcher's term list. */
  termIndex: number;
  term: string;
  /** Offsets in the folded text. */
  foldedStart: number;
  foldedEnd: number;
  /** Offsets in the original text. */
  start: number;
  end: number;
}

// Arabic orthographic variants that writers use interchangeably; folded both in the
// text and in the terms so either spelling matches.
const specialFolds: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['ẞ', 'ss'],
  ['ı', 'i'],
  ['\u0640', ''], // tatweel (kashida): decorative elongation
  ['ٱ', 'ا'],
  ['ى', 'ي'],
  ['ة', 'ه'],
  ['ی', 'ي'], // Persian yeh
  ['ک', 'ك'], // Persian keheh
  ['‘', "'"],
  ['’', "'"],
  ['‛', "'"],
  ['`', "'"],
  ['´', "'"],
  ['ʹ', "'"],
  ['ʻ', "'"],
  ['ʼ', "'"],
  ['ʽ', "'"],
  ['ʾ', "'"],
  ['ʿ', "'"],
  ['′', "'"],
  ['＇', "'"],
  ['‐', ' '],
  ['‑', ' '],
  ['‒', ' '],
  ['–', ' '],
  ['—', ' '],
  ['―', ' '],
  ['−', ' '],
]);

const markPattern = /\p{M}/gu;
const whitespacePattern = /^\s$/u;
const foldCache = new Map<string, string>();
const foldCacheLimit = 20_000;

function foldNonAscii(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let folded: string;
  const code = ch.codePointAt(0) ?? 0;
  const special = specialFolds.get(ch);
  if (special !== undefined) {
    folded = special;
  } else if (code >= 0x0660 && code <= 0x0669) {
    folded = String.fromCharCode(48 + code - 0x0660); // Arabic-Indic digits
  } else if (code >= 0x06f0 && code <= 0x06f9) {
    folded = String.fromCharCode(48 + code - 0x06f0); // Extended Arabic-Indic (Persian, Urdu)
  } else if (whitespacePattern.test(ch)) {
    folded = ' ';
  } else {
    // NFKD then dropping marks removes Latin accents, Arabic harakat and hamza seats
    // (أ إ آ -> ا); lower-casing after so Turkish İ loses its dot too.
    const decomposed = ch.normalize('NFKD').replace(markPattern, '').toLowerCase();
    folded = '';
    for (const part of decomposed) folded += specialFolds.get(part) ?? part;
  }
  if (foldCache.size < foldCacheLimit) foldCache.set(ch, folded);
  return folded;
}

function foldCodePoint(ch: string, code: number): string {
  if (code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    // Hyphens and underscores join words in names and hashtags (al-Qaeda, al_qaeda).
    if (code === 0x2d || code === 0x5f) return ' ';
    if (code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d) return ' ';
    if (code === 0x60) return "'";
    return ch;
  }
  return foldNonAscii(ch);
}

/** Cut at `cap` code units without splitting a surrogate pair. */
export function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  let end = cap;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Fold a term or query the same way texts are folded (lower case, no marks, one space). */
export function foldText(text: string): string {
  return foldWithOrigin(text).folded.trim();
}

/**
 * Folding can lengthen text (NFKD turns U+FDFA into 18 letters), so the folded copy is
 * capped too; `consumed` says how much of the input it covers.
 */
function foldWithOrigin(text: string, maxFolded = Number.POSITIVE_INFINITY): { folded: string; origin: number[]; consumed: number } {
  const parts: string[] = [];
  const origin: number[] = [];
  let index = 0;
  let lastWasSpace = true;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const folded = foldCodePoint(ch, code);
    if (parts.length + folded.length > maxFolded) break;
    for (let i = 0; i < folded.length; i += 1) {
      const unit = folded[i] as string;
      if (unit === ' ') {
        if (lastWasSpace) continue;
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      parts.push(unit);
      origin.push(index);
    }
    index += ch.length;
  }
  return { folded: parts.join(''), origin, consumed: index };
}

export function scanField(field: TextField, text: string, cap: number = maxScanChars): ScannedField {
  const capped = capText(text, cap);
  const { folded, origin, consumed } = foldWithOrigin(capped, 2 * cap);
  const original = capped.slice(0, consumed);
  return { field, original, folded, origin, truncated: original.length < text.length, originalLength: text.length };
}

const letterOrDigit = '[\\p{L}\\p{N}]';
const arabicScript = /\p{Script=Arabic}/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Arabic attaches conjunctions, prepositions and the article to the next word (و، ف، ب،
 * ك، ل، ال), and ل + ال is written لل; without these a whole-word match would miss
 * "وداعش", "للدولة" or "الهجوم" (the attack).
 */
function arabicProcliticPattern(term: string): string {
  if (term.startsWith('ال')) return `(?:[وفبك]?ال|[وف]?لل)${escapeRegExp(term.slice(2))}`;
  return `(?:[وفبك]?ال|[وف]?لل|[وفبلك])?${escapeRegExp(term)}`;
}

export interface TermMatcherOptions {
  /** Match on the folded text (default) or case-sensitively on the original. */
  caseSensitive?: boolean;
  /** Per term: allow Arabic proclitics before an Arabic-script term (default true). */
  proclitics?: readonly boolean[];
}

export interface TermMatcher {
  terms: readonly string[];
  caseSensitive: boolean;
  pattern: RegExp | undefined;
  /** Capture group n (1-based) matched `terms[termIndexByGroup[n - 1]]`. */
  termIndexByGroup: readonly number[];
}

/**
 * One regular expression for a list of terms, matched as whole words: no letter or
 * digit may touch either end. Terms are folded first unless the match is case-sensitive.
 */
export function compileTerms(rawTerms: readonly string[], options: TermMatcherOptions = {}): TermMatcher {
  const caseSensitive = options.caseSensitive ?? false;
  const terms = rawTerms.map((term) => (caseSensitive ? term : foldText(term)));
  const order = terms
    .map((term, index) => ({ term, index }))
    .filter(({ term }) => term.length > 0)
    // Longest first: at one position the first alternative that matches wins.
    .sort((a, b) => b.term.length - a.term.length || a.index - b.index);
  if (order.length === 0) return { terms, caseSensitive, pattern: undefined, termIndexByGroup: [] };
  const alternatives = order.map(({ term, index }) => {
    const allowProclitic = !caseSensitive && (options.proclitics?.[index] ?? true) && arabicScript.test(term);
    return `(${allowProclitic ? arabicProcliticPattern(term) : escapeRegExp(term)})`;
  });
  const source = `(?<!${letterOrDigit})(?:${alternatives.join('|')})(?!${letterOrDigit})`;
  return {
    terms,
    caseSensitive,
    pattern: new RegExp(source, 'gu'),
    termIndexByGroup: order.map(({ index }) => index),
  };
}

/** All whole-word matches of the matcher's terms in one scanned field, at most `limit`. */
export function findTerms(matcher: TermMatcher, scanned: ScannedField, limit: number = maxMatchesPerScan): TermMatch[] {
  const { pattern, termIndexByGroup } = matcher;
  if (!pattern) return [];
  const haystack = matcher.caseSensitive ? scanned.original : scanned.folded;
  const matches: TermMatch[] = [];
  pattern.lastIndex = 0;
  for (const match of haystack.matchAll(pattern)) {
    const group = match.findIndex((value, i) => i > 0 && value !== undefined);
    const termIndex = termIndexByGroup[group - 1];
    if (termIndex === undefined) continue;
    const foldedStart = match.index;
    const foldedEnd = foldedStart + match[0].length;
    const { start, end } = matcher.caseSensitive
      ? { start: foldedStart, end: foldedEnd }
      : originalRange(scanned, foldedStart, foldedEnd);
    matches.push({
      field: scanned.field,
      termIndex,
      term: matcher.terms[termIndex] ?? '',
      foldedStart,
      foldedEnd,
      start,
      end,
    });
    if (matches.length >= limit) break;
  }
  return matches;
}

/** Original-text range covering folded units [foldedStart, foldedEnd). */
export function originalRange(scanned: ScannedField, foldedStart: number, foldedEnd: number): { start: number; end: number } {
  const start = scanned.origin[foldedStart] ?? scanned.original.length;
  const lastOrigin = scanned.origin[Math.max(foldedStart, foldedEnd - 1)] ?? start;
  const lastCode = scanned.original.codePointAt(lastOrigin) ?? 0;
  return { start, end: Math.min(scanned.original.length, lastOrigin + (lastCode > 0xffff ? 2 : 1)) };
}

/** A short quote around [start, end) of the original, whitespace collapsed, for a label's evidence. */
export function snippet(scanned: ScannedField, start: number, end: number, radius = 40): string {
  const text = scanned.original;
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  // Never cut a surrogate pair in half at either end of the quote.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from -= 1;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to += 1;
  const body = text.slice(from, to).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Evidence line: where in which field, and the quote. */
export function quote(scanned: ScannedField, start: number, end: number): string {
  return `${scanned.field}@${start}: "${snippet(scanned, start, end)}"`;
}

/** Suffix for rules whose text scan was cut, so the label says what was not read. */
export function scanLimitNote(fields: readonly ScannedField[]): string {
  const cut = fields.filter((f) => f.truncated);
  if (cut.length === 0) return '';
  return ` (scanned first ${maxScanChars} characters of ${cut.map((f) => `${f.field}: ${f.originalLength}`).join(', ')})`;
}
