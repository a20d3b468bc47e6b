import { categories } from '../../functions/contract/report';
import { seededRandom } from './fault-injection';

/**
 * An action day's referral list as an officer would export it: mostly new content, some
 * rows repeating earlier content under another URL form (or copied outright), and some
 * rows a spreadsheet gets wrong. The expected summary is known by construction.
 */
export interface ActionDayFile {
  csv: string;
  ndjson: string;
  expected: {
    rows: number;
    newContent: number;
    repeatInFile: number;
    identicalRow: number;
    /** Line numbers of the invalid rows in the CSV file (quoted fields may span lines) and the NDJSON file. */
    rejectedCsvLines: number[];
    rejectedNdjsonLines: number[];
  };
}

const header = ['url', 'category', 'title', 'selected_text', 'group', 'urgent', 'legal_route', 'notes', 'sub_tags'] as const;
type Row = Partial<Record<(typeof header)[number], string>>;

const csvCell = (value: string | undefined): string => {
  if (value === undefined) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

/** Forms of one content that canonicalize to one content key (see tests/helpers/workload.ts). */
const contentForms = (id: number, tag: string): string[] => {
  const n = String(id).padStart(5, '0');
  // X status ids name the content whatever the user in the URL, so the tag goes into the id.
  const tagNumber = [...tag].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1000, 7);
  const statusId = `17${String(tagNumber).padStart(3, '0')}${String(id).padStart(14, '0')}`;
  switch (id % 4) {
    case 0:
      return [`https://t.me/${tag}chan${n}/${id + 7}`, `https://t.me/s/${tag}chan${n}/${id + 7}?single`, `https://telegram.me/${tag}chan${n}/${id + 7}`];
    case 1:
      return [`https://x.com/${tag}user${n}/status/${statusId}`, `https://twitter.com/${tag}user${n}/status/${statusId}?s=20`];
    case 2:
      return [`https://forum.${tag}example.org/thread/${n}`, `https://forum.${tag}example.org/thread/${n}?utm_source=tg&fbclid=IwAR${n}`, `https://FORUM.${tag}example.org/thread/${n}#post-2`];
    default:
      return [`https://paste.${tag}example.net/raw/${n}`, `https://paste.${tag}example.net/raw/${n}?fbclid=x${n}`];
  }
};

const badRows: ((i: number) => Row)[] = [
  (i) => ({ url: `javascript:alert(${i})`, category: 'propaganda' }),
  (i) => ({ url: `https://bad-category.example.org/${i}`, category: 'spam' }),
  (i) => ({ url: `https://bad-urgent.example.org/${i}`, category: 'recruitment', urgent: 'maybe' }),
  () => ({ url: '', category: 'propaganda' }),
  (i) => ({ url: `ftp://files.example.org/${i}`, category: 'instructional' }),
  (i) => ({ url: `https://bad-route.example.org/${i}`, category: 'other', legal_route: 'email' }),
  (i) => ({ url: `https://user:pw@creds.example.org/${i}`, category: 'fundraising' }),
  (i) => ({ url: `https://long-title.example.org/${i}`, category: 'propaganda', title: 'x'.repeat(2_001) }),
];

/**
 * `rows` lines: by default 10% invalid, 20% duplicates (a tenth of them identical copies of an
 * earlier row, the rest other URL forms of earlier content), the rest new content.
 * `tag` keeps files for different tests from sharing content.
 */
export const makeActionDayFile = (rows: number, seed: number, tag: string, shares: { badShare?: number; duplicateShare?: number } = {}): ActionDayFile => {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const badCount = Math.round(rows * (shares.badShare ?? 0.1));
  const duplicateCount = Math.round(rows * (shares.duplicateShare ?? 0.2));
  const identicalCount = Math.round(duplicateCount * 0.1);
  const kinds: ('new' | 'bad' | 'repeat' | 'identical')[] = [
    ...Array<'bad'>(badCount).fill('bad'),
    ...Array<'repeat'>(duplicateCount - identicalCount).fill('repeat'),
    ...Array<'identical'>(identicalCount).fill('identical'),
  ];
  kinds.push(...Array<'new'>(rows - kinds.length).fill('new'));
  // Shuffle, but keep the first ten rows new so every repeat has something earlier to repeat.
  for (let i = kinds.length - 1; i > 10; i -= 1) {
    const j = 10 + Math.floor(random() * (i - 9));
    [kinds[i], kinds[j]] = [kinds[j] as never, kinds[i] as never];
  }
  const written: Row[] = [];
  const rejectedRows: number[] = [];
  let nextContent = 0;
  kinds.forEach((kind, index) => {
    const line = index + 2;
    if (kind === 'bad') {
      rejectedRows.push(index);
      written.push(pick(badRows)(index));
      return;
    }
    if (kind === 'identical') {
      written.push({ ...pick(written.filter((row) => row.category !== undefined && !badRowsUrl(row))) });
      return;
    }
    const id = kind === 'new' ? nextContent++ : Math.floor(random() * Math.max(1, nextContent));
    const forms = contentForms(id, tag);
    written.push({
      url: kind === 'new' ? forms[0] : pick(forms.slice(1)),
      category: pick(categories),
      title: `Action day ${tag} item ${id}`,
      selected_text: random() < 0.3 ? `Quoted post, with "commas", quotes\nand a second line (${id})` : undefined,
      group: random() < 0.2 ? 'Example Group' : undefined,
      urgent: random() < 0.05 ? 'yes' : undefined,
      sub_tags: random() < 0.2 ? 'video;arabic' : undefined,
      notes: kind === 'repeat' ? `second sighting of ${id} (row ${line})` : undefined,
    });
  });
  const csvRows = written.map((row) => header.map((column) => csvCell(row[column])).join(','));
  const csvLineOf: number[] = [];
  let nextLine = 2;
  for (const row of csvRows) {
    csvLineOf.push(nextLine);
    nextLine += 1 + (row.match(/\n/g)?.length ?? 0);
  }
  const csvLines = [header.join(','), ...csvRows];
  const ndjsonLines = written.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined))));
  return {
    csv: `${csvLines.join('\n')}\n`,
    ndjson: `${ndjsonLines.join('\n')}\n`,
    expected: {
      rows,
      newContent: nextContent,
      repeatInFile: duplicateCount - identicalCount,
      identicalRow: identicalCount,
      rejectedCsvLines: rejectedRows.map((index) => csvLineOf[index] ?? 0),
      rejectedNdjsonLines: rejectedRows.map((index) => index + 1),
    },
  };
};

const badRowsUrl = (row: Row): boolean => !/^https:\/\/[a-z]/.test(row.url ?? '') || /bad-|long-title|creds/.test(row.url ?? '');
