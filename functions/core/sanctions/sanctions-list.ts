import { Parser } from 'htmlparser2';
import { extractIndicators, type IndicatorType } from '../indicators/extract-indicators';

/**
 * The sanctions lists Referral Desk screens financial indicators against, each in the XML its
 * publisher puts out:
 * - `ofac-sdn`: OFAC's Specially Designated Nationals list, either the classic `sdn.xml`
 *   (`<sdnList>`, digital currency addresses as `<id>` items whose `idType` is
 *   "Digital Currency Address - XBT" etc.) or `SDN_ADVANCED.xml` (`<Sanctions>`, the same
 *   addresses as `<Feature>`s whose `FeatureType` is named "Digital Currency Address - …").
 * - `eu-fsf`: the EU consolidated financial sanctions list (Financial Sanctions Files,
 *   `<export generationDate=…>` of `<sanctionEntity>`s with `<identification number=…>`).
 */
export const sanctionsLists = ['ofac-sdn', 'eu-fsf'] as const;
export type SanctionsListName = (typeof sanctionsLists)[number];

/** One financial identifier a list names, normalized as the extractors normalize indicators. */
export interface SanctionedIdentifier {
  type: IndicatorType;
  value: string;
  /** As the list writes it, e.g. the `idType` / feature type it was listed under. */
  listedAs: string;
}

/** A list entry that names at least one financial identifier. */
export interface SanctionsEntry {
  /** The list's own reference: OFAC uid / FixedRef, EU logicalId (with the EU reference number). */
  entryId: string;
  name: string;
  /** OFAC programs (e.g. SDGT, CYBER2) or EU regulation programmes (e.g. TERR). */
  programs: string[];
  identifiers: SanctionedIdentifier[];
}

export interface SanctionsListFile {
  list: SanctionsListName;
  /** Which file format the list came in, for the import record. */
  format: 'ofac-sdn-xml' | 'ofac-sdn-advanced-xml' | 'eu-fsf-xml';
  /** The publisher's date for this version, ISO 8601 (YYYY-MM-DD). */
  publishedOn: string;
  /** Every entry of the file, financial or not, for the import record. */
  entryCount: number;
  /** Only the entries naming a financial identifier: the rest cannot match an indicator. */
  entries: SanctionsEntry[];
}

export interface SanctionsFileError {
  code: 'malformed_xml' | 'unknown_list_format' | 'missing_publication_date';
  message: string;
}

/**
 * Reads an identifier as the extractors would read it in page text, so a listed address and an
 * extracted indicator compare equal (bech32 lower case, ETH lower case, IBAN electronic format).
 * Anything the extractors reject (a bad checksum, a currency they do not know) is not screened.
 */
const normalizeIdentifier = (raw: string, listedAs: string): SanctionedIdentifier | undefined => {
  const trimmed = raw.trim();
  const [found] = extractIndicators(trimmed, { maxIndicators: 1 });
  if (!found || found.raw !== trimmed || found.type === 'payment_link' || found.type === 'messenger_handle') return undefined;
  return { type: found.type, value: found.value, listedAs };
};

const digitalCurrencyPrefix = 'Digital Currency Address - ';

const usDate = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})/;

