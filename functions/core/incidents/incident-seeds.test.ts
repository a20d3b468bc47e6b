import { describe, expect, it } from 'vitest';
import { assignPriority } from '../classification/priority';
import { incidentLabel, matchIncident, mediaPdqsOf, seedContentKey, type OpenIncident, type ReportFacts } from './incident-seeds';

const incident: OpenIncident = {
  incidentId: '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c',
  name: 'Attack on the market',
  startedAt: '2026-03-01T10:00:00.000Z',
  seeds: {
    urls: ['https://twitter.com/attacker/status/1800000000000000123?s=20'],
    handles: ['@Attacker_Live'],
    terms: ['market convoy', 'livestream'],
    contentHashes: ['a'.repeat(64)],
    pdqHashes: ['f'.repeat(64)],
  },
};

/** The seed's PDQ with its first `bits` bits (from the last hex digit) turned off. */
const pdqOff = (bits: number): string => {
  const digits = 'f'.repeat(64).split('').map((digit) => Number.parseInt(digit, 16));
  for (let bit = 0; bit < bits; bit++) digits[63 - (bit >> 2)] = (digits[63 - (bit >> 2)] as number) & ~(1 << (bit & 3));
  return digits.map((digit) => digit.toString(16)).join('');
};

const facts = (overrides: Partial<ReportFacts> = {}): ReportFacts => ({
  acceptedAt: '2026-03-01T10:05:00.000Z',
  contentKey: 'youtube:video:AAAAAAAAAAA',
  canonicalUrl: 'https://www.youtube.com/watch?v=AAAAAAAAAAA',
  sha256s: [],
  ...overrides,
});

describe('incident seeds', () => {
  it('match a seed URL in any of its forms, by the content it names', () => {
    const seed = seedContentKey('https://x.com/attacker/status/1800000000000000123');
    if (!seed.ok) throw new Error(seed.reason);
    expect(matchIncident(incident, facts({ contentKey: seed.contentKey, canonicalUrl: 'https://x.com/i/status/1800000000000000123' }))).toEqual([{ kind: 'url', seed: incident.seeds.urls[0] }]);
    expect(seedContentKey('not a url at all').ok).toBe(false);
  });

  it("match a handle as the report's handle or a segment of its URL, in any case, with or without @", () => {
    expect(matchIncident(incident, facts({ handle: 'attacker_live' }))).toEqual([{ kind: 'handle', seed: '@Attacker_Live' }]);
    expect(matchIncident(incident, facts({ canonicalUrl: 'https://t.me/s/ATTACKER_LIVE/12' }))).toEqual([{ kind: 'handle', seed: '@Attacker_Live' }]);
    expect(matchIncident(incident, facts({ handle: 'attacker_live_fan' }))).toEqual([]);
  });

  it('match terms as whole words in the captured text, and content hashes of the artifacts', () => {
    expect(matchIncident(incident, facts({ title: 'Footage of the MARKET CONVOY, re-uploaded' }))).toEqual([{ kind: 'term', seed: 'market convoy' }]);
    expect(matchIncident(incident, facts({ selectedText: 'mainstream livestreams' }))).toEqual([]);
    expect(matchIncident(incident, facts({ sha256s: ['b'.repeat(64), 'a'.repeat(64)] }))).toEqual([{ kind: 'content-hash', seed: 'a'.repeat(64) }]);
  });

  it('match a PDQ seed by the closest image or frame within distance 31 of quality 50 or more, naming it and the distance', () => {
    const video = { url: 'https://cdn.example.net/attack.mp4', sha256: 'd'.repeat(64), frames: [{ pdq: pdqOff(40), quality: 90, timestamp: 0 }, { pdq: pdqOff(12), quality: 90, timestamp: 7 }, { pdq: pdqOff(2), quality: 20, timestamp: 8 }] };
    const pdqs = mediaPdqsOf([['e'.repeat(64), { ok: true, pdq: pdqOff(31), quality: 80 }], ['c'.repeat(64), { ok: false }]], [video]);
    expect(matchIncident(incident, facts({ pdqs }))).toEqual([{ kind: 'pdq', seed: 'f'.repeat(64), distance: 12, media: `frame at 7s of video sha256 ${'d'.repeat(64)} at https://cdn.example.net/attack.mp4` }]);
    expect(matchIncident(incident, facts({ pdqs: mediaPdqsOf([['e'.repeat(64), { ok: true, pdq: pdqOff(31), quality: 80 }]], []) }))).toEqual([{ kind: 'pdq', seed: 'f'.repeat(64), distance: 31, media: `image sha256 ${'e'.repeat(64)}` }]);
    expect(matchIncident(incident, facts({ pdqs: mediaPdqsOf([['e'.repeat(64), { ok: true, pdq: pdqOff(32), quality: 80 }]], []) }))).toEqual([]);
    expect(matchIncident(incident, facts({ pdqs: mediaPdqsOf([], [{ ...video, frames: [{ pdq: 'f'.repeat(64), quality: 49, timestamp: 0 }] }]) }))).toEqual([]);
    expect(incidentLabel(incident, [{ kind: 'pdq', seed: 'f'.repeat(64), distance: 12, media: 'image sha256 e' }]).evidence[1]).toBe(`seed pdq ${'f'.repeat(64)} at distance 12 (at most 31) from image sha256 e`);
  });

  it('match nothing accepted before the incident began', () => {
    expect(matchIncident(incident, facts({ acceptedAt: '2026-03-01T09:59:59.000Z', handle: 'attacker_live' }))).toEqual([]);
  });

  it('label the report with the incident and every seed matched, and raise it to P2 but never lower a P1', () => {
    const label = incidentLabel(incident, [{ kind: 'handle', seed: '@Attacker_Live' }, { kind: 'term', seed: 'livestream' }]);
    expect(label).toEqual({
      name: 'incident',
      value: incident.incidentId,
      rule: 'incident-seed-handle',
      evidence: ['incident "Attack on the market" (began 2026-03-01T10:00:00.000Z)', 'seed handle @Attacker_Live', 'seed term livestream'],
    });
    const base = { officerCategory: 'propaganda' as const, urgent: false, legalRoute: 'referral' as const, suggested: [], attackPlanningByLexicon: false, imminence: [], groups: [] };
    expect(assignPriority(base).priority).toBe('P4');
    expect(assignPriority({ ...base, incidents: [label] })).toMatchObject({ priority: 'P2', label: { rule: 'incident-seed', evidence: ['incident-seed: incident "Attack on the market" (began 2026-03-01T10:00:00.000Z) (see incident label)'] } });
    expect(assignPriority({ ...base, urgent: true, incidents: [label] }).priority).toBe('P1');
  });
});
