import type { IncidentSeeds } from '../../contract/incident';
import type { ExplainedLabel } from '../../contract/responses';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { assumeHttps } from '../../contract/http-url';

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
}

export interface SeedMatch {
  kind: 'url' | 'handle' | 'term' | 'content-hash';
  seed: string;
}

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
  return matches;
};

/** The incident label of a matching report: which incident, by which rule, and every seed it matched. */
export const incidentLabel = (incident: OpenIncident, matches: readonly SeedMatch[]): ExplainedLabel => ({
  name: 'incident',
  value: incident.incidentId,
  rule: `incident-seed-${matches[0]?.kind ?? 'url'}`,
  evidence: [`incident "${incident.name}" (began ${incident.startedAt})`, ...matches.map((match) => `seed ${match.kind} ${match.seed}`)],
});
