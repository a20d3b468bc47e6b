import type { StixBundleExport } from '../../contract/indicator-export';
import { canonicalJson } from '../canonical-json';
import { indicatorKeyName, indicatorKinds, paymentLinkUrl, seenSummary, type ExportedIndicatorKey, type IndicatorExport } from './indicator-export';
import { unitNamespace, uuidV5 } from './stable-id';

type StixObject = StixBundleExport['objects'][number];

/** STIX 2.1 section 2.9: the namespace of the name-based ids of cyber-observable objects. */
const stixObservableNamespace = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The TLP:AMBER marking definition STIX 2.1 predefines (section 7.2.1.4): every object carries it. */
export const tlpAmber = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: 'TLP:AMBER',
  definition: { tlp: 'amber' },
} as const;

/** The unit's identity never changes: one version, whose timestamps are fixed so re-exports repeat it exactly. */
const identityCreated = '2020-01-01T00:00:00.000Z';

/** STIX timestamps are RFC 3339 in UTC with milliseconds (STIX 2.1 section 3.2). */
const stixTime = (iso: string): string => new Date(Date.parse(iso)).toISOString();
const later = (a: string, b: string): string => (a > b ? a : b);

/**
 * Wallets and IBANs have no STIX 2.1 observable type: they are named by custom objects
 * (`x-` prefix, STIX 2.1 section 11.1); a payment link is a URL.
 */
const observedPath = (key: ExportedIndicatorKey): { object: string; property: string; value: string } => {
  if (key.type === 'payment_link') return { object: 'url', property: 'value', value: paymentLinkUrl(key.value) };
  if (key.type === 'iban') return { object: 'x-bank-account', property: 'iban', value: key.value };
  return { object: 'x-cryptocurrency-wallet', property: 'value', value: key.value };
};

/** A string literal of the STIX patterning language: quote and backslash escaped (section 9.4). */
const patternString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `[x-cryptocurrency-wallet:value = 'bc1…']`, `[x-bank-account:iban = 'DE89…']`, `[url:value = 'https://paypal.me/…']`. */
export const stixPatternOf = (key: ExportedIndicatorKey): string => {
  const path = observedPath(key);
  return `[${path.object}:${path.property} = ${patternString(path.value)}]`;
};

/**
 * A STIX 2.1 bundle of the exported dossiers: the exporting unit's identity, an indicator per
 * wallet, IBAN or payment link, each referred post as a URL observable in observed data with a
 * sighting of the indicator there (where the unit saw it) and the indicator's `based-on` link to
 * it, and `related-to` between indicators seen in the same referral. Ids are name-based per unit
 * (observables by the STIX rule), so a later export of the same dossiers is a new version of the
 * same objects.
 */
export const buildStixBundle = (file: IndicatorExport): StixBundleExport => {
  const namespace = unitNamespace(file.unit);
  const exportedAt = stixTime(file.exportedAt);
  const idOf = (type: string, name: string) => `${type}--${uuidV5(namespace, `${type}:${name}`)}`;
  const common = { spec_version: '2.1' as const, object_marking_refs: [tlpAmber.id] };
  const identityId = idOf('identity', file.unit);
  const identity = { type: 'identity', id: identityId, ...common, created: identityCreated, modified: identityCreated, name: file.unit, identity_class: 'organization' };
  const produced = { ...common, created_by_ref: identityId };

  const indicatorIds = new Map<string, string>();
  const indicators = file.indicators.map((indicator) => {
    const id = idOf('indicator', indicatorKeyName(indicator));
    indicatorIds.set(indicatorKeyName(indicator), id);
    const created = stixTime(indicator.firstSeen ?? file.exportedAt);
    return {
      type: 'indicator',
      id,
      ...produced,
      created,
      modified: later(exportedAt, created),
      name: `${indicatorKinds[indicator.type].label} ${indicator.value}`,
      description: seenSummary(indicator),
      indicator_types: ['malicious-activity'],
      labels: ['terrorist-financing', ...indicator.categories],
      pattern: stixPatternOf(indicator),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: created,
    };
  });

  const urls = new Map<string, StixObject>();
  const observations = new Map<string, StixObject>();
  const sightings: StixObject[] = [];
  for (const indicator of file.indicators) {
    const indicatorId = indicatorIds.get(indicatorKeyName(indicator))!;
    for (const referral of indicator.referrals) {
      const seenAt = stixTime(referral.firstReportedAt);
      const observedId = idOf('observed-data', referral.referralId);
      if (!observations.has(referral.referralId)) {
        // Name-based: two referrals at the same URL share one observable.
        const urlId = `url--${uuidV5(stixObservableNamespace, canonicalJson({ value: referral.url }))}`;
        urls.set(urlId, { type: 'url', spec_version: '2.1' as const, id: urlId, value: referral.url });
        observations.set(referral.referralId, { type: 'observed-data', id: observedId, ...produced, created: seenAt, modified: seenAt, first_observed: seenAt, last_observed: seenAt, number_observed: 1, object_refs: [urlId] });
      }
      const where = `referred ${referral.category} content on ${referral.platform}${referral.foundIn ? `, found in its ${referral.foundIn}` : ''}${referral.excerpt ? `: "${referral.excerpt}"` : ''}`;
      sightings.push(
        {
          type: 'sighting',
          id: idOf('sighting', `${indicatorKeyName(indicator)}:${referral.referralId}`),
          ...produced,
          created: seenAt,
          modified: seenAt,
          description: where,
          first_seen: seenAt,
          last_seen: seenAt,
          count: 1,
          sighting_of_ref: indicatorId,
          observed_data_refs: [observedId],
          where_sighted_refs: [identityId],
        },
        {
          type: 'relationship',
          id: idOf('relationship', `based-on:${indicatorKeyName(indicator)}:${referral.referralId}`),
          ...produced,
          created: seenAt,
          modified: seenAt,
          relationship_type: 'based-on',
          source_ref: indicatorId,
          target_ref: observedId,
        },
      );
    }
  }

  const firstSeenOf = new Map(file.indicators.map((indicator) => [indicatorKeyName(indicator), indicator.firstSeen ?? file.exportedAt]));
  const related = file.coOccurrences.map(({ a, b, referrals }) => {
    const created = stixTime(later(firstSeenOf.get(indicatorKeyName(a))!, firstSeenOf.get(indicatorKeyName(b))!));
    return {
      type: 'relationship',
      id: idOf('relationship', `related-to:${indicatorKeyName(a)}:${indicatorKeyName(b)}`),
      ...produced,
      created,
      modified: later(exportedAt, created),
      relationship_type: 'related-to',
      description: `seen together in ${referrals} referral(s)`,
      source_ref: indicatorIds.get(indicatorKeyName(a))!,
      target_ref: indicatorIds.get(indicatorKeyName(b))!,
    };
  });

  return {
    type: 'bundle',
    id: `bundle--${uuidV5(namespace, `bundle:${file.indicators.map(indicatorKeyName).sort().join(' ')}:${exportedAt}`)}`,
    objects: [tlpAmber, identity, ...indicators, ...urls.values(), ...observations.values(), ...sightings, ...related],
  };
};
