import type { IncidentSeeds } from '../../contract/incident';
import type { ExplainedLabel } from '../../contract/responses';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { assumeHttps } from '../../contract/http-url';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, pdqDistance, type PdqHash } from '../media/pdq-hash';

/** An open incident as the process stage matches reports against it. */
export interface OpenIncident {
  incidentId: string;
  name: string;
  startedAt: string;
  seeds: IncidentSeeds;
}

/** What of a report is matched against seeds. */
export interface ReportFacts {
  acceptedAt: string;
  contentKey: string;
  canonicalUrl: string;
  handle?: string;
  title?: string;
  selectedText?: string;
  /** SHA-256 of the report's artifacts and of its selected text (content-hashes.ts). */
  sha256s: readonly string[];
  /** PDQ hashes of the report's media: its verified images (recomputed by the server) and its video's frames. */
  pdqs?: readonly MediaPdq[];
}

/** One PDQ hash of a report's media, and which image or frame it is of (cited in the label). */
export interface MediaPdq {
  hash: string;
  quality: number;
  source: string;
}

export interface SeedMatch {
  kind: 'url' | 'handle' | 'term' | 'content-hash' | 'pdq';
  seed: string;
  /** A PDQ match: the bits between the seed and the closest hash of the report's media, and that hash's image or frame. */
  distance?: number;
  media?: string;
}

/** The report's images and video frames as PDQ facts: images as the server hashed them, frames as the extension sampled them. */
export const mediaPdqsOf = (
  images: Iterable<readonly [sha256: string, image: { ok: true; pdq: string; quality: number } | { ok: false }]>,
  videos: readonly { url: string; sha256: string; frames: readonly { pdq: string; quality: number; timestamp: number }[] }[],
): MediaPdq[] => [
  ...[...images].flatMap(([sha256, image]) => (image.ok ? [{ hash: image.pdq, quality: image.quality, source: `image sha256 ${sha256}` }] : [])),
  ...videos.flatMap((video) => video.frames.map((frame) => ({ hash: frame.pdq, quality: frame.quality, source: `frame at ${frame.timestamp}s of video sha256 ${video.sha256} at ${video.url}` }))),
];

/** A usable hash of the report's media, parsed once for every seed. */
interface ParsedPdq {
  hash: PdqHash;
  source: string;
}

/**
 * The report's hashes that can be matched. Hashes under quality 50 are left out, as Meta's tools
 * and the hash banks leave them out: a flat frame (a black screen) is close to every other flat frame.
 */
const usablePdqs = (media: readonly MediaPdq[]): ParsedPdq[] =>
  media.flatMap((item) => {
    const hash = item.quality >= minimumPdqMatchQuality ? parsePdqHex(item.hash) : undefined;
    return hash ? [{ hash, source: item.source }] : [];
  });

/** The closest hash of the media to a seed, when it lies within Meta's match distance (31 bits). */
const closestPdq = (seed: string, media: readonly ParsedPdq[]): { distance: number; source: string } | undefined => {
  const seedHash = parsePdqHex(seed);
  if (!seedHash) return undefined;
  let best: { distance: number; source: string } | undefined;
  for (const item of media) {
    const distance = pdqDistance(seedHash, item.hash);
    if (distance <= defaultPdqMatchDistance && (best === undefined || distance < best.distance)) best = { distance, source: item.source };
  }
  return best;
};

/** A seed URL's content key, or why it has none (the declaration refuses it). */
export const seedContentKey = (url: string): { ok: true; contentKey: string } | { ok: false; reason: string } => {
  const canonical = canonicalizeUrl(assumeHttps(url).url);
  return canonical.ok ? { ok: true, contentKey: canonical.value.contentKey } : { ok: false, reason: canonical.error.message };
};

const bareHandle = (handle: string): string => handle.trim().replace(/^@/, '').toLowerCase();

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as a whole word (or phrase) in any case: "stream" must not match "mainstream". */
const termMatches = (term: string, text: string): boolean => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.trim())}(?![\\p{L}\\p{N}])`, 'iu').test(text);

/**
 * Every seed of the incident the report matches; none for a report accepted before the incident
 * began (an incident is not retroactive: earlier reports are added by hand).
 */
export const matchIncident = (incident: OpenIncident, report: ReportFacts): SeedMatch[] => {
  if (Date.parse(report.acceptedAt) < Date.parse(incident.startedAt)) return [];
  const matches: SeedMatch[] = [];
  for (const url of incident.seeds.urls) {
    const seed = seedContentKey(url);
    if (seed.ok && seed.contentKey === report.contentKey) matches.push({ kind: 'url', seed: url });
  }
  const pathSegments = new Set(
    (URL.canParse(report.canonicalUrl) ? new URL(report.canonicalUrl).pathname : '')
      .split('/')
      .filter((segment) => segment !== '')
      .map(bareHandle),
  );
  for (const handle of incident.seeds.handles) {
    const bare = bareHandle(handle);
    if ((report.handle !== undefined && bareHandle(report.handle) === bare) || pathSegments.has(bare)) matches.push({ kind: 'handle', seed: handle });
  }
  const text = [report.title ?? '', report.selectedText ?? ''].join('\n');
  for (const term of incident.seeds.terms) if (termMatches(term, text)) matches.push({ kind: 'term', seed: term });
  const hashes = new Set(report.sha256s);
  for (const hash of incident.seeds.contentHashes) if (hashes.has(hash)) matches.push({ kind: 'content-hash', seed: hash });
  const media = incident.seeds.pdqHashes.length > 0 ? usablePdqs(report.pdqs ?? []) : [];
  if (media.length > 0) {
    for (const seed of incident.seeds.pdqHashes) {
      const closest = closestPdq(seed, media);
      if (closest) matches.push({ kind: 'pdq', seed, distance: closest.distance, media: closest.source });
    }
  }
  return matches;
};

const seedEvidence = (match: SeedMatch): string =>
  match.kind === 'pdq' ? `seed pdq ${match.seed} at distance ${match.distance ?? '?'} (at most ${defaultPdqMatchDistance}) from ${match.media ?? 'the media'}` : `seed ${match.kind} ${match.seed}`;

/** The incident label of a matching report: which incident, by which rule, and every seed it matched. */
export const incidentLabel = (incident: OpenIncident, matches: readonly SeedMatch[]): ExplainedLabel => ({
  name: 'incident',
  value: incident.incidentId,
  rule: `incident-seed-${matches[0]?.kind ?? 'url'}`,
  evidence: [`incident "${incident.name}" (began ${incident.startedAt})`, ...matches.map(seedEvidence)],
});
