import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { uuidV5 } from '../../functions/core/exports/stable-id';
import { canonicalJson } from '../../functions/core/canonical-json';

/**
 * Validators of the files the API hands to partners, against what MISP and OASIS publish
 * (tests/fixtures/misp-format, tests/fixtures/stix2-json-schemas: their READMEs say which
 * versions), plus the rules those schemas cannot state (patterns, references, id forms).
 * Each returns the problems found; an empty list is a valid file.
 */

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// --- MISP --------------------------------------------------------------------------------------

const mispSchemaId = 'https://github.com/MISP/MISP/blob/2.4/format/2.4/schema.json';
const mispAjv = (() => {
  // PyMISP's schema is draft-04; the keywords it uses (type, properties, required, items,
  // uniqueItems, additionalProperties, $ref) mean the same in the draft Ajv reads by default.
  const { $schema: _draft, id: _id, ...schema } = readJson(join(fixtures, 'misp-format', 'schema.json'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ ...schema, $id: mispSchemaId });
  return ajv;
})();

interface DescribeTypes {
  types: string[];
  categories: string[];
  category_type_mappings: Record<string, string[]>;
}
const describeTypes = (readJson(join(fixtures, 'misp-format', 'describeTypes.json')) as { result: DescribeTypes }).result;

interface ObjectTemplate {
  name: string;
  uuid: string;
  version: number;
  'meta-category': string;
  attributes: Record<string, { 'misp-attribute': string }>;
  requiredOneOf?: string[];
  required?: string[];
}
const objectTemplates = new Map(
  ['coin-address', 'bank-account'].map((name) => [name, readJson(join(fixtures, 'misp-format', 'objects', `${name}.json`)) as unknown as ObjectTemplate]),
);

type Json = Record<string, unknown>;

const ajvProblems = (ajv: Ajv | Ajv2020, ref: string, value: unknown, where: string): string[] => {
  const validate = ajv.getSchema(ref);
  if (!validate) return [`${where}: no schema ${ref}`];
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${where}${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
};

const mispAttributeProblems = (attribute: Json, where: string): string[] => {
  const { object_relation: _relation, ...plain } = attribute;
  const problems = ajvProblems(mispAjv, `${mispSchemaId}#/defs/attribute`, plain, where);
  const type = String(attribute['type']);
  const category = String(attribute['category']);
  if (!describeTypes.types.includes(type)) problems.push(`${where}: unknown attribute type ${type}`);
  if (!describeTypes.categories.includes(category)) problems.push(`${where}: unknown category ${category}`);
  else if (!describeTypes.category_type_mappings[category]?.includes(type)) problems.push(`${where}: category ${category} does not admit type ${type}`);
  if (!uuidPattern.test(String(attribute['uuid']))) problems.push(`${where}: uuid ${String(attribute['uuid'])} is no RFC 4122 v4/v5 UUID`);
  if (!/^[0-5]$/.test(String(attribute['distribution']))) problems.push(`${where}: distribution ${String(attribute['distribution'])}`);
  if (!/^\d+$/.test(String(attribute['timestamp']))) problems.push(`${where}: timestamp is not epoch seconds`);
  if (String(attribute['value'] ?? '') === '') problems.push(`${where}: empty value`);
  return problems;
};

/** Problems of a MISP event file (`{ "Event": ... }`): PyMISP's schema, MISP's types and categories, the object templates. */
export const mispProblems = (file: unknown): string[] => {
  const { Event: event } = file as { Event: Json };
  const { Object: objects = [], ...withoutObjects } = event;
  // PyMISP's schema predates objects: the event is checked without them, each object on its own below.
  const problems = ajvProblems(mispAjv, mispSchemaId, { Event: withoutObjects }, 'Event');
  if (!/^[1-4]$/.test(String(event['threat_level_id']))) problems.push('Event.threat_level_id is not 1 to 4');
  if (!/^[0-2]$/.test(String(event['analysis']))) problems.push('Event.analysis is not 0 to 2');
  if (!/^[0-4]$/.test(String(event['distribution']))) problems.push('Event.distribution is not 0 to 4');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(event['date']))) problems.push('Event.date is not YYYY-MM-DD');
  if (!uuidPattern.test(String(event['uuid']))) problems.push('Event.uuid is no UUID');
  const attributes = (event['Attribute'] as Json[] | undefined) ?? [];
  const uuids = new Set<string>([String(event['uuid'])]);
  const claim = (uuid: unknown, where: string) => {
    if (uuids.has(String(uuid))) problems.push(`${where}: uuid ${String(uuid)} used twice`);
    uuids.add(String(uuid));
  };
  attributes.forEach((attribute, i) => {
    problems.push(...mispAttributeProblems(attribute, `Event.Attribute[${i}]`));
    claim(attribute['uuid'], `Event.Attribute[${i}]`);
  });
  const references: { where: string; uuid: string }[] = [];
  (objects as Json[]).forEach((object, i) => {
    const where = `Event.Object[${i}]`;
    claim(object['uuid'], where);
    const template = objectTemplates.get(String(object['name']));
    if (!template) return problems.push(`${where}: no template ${String(object['name'])}`);
    if (object['template_uuid'] !== template.uuid) problems.push(`${where}: template_uuid is not ${template.uuid}`);
    if (object['template_version'] !== String(template.version)) problems.push(`${where}: template_version is not ${template.version}`);
    if (object['meta-category'] !== template['meta-category']) problems.push(`${where}: meta-category is not ${template['meta-category']}`);
    if (!/^[0-5]$/.test(String(object['distribution']))) problems.push(`${where}: distribution`);
    const members = (object['Attribute'] as Json[] | undefined) ?? [];
    members.forEach((attribute, j) => {
      const at = `${where}.Attribute[${j}]`;
      problems.push(...mispAttributeProblems(attribute, at));
      claim(attribute['uuid'], at);
      const relation = String(attribute['object_relation']);
      const field = template.attributes[relation];
      if (!field) problems.push(`${at}: ${template.name} has no field ${relation}`);
      else if (field['misp-attribute'] !== attribute['type']) problems.push(`${at}: ${template.name}.${relation} is of type ${field['misp-attribute']}, not ${String(attribute['type'])}`);
    });
    const relations = new Set(members.map((attribute) => String(attribute['object_relation'])));
    if (template.requiredOneOf && !template.requiredOneOf.some((relation) => relations.has(relation))) problems.push(`${where}: needs one of ${template.requiredOneOf.join(', ')}`);
    for (const relation of template.required ?? []) if (!relations.has(relation)) problems.push(`${where}: needs ${relation}`);
    ((object['ObjectReference'] as Json[] | undefined) ?? []).forEach((reference, j) => references.push({ where: `${where}.ObjectReference[${j}]`, uuid: String(reference['referenced_uuid']) }));
  });
  for (const reference of references) if (!uuids.has(reference.uuid)) problems.push(`${reference.where}: references ${reference.uuid}, which the event does not hold`);
  return problems;
};