/** What a format reader does with the parser's events; it knows its own element names. */
interface FormatReader {
  open(name: string, attributes: Record<string, string>, path: readonly string[]): void;
  text(text: string, path: readonly string[]): void;
  close(name: string, path: readonly string[]): void;
  finish(): SanctionsListFile | SanctionsFileError;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Classic sdn.xml: `<sdnList><publshInformation><Publish_Date>MM/DD/YYYY` (OFAC's spelling). */
const ofacClassicReader = (): FormatReader => {
  let publishedOn: string | undefined;
  let publishDate = '';
  let entryCount = 0;
  const entries: SanctionsEntry[] = [];
  let entry: { uid: string; firstName: string; lastName: string; programs: string[]; identifiers: SanctionedIdentifier[] } | undefined;
  let id: { idType: string; idNumber: string } | undefined;
  let program = '';
  return {
    open(name) {
      if (name === 'sdnEntry') entry = { uid: '', firstName: '', lastName: '', programs: [], identifiers: [] };
      else if (name === 'id' && entry) id = { idType: '', idNumber: '' };
    },
    text(text, path) {
      const name = path[path.length - 1];
      const parent = path[path.length - 2];
      if (name === 'Publish_Date') publishDate += text;
      if (!entry) return;
      if (id && parent === 'id') {
        if (name === 'idType') id.idType += text;
        else if (name === 'idNumber') id.idNumber += text;
      } else if (parent === 'sdnEntry') {
        if (name === 'uid') entry.uid += text;
        else if (name === 'firstName') entry.firstName += text;
        else if (name === 'lastName') entry.lastName += text;
      } else if (name === 'program' && parent === 'programList') program += text;
    },
    close(name) {
      if (name === 'Publish_Date') {
        const match = usDate.exec(publishDate.trim());
        if (match) publishedOn = `${match[3]}-${match[1]}-${match[2]}`;
      } else if (name === 'id' && entry && id) {
        if (id.idType.startsWith(digitalCurrencyPrefix)) {
          const identifier = normalizeIdentifier(id.idNumber, id.idType.trim());
          if (identifier) entry.identifiers.push(identifier);
        }
        id = undefined;
      } else if (name === 'program' && entry) {
        if (program.trim()) entry.programs.push(program.trim());
        program = '';
      } else if (name === 'sdnEntry' && entry) {
        entryCount += 1;
        if (entry.identifiers.length > 0) {
          entries.push({
            entryId: entry.uid.trim(),
            name: [entry.firstName.trim(), entry.lastName.trim()].filter(Boolean).join(' '),
            programs: entry.programs,
            identifiers: entry.identifiers,
          });
        }
        entry = undefined;
      }
    },
    finish() {
      if (!publishedOn) return { code: 'missing_publication_date', message: 'sdn.xml has no publshInformation/Publish_Date in MM/DD/YYYY' };
      return { list: 'ofac-sdn', format: 'ofac-sdn-xml', publishedOn, entryCount, entries };
    },
  };
};

/**
 * SDN_ADVANCED.xml: feature types are declared before the parties (`ReferenceValueSets` comes
 * first in OFAC's schema), so one pass knows which `FeatureTypeID`s are digital currency addresses
 * when it meets a party's `<Feature>`; the address is the feature version's `<VersionDetail>`.
 * Programs sit in `SanctionsEntries` after the parties and are not kept.
 */
const ofacAdvancedReader = (): FormatReader => {
  const date = { Year: '', Month: '', Day: '' };
  const currencyFeatureTypes = new Map<string, string>();
  let featureType: { id: string; text: string } | undefined;
  let entryCount = 0;
  const entries: SanctionsEntry[] = [];
  let party: { fixedRef: string; name: string; identifiers: SanctionedIdentifier[] } | undefined;
  let primaryAlias = false;
  let feature: { listedAs: string; detail: string } | undefined;
  let namePart = '';
  return {
    open(name, attributes) {
      if (name === 'FeatureType') featureType = { id: attributes.ID ?? '', text: '' };
      else if (name === 'DistinctParty') party = { fixedRef: attributes.FixedRef ?? '', name: '', identifiers: [] };
      else if (name === 'Alias' && party) primaryAlias = attributes.Primary === 'true';
      else if (name === 'Feature' && party) {
        const listedAs = currencyFeatureTypes.get(attributes.FeatureTypeID ?? '');
        feature = listedAs ? { listedAs, detail: '' } : undefined;
      }
    },
    text(text, path) {
      const name = path[path.length - 1];
      const parent = path[path.length - 2];
      if (parent === 'DateOfIssue' && (name === 'Year' || name === 'Month' || name === 'Day')) date[name] += text.trim();
      else if (featureType && name === 'FeatureType') featureType.text += text;
      else if (feature && name === 'VersionDetail') feature.detail += text;
      else if (party && primaryAlias && name === 'NamePartValue') namePart += text;
    },
    close(name) {
      if (name === 'FeatureType' && featureType) {
        if (featureType.text.trim().startsWith(digitalCurrencyPrefix)) currencyFeatureTypes.set(featureType.id, featureType.text.trim());
        featureType = undefined;
      } else if (name === 'NamePartValue' && party && primaryAlias) {
        party.name = [party.name, namePart.trim()].filter(Boolean).join(' ');
        namePart = '';
      } else if (name === 'Alias') primaryAlias = false;
      else if (name === 'Feature' && feature && party) {
        const identifier = normalizeIdentifier(feature.detail, feature.listedAs);
        if (identifier) party.identifiers.push(identifier);
        feature = undefined;
      } else if (name === 'DistinctParty' && party) {
        entryCount += 1;
        if (party.identifiers.length > 0) entries.push({ entryId: party.fixedRef, name: party.name, programs: [], identifiers: party.identifiers });
        party = undefined;
      }
    },
    finish() {
      if (!date.Year || !date.Month || !date.Day) return { code: 'missing_publication_date', message: 'SDN_ADVANCED.xml has no DateOfIssue with Year, Month and Day' };
      const publishedOn = `${date.Year}-${date.Month.padStart(2, '0')}-${date.Day.padStart(2, '0')}`;
      return { list: 'ofac-sdn', format: 'ofac-sdn-advanced-xml', publishedOn, entryCount, entries };
    },
  };
};

/**
 * EU FSF: `<export generationDate="2024-…">` of `<sanctionEntity logicalId euReferenceNumber>`,
 * names as `<nameAlias wholeName>`, programmes as `<regulation programme>`, identifiers as
 * `<identification number>` (the list has no type for crypto addresses or IBANs, so every
 * identification number the extractors accept is kept).
 */
const euFsfReader = (): FormatReader => {
  let publishedOn: string | undefined;
  let entryCount = 0;
  const entries: SanctionsEntry[] = [];
  let entity: { entryId: string; name: string; programs: Set<string>; identifiers: SanctionedIdentifier[] } | undefined;
  return {
    open(name, attributes, path) {
      if (name === 'export' && path.length === 1) {
        const match = isoDate.exec(attributes.generationDate ?? '');
        if (match) publishedOn = `${match[1]}-${match[2]}-${match[3]}`;
      } else if (name === 'sanctionEntity') {
        const reference = attributes.euReferenceNumber ? ` (${attributes.euReferenceNumber})` : '';
        entity = { entryId: `${attributes.logicalId ?? ''}${reference}`, name: '', programs: new Set(), identifiers: [] };
      } else if (entity && name === 'nameAlias' && !entity.name && attributes.wholeName) entity.name = attributes.wholeName.trim();
      else if (entity && name === 'regulation' && attributes.programme) entity.programs.add(attributes.programme);
      else if (entity && name === 'identification') {
        const listedAs = attributes.identificationTypeDescription || attributes.identificationTypeCode || 'identification';
        for (const number of [attributes.number, attributes.latinNumber]) {
          if (!number) continue;
          const identifier = normalizeIdentifier(number, listedAs);
          if (identifier && !entity.identifiers.some((known) => known.type === identifier.type && known.value === identifier.value)) entity.identifiers.push(identifier);
        }
      }
    },
    text() {},
    close(name) {
      if (name === 'sanctionEntity' && entity) {
        entryCount += 1;
        if (entity.identifiers.length > 0) entries.push({ entryId: entity.entryId, name: entity.name, programs: [...entity.programs], identifiers: entity.identifiers });
        entity = undefined;
      }
    },
    finish() {
      if (!publishedOn) return { code: 'missing_publication_date', message: 'EU FSF export has no generationDate attribute' };
      return { list: 'eu-fsf', format: 'eu-fsf-xml', publishedOn, entryCount, entries };
    },
  };
};

const readerFor = (root: string): FormatReader | undefined =>
  root === 'sdnList' ? ofacClassicReader() : root === 'Sanctions' ? ofacAdvancedReader() : root === 'export' ? euFsfReader() : undefined;

/**
 * Reads a sanctions list as a stream of chunks (the SDN advanced file is about 100 MB): memory
 * holds the current entry and the entries naming a financial identifier, never the document.
 * The parser (htmlparser2 in XML mode) is lenient, so well-formedness is checked here: every
 * close tag must match its open tag and the document must end with the root closed.
 */
export class SanctionsListReader {
  private readonly path: string[] = [];
  private reader: FormatReader | undefined;
  private error: SanctionsFileError | undefined;
  private rootClosed = false;
  /** The element just opened: an implied close of it right away is `<name/>`, any other is a missing end tag. */
  private justOpened: string | undefined;
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser(
      {
        onopentag: (rawName, attributes) => {
          if (this.error) return;
          const name = localName(rawName);
          if (this.path.length === 0) {
            if (this.rootClosed) return this.fail('malformed_xml', `a second root element <${rawName}> after the document ended`);
            this.reader = readerFor(name);
            if (!this.reader) return this.fail('unknown_list_format', `root element <${rawName}> is neither OFAC's <sdnList> / <Sanctions> nor the EU's <export>`);
          }
          this.path.push(name);
          this.justOpened = rawName;
          this.reader?.open(name, attributes, this.path);
        },
        ontext: (text) => {
          this.justOpened = undefined;
          if (this.error || !this.reader || this.path.length === 0) return;
          this.reader.text(text, this.path);
        },
        onclosetag: (rawName, isImplied) => {
          if (this.error) return;
          const name = localName(rawName);
          const open = this.path[this.path.length - 1];
          const selfClosing = isImplied && this.justOpened === rawName;
          this.justOpened = undefined;
          if ((isImplied && !selfClosing) || open !== name) return this.fail('malformed_xml', open ? `<${open}> is not closed before ${isImplied ? 'its parent ends' : `</${rawName}>`}` : `</${rawName}> without an open element`);
          this.reader?.close(name, this.path);
          this.path.pop();
          if (this.path.length === 0) this.rootClosed = true;
        },
        onerror: (error) => this.fail('malformed_xml', error.message),
      },
      { xmlMode: true, decodeEntities: true },
    );
  }

  private fail(code: SanctionsFileError['code'], message: string): void {
    this.error ??= { code, message };
  }

  write(chunk: string): void {
    if (!this.error) this.parser.write(chunk);
  }

  end(): SanctionsListFile | SanctionsFileError {
    if (!this.error) this.parser.end();
    if (this.error) return this.error;
    if (!this.reader) return { code: 'unknown_list_format', message: 'the file has no XML root element' };
    if (!this.rootClosed || this.path.length > 0) return { code: 'malformed_xml', message: `the document ends inside <${this.path.join('/')}>` };
    return this.reader.finish();
  }
}

export const isSanctionsFileError = (result: SanctionsListFile | SanctionsFileError): result is SanctionsFileError => 'code' in result;

/** Reads a whole list held in memory (tests, small files); large files go chunk by chunk. */
export const readSanctionsList = (xml: string): SanctionsListFile | SanctionsFileError => {
  const reader = new SanctionsListReader();
  reader.write(xml);
  return reader.end();
};
