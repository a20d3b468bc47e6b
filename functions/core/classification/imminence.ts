import { attackTerms, imminenceMarkers, timeOrDatePattern } from './lexicons';
import {
  compileTerms,
  findTerms,
  maxMatchesPerScan,
  originalRange,
  quote,
  type ScannedField,
  type TermMatch,
} from './text-matching';

/**
 * A time marker counts when it lies within this many folded characters of an attack
 * term: about one sentence, the distance at which "tomorrow at 17:00 ... attack" reads
 * as one statement.
 */
export const imminenceWindowChars = 80;

export interface ImminenceHit {
  marker: string;
  attackTerm: string;
  /** Evidence line with field, offset and quote. */
  evidence: string;
}

const attackTermList = [...new Set(Object.values(attackTerms).flat())];
const attackMatcher = compileTerms(attackTermList);
const markerList = [...new Set(Object.values(imminenceMarkers).flat())];
const markerMatcher = compileTerms(markerList);

function timeMatches(scanned: ScannedField): TermMatch[] {
  const matches: TermMatch[] = [];
  for (const match of scanned.folded.matchAll(timeOrDatePattern)) {
    const foldedStart = match.index;
    const foldedEnd = foldedStart + match[0].length;
    const { start, end } = originalRange(scanned, foldedStart, foldedEnd);
    matches.push({ field: scanned.field, termIndex: -1, term: match[0], foldedStart, foldedEnd, start, end });
    if (matches.length >= maxMatchesPerScan) break;
  }
  return matches;
}

function gap(a: TermMatch, b: TermMatch): number {
  if (a.foldedEnd <= b.foldedStart) return b.foldedStart - a.foldedEnd;
  if (b.foldedEnd <= a.foldedStart) return a.foldedStart - b.foldedEnd;
  return 0;
}

/**
 * Time markers ("tomorrow", "ce soir", "17:00", "غدا") within `imminenceWindowChars` of an
 * attack term, in the same field. One hit per marker, closest attack term.
 */
export function findImminence(fields: readonly ScannedField[], limit = 5): ImminenceHit[] {
  const hits: ImminenceHit[] = [];
  for (const scanned of fields) {
    const attacks = findTerms(attackMatcher, scanned);
    if (attacks.length === 0) continue;
    const markers = [...findTerms(markerMatcher, scanned), ...timeMatches(scanned)].sort(
      (a, b) => a.foldedStart - b.foldedStart,
    );
    for (const marker of markers) {
      let nearest: TermMatch | undefined;
      for (const attack of attacks) {
        if (gap(marker, attack) <= imminenceWindowChars && (!nearest || gap(marker, attack) < gap(marker, nearest))) {
          nearest = attack;
        }
      }
      if (!nearest) continue;
      const start = Math.min(marker.start, nearest.start);
      const end = Math.max(marker.end, nearest.end);
      hits.push({
        marker: marker.term,
        attackTerm: nearest.term,
        evidence: `time marker "${marker.term}" near attack term "${nearest.term}" at ${quote(scanned, start, end)}`,
      });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}