// --- STIX 2.1 ----------------------------------------------------------------------------------

const stixSchemaBase = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';
const stixAjv = (() => {
  // The schemas' patterns are ECMA-262 without the u flag (\- in the type pattern is invalid with it).
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const root = join(fixtures, 'stix2-json-schemas', 'schemas');
  for (const folder of readdirSync(root)) for (const file of readdirSync(join(root, folder))) ajv.addSchema(readJson(join(root, folder, file)));
  return ajv;
})();

const schemaOfType: Record<string, string> = {
  'marking-definition': 'common/marking-definition.json',
  identity: 'sdos/identity.json',
  indicator: 'sdos/indicator.json',
  'observed-data': 'sdos/observed-data.json',
  sighting: 'sros/sighting.json',
  relationship: 'sros/relationship.json',
  url: 'observables/url.json',
};

/** The STIX 2.1 observable types (section 6) a pattern may name, besides custom `x-` ones. */
const observableTypes = new Set(['artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate']);

/** One comparison of a STIX pattern: `[type:property = 'string']`, the string escaped as section 9.4 says. */
const simplePattern = /^\[([a-z][a-z0-9-]{1,248}[a-z0-9]):([a-z0-9_]{3,250}) = '((?:[^'\\]|\\['\\])*)'\]$/;

/** Problems of a STIX 2.1 bundle: the OASIS schemas, then ids, references and patterns. */
export const stixProblems = (file: unknown): string[] => {
  const bundle = file as { objects?: Json[] };
  const problems = ajvProblems(stixAjv, `${stixSchemaBase}/common/bundle.json`, file, 'bundle');
  const objects = bundle.objects ?? [];
  const ids = new Set<string>();
  objects.forEach((object, i) => {
    const where = `objects[${i}] (${String(object['type'])})`;
    const schema = schemaOfType[String(object['type'])];
    if (!schema) problems.push(`${where}: no schema for this type`);
    else problems.push(...ajvProblems(stixAjv, `${stixSchemaBase}/${schema}`, object, where));
    const id = String(object['id']);
    const [type, uuid] = id.split('--');
    if (type !== object['type'] || !uuidPattern.test(uuid ?? '')) problems.push(`${where}: id ${id} is not ${String(object['type'])}--<UUID v4 or v5>`);
    if (ids.has(id)) problems.push(`${where}: id ${id} used twice`);
    ids.add(id);
    if (object['type'] === 'url') {
      // STIX 2.1 section 2.9: an observable's id is UUIDv5 of its id-contributing properties.
      const expected = `url--${uuidV5('00abedb4-aa42-466c-9c01-fed23315a9b7', canonicalJson({ value: String(object['value']) }))}`;
      if (id !== expected) problems.push(`${where}: id ${id} is not the name-based ${expected}`);
    }
    if (object['type'] === 'indicator') {
      const match = simplePattern.exec(String(object['pattern']));
      if (!match) problems.push(`${where}: pattern ${String(object['pattern'])} is not a comparison the STIX patterning grammar reads`);
      else if (!observableTypes.has(match[1]!) && !match[1]!.startsWith('x-')) problems.push(`${where}: pattern names ${match[1]}, neither a STIX observable nor a custom x- object`);
    }
    if (typeof object['created'] === 'string' && typeof object['modified'] === 'string' && object['modified'] < object['created']) problems.push(`${where}: modified before created`);
  });
  const isRef = (key: string) => key.endsWith('_ref') || key.endsWith('_refs');
  objects.forEach((object, i) => {
    for (const [key, value] of Object.entries(object)) {
      if (!isRef(key)) continue;
      for (const ref of Array.isArray(value) ? value : [value]) if (!ids.has(String(ref))) problems.push(`objects[${i}].${key}: ${String(ref)} is not in the bundle`);
    }
  });
  return problems;
};
