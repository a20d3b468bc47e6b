import { describe, expect, it } from 'vitest';
import { stixBundleExport } from '../../contract/indicator-export';
import { stixProblems } from '../../../tests/helpers/export-validators';
import { buildStixBundle, stixPatternOf } from './stix-bundle';
import { sampleExport, sampleIban, sampleWallet } from './indicator-export.fixture';

type Bundle = ReturnType<typeof buildStixBundle>;
const ofType = (bundle: Bundle, type: string) => bundle.objects.filter((object) => object.type === type) as Record<string, unknown>[];

describe('the STIX 2.1 bundle export', () => {
  const bundle = buildStixBundle(sampleExport());

  it('validates against the OASIS STIX 2.1 JSON schemas, with ids, references and patterns as the specification writes them', () => {
    expect(stixProblems(bundle)).toEqual([]);
    expect(stixBundleExport.safeParse(bundle).success).toBe(true);
  });

  it('has one indicator per wallet, IBAN or payment link, with a pattern on the observable it names', () => {
    const patterns = ofType(bundle, 'indicator').map((indicator) => indicator['pattern']);
    expect(patterns).toEqual(
      expect.arrayContaining([`[x-cryptocurrency-wallet:value = '${sampleWallet}']`, `[x-bank-account:iban = '${sampleIban}']`, "[url:value = 'https://paypal.me/spendenkanal']"]),
    );
    expect(ofType(bundle, 'indicator').every((indicator) => indicator['pattern_type'] === 'stix' && indicator['valid_from'] === '2026-11-02T09:15:00.000Z')).toBe(true);
  });

  it('escapes quotes and backslashes in a pattern string', () => {
    expect(stixPatternOf({ type: 'btc', value: "o'brien\\x" })).toBe("[x-cryptocurrency-wallet:value = 'o\\'brien\\\\x']");
    // A payment link is a URI first: a quote stays (RFC 3986 allows it) and is escaped in the pattern.
    expect(stixPatternOf({ type: 'payment_link', value: "paypal.me/o'brien" })).toBe("[url:value = 'https://paypal.me/o\\'brien']");
  });

  it('records a sighting per referral at the referred URL, and relates indicators seen in the same referral', () => {
    const sightings = ofType(bundle, 'sighting');
    // The wallet in 3 referrals, the IBAN in 2, Monero in 1, the payment link in 1.
    expect(sightings).toHaveLength(7);
    const urls = ofType(bundle, 'url').map((url) => url['value']);
    expect(urls).toEqual(expect.arrayContaining(['https://t.me/spendenkanal/5', 'https://t.me/spendenkanal/6', 'https://justpaste.it/abc12']));
    expect(new Set(urls).size).toBe(urls.length);
    const related = ofType(bundle, 'relationship').filter((relationship) => relationship['relationship_type'] === 'related-to');
    expect(related).toHaveLength(1);
    expect(ofType(bundle, 'relationship').filter((relationship) => relationship['relationship_type'] === 'based-on')).toHaveLength(7);
  });

  it('quotes the content around an indicator, never what the officer typed, and names no reporting unit or group', () => {
    const text = JSON.stringify(bundle);
    expect(text).toContain('Spenden BTC');
    expect(text).not.toContain('de-bka');
    expect(text).not.toContain('designated-group');
    const typed = ofType(bundle, 'sighting').filter((sighting) => String(sighting['description']).includes('manual'));
    expect(typed.length).toBeGreaterThan(0);
    for (const sighting of typed) expect(sighting['description']).not.toContain('"');
  });

  it('marks every object TLP:AMBER and names the exporting unit as their creator', () => {
    const identity = ofType(bundle, 'identity')[0];
    expect(identity).toMatchObject({ name: 'eu-iru', identity_class: 'organization' });
    for (const object of bundle.objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'url')) {
      expect(object['object_marking_refs']).toEqual(['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82']);
      if (object.type !== 'identity') expect(object['created_by_ref']).toBe(identity?.['id']);
    }
  });

  it('gives a later export of the same dossiers the same object ids, as a new version', () => {
    const later = buildStixBundle({ ...sampleExport(), exportedAt: '2026-12-07T08:00:00.000Z' });
    expect(later.objects.map((o) => o.id).filter((id) => !id.startsWith('bundle'))).toEqual(bundle.objects.map((o) => o.id));
    expect(later.id).not.toBe(bundle.id);
    const indicator = ofType(later, 'indicator')[0];
    expect(indicator?.['created']).toBe(ofType(bundle, 'indicator')[0]?.['created']);
    expect(indicator?.['modified']).toBe('2026-12-07T08:00:00.000Z');
  });

  it('is caught by the validator when a pattern, a reference or a timestamp is wrong', () => {
    const broken = structuredClone(bundle) as { objects: Record<string, unknown>[] };
    const indicator = broken.objects.find((o) => o['type'] === 'indicator')!;
    indicator['pattern'] = `[wallet = '${sampleWallet}']`;
    indicator['created'] = '2026-11-02T09:15:00Z';
    broken.objects.find((o) => o['type'] === 'sighting')!['sighting_of_ref'] = 'indicator--00000000-0000-4000-8000-000000000000';
    const problems = stixProblems(broken);
    expect(problems.some((p) => p.includes('patterning grammar'))).toBe(true);
    expect(problems.some((p) => p.includes('is not in the bundle'))).toBe(true);
    expect(problems.some((p) => p.includes('created') && p.includes('pattern'))).toBe(true);
  });
});
