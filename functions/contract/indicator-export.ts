import * as z from 'zod';

/**
 * Wire schemas of the exports handed to partners (financial investigators, other units'
 * platforms): a MISP event, a STIX 2.1 bundle or a CSV sheet of one indicator's dossier or of a
 * set of them. An export carries what the referrals are and where an indicator was found, never
 * an officer, a unit that reported, a note or a hold.
 */

export const indicatorExportFormats = ['misp', 'stix', 'csv'] as const;
export const indicatorExportFormat = z.enum(indicatorExportFormats);
export type IndicatorExportFormat = z.infer<typeof indicatorExportFormat>;

/**
 * Only indicators with a dossier can be exported: the financial ones the financial stage files
 * (core/classification/suggest-categories.ts names the same list; a test compares them).
 */
export const exportableIndicatorTypes = ['btc', 'eth', 'trx', 'ltc', 'doge', 'xmr', 'iban', 'payment_link'] as const;
export const exportableIndicatorType = z.enum(exportableIndicatorTypes);
export type ExportableIndicatorType = z.infer<typeof exportableIndicatorType>;

/** `GET /v1/indicators/{type}/{value}/export?format=` */
export const indicatorExportQuery = z.strictObject({ format: indicatorExportFormat });

/** Largest set one export takes: a partner's case, not the whole table. */
export const maxExportedIndicators = 50;

/**
 * `GET /v1/indicators/export?format=&indicator=<type>:<value>&indicator=...`: the dossiers of a set
 * of indicators in one file. A read like the single export, so a query, not a body.
 */
export const indicatorSetExportQuery = z.strictObject({
  format: indicatorExportFormat,
  indicator: z
    .array(z.string().regex(/^[a-z_]+:.{1,200}$/, 'an indicator is <type>:<value>, e.g. btc:bc1q...'))
    .min(1)
    .max(maxExportedIndicators),
});
export type IndicatorSetExportQuery = z.infer<typeof indicatorSetExportQuery>;

const epochSeconds = z.string().regex(/^\d+$/);
const uuid = z.uuid();

/** A MISP attribute as the export writes it (MISP core format). */
export const mispAttribute = z.object({
  uuid,
  type: z.string(),
  category: z.string(),
  to_ids: z.boolean(),
  distribution: z.string(),
  timestamp: epochSeconds,
  value: z.string(),
  comment: z.string().optional(),
  disable_correlation: z.boolean().optional(),
  object_relation: z.string().optional(),
});

/** A MISP object (coin-address, bank-account) with its attributes and its references to the URLs it was posted at. */
export const mispObject = z.object({
  uuid,
  name: z.string(),
  'meta-category': z.string(),
  description: z.string(),
  template_uuid: uuid,
  template_version: z.string(),
  distribution: z.string(),
  sharing_group_id: z.string(),
  timestamp: epochSeconds,
  comment: z.string(),
  Attribute: z.array(mispAttribute),
  ObjectReference: z.array(z.object({ uuid, referenced_uuid: uuid, relationship_type: z.string(), comment: z.string(), timestamp: epochSeconds })),
});

/** `format=misp`: one MISP event (MISP core format, as `POST /events/add` and the feed files take it). */
export const mispEventExport = z.object({
  Event: z.object({
    uuid,
    info: z.string(),
    date: z.string(),
    threat_level_id: z.string(),
    analysis: z.string(),
    distribution: z.string(),
    published: z.boolean(),
    timestamp: epochSeconds,
    Orgc: z.object({ uuid, name: z.string() }),
    Tag: z.array(z.object({ name: z.string() })),
    Attribute: z.array(mispAttribute),
    Object: z.array(mispObject),
  }),
});
export type MispEventExport = z.infer<typeof mispEventExport>;

const stixId = (type: string) => z.string().regex(new RegExp(`^${type}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
const stixTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

/** `format=stix`: a STIX 2.1 bundle (identity, marking, indicators, URL observables, sightings, relationships). */
export const stixBundleExport = z.object({
  type: z.literal('bundle'),
  id: stixId('bundle'),
  objects: z.array(
    z.looseObject({
      type: z.string(),
      id: z.string(),
      spec_version: z.literal('2.1').optional(),
      created: stixTimestamp.optional(),
      modified: stixTimestamp.optional(),
    }),
  ),
});
export type StixBundleExport = z.infer<typeof stixBundleExport>;
