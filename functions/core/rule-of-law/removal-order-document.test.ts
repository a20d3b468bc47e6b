import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import fontkit from '@cantoo/fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { orderLanguages, removalOrderRequest } from '../../contract/rule-of-law';
import { buildOrderDocument, renderOrderHtml, renderOrderPdf, wrapText, type OrderFonts } from './removal-order-document';
import { orderInput } from './removal-order.fixture';
import type { RemovalOrder } from './removal-order';

const order: RemovalOrder = {
  ...removalOrderRequest.parse(orderInput({ reasoning: 'The post <b>glorifies</b> an attack & calls on readers to join the group.' })),
  referralId: 'ref_0123456789abcdef01234567',
  orderId: 'ord_0123456789abcdef01234567',
  issuedAt: '2026-03-02T09:00:00.000Z',
  issuingUnit: 'fr-pharos',
  issuedBy: 'officer.secret-name',
  status: 'issued',
  version: 1,
};

const fontsDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts: OrderFonts = {
  fontkit,
  regular: await readFile(join(fontsDir, 'DejaVuSans.ttf')),
  bold: await readFile(join(fontsDir, 'DejaVuSans-Bold.ttf')),
};

/** The text a PDF reader extracts, page by page, as a reader of the order would copy it. */
const extractedText = async (pdf: Uint8Array): Promise<string> => {
  const document = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
  }
  return pages.join('\n');
};

describe('printable removal order', () => {
  it.each([
    ['en', 'SECTION A: Issuing authority', 'SECTION G: Information about redress', 'within one hour of receipt'],
    ['fr', 'SECTION A : Autorité d\'émission', 'SECTION G : Informations relatives aux voies de recours', 'en tout état de cause'],
    ['de', 'ABSCHNITT A: Anordnende Behörde', 'ABSCHNITT G: Informationen über Rechtsbehelfe', 'innerhalb einer Stunde'],
  ] as const)('has the Annex I sections A to G in %s', (language, first, last, hour) => {
    const document = buildOrderDocument(order, language);
    expect(document.sections).toHaveLength(7);
    expect(document.sections[0]?.heading).toContain(first);
    expect(document.sections[6]?.heading).toBe(last);
    const html = renderOrderHtml(document);
    expect(html).toContain(`lang="${language}"`);
    expect(html).toContain(hour);
  });

  it('names the authority and its contact point, never the officer, and escapes the text', () => {
    for (const language of orderLanguages) {
      const html = renderOrderHtml(buildOrderDocument(order, language));
      expect(html).toContain('OCLCTIC-2026-0042');
      expect(html).toContain('tco-orders@interieur.example');
      expect(html).not.toContain('officer.secret-name');
      expect(html).not.toContain('<b>glorifies</b>');
      expect(html).toContain('&lt;b&gt;glorifies&lt;/b&gt; an attack &amp; calls');
    }
    const html = renderOrderHtml(buildOrderDocument(order, 'en'));
    expect(html).toContain('(a) incites the commission of a terrorist offence');
    expect(html).toContain('(c) solicits a person or a group of persons to participate');
    expect(html).toContain('for 6 week(s)');
  });

  it('renders a PDF that pdf-lib reads back', async () => {
    const rendered = await renderOrderPdf(buildOrderDocument(order, 'de'), new Date(order.issuedAt), fonts);
    if (!rendered.ok) throw new Error(rendered.code);
    const bytes = rendered.pdf;
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const parsed = await PDFDocument.load(bytes);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getTitle()).toContain('ENTFERNUNGSANORDNUNG');
  });

  it.each([
    ['Cyrillic', 'Вступайте в ряды нашей группы'],
    ['Greek', 'Ελάτε μαζί μας στον αγώνα'],
    ['German', 'Schließen Sie sich der Gruppe an: Größe, Übermut'],
  ])('prints %s quotes as their letters, not as "?"', async (_script, quote) => {
    const rendered = await renderOrderPdf(buildOrderDocument({ ...order, reasoning: quote }, 'en'), new Date(order.issuedAt), fonts);
    if (!rendered.ok) throw new Error(rendered.code);
    const text = await extractedText(rendered.pdf);
    expect(text).toContain(quote);
    expect(text).not.toContain('??');
  });

  it('prints an Arabic quote as Arabic letters, laid out right to left', async () => {
    const quote = 'انضموا إلى صفوفنا';
    const rendered = await renderOrderPdf(buildOrderDocument({ ...order, reasoning: quote }, 'fr'), new Date(order.issuedAt), fonts);
    if (!rendered.ok) throw new Error(rendered.code);
    const text = await extractedText(rendered.pdf);
    // The reader gives back the letters the glyphs stand for (NFKC folds contextual presentation
    // forms back to letters) in the order they are drawn: left to right on the page, so the
    // first letter of the quote is drawn rightmost.
    const arabic = (value: string) => [...value.normalize('NFKC')].filter((ch) => /\p{Script=Arabic}/u.test(ch));
    expect(arabic(text).reverse().join('')).toBe(arabic(quote).join(''));
    expect(text).not.toContain('?');
  });
});

describe('removal order layout on hostile text', () => {
  /** Helvetica's widths, counting every character handed to the measure. */
  const countingFont = async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const counted = { calls: 0, characters: 0 };
    const measure = {
      widthOfTextAtSize: (text: string, size: number) => {
        counted.calls += 1;
        counted.characters += text.length;
        return font.widthOfTextAtSize(text, size);
      },
    };
    return { font, measure, counted };
  };

  it('cuts a 10,000-character word into lines that fit, measuring each character a bounded number of times', async () => {
    const { font, measure, counted } = await countingFont();
    const word = 'x'.repeat(4_000) + 'W'.repeat(3_000) + 'i'.repeat(3_000);
    const width = 483.28;
    const lines = wrapText(measure, 10, word, width);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(width);
    // Each line is as full as the width allows: one more character would overflow it.
    for (const [i, line] of lines.slice(0, -1).entries()) expect(font.widthOfTextAtSize(line + (lines[i + 1] ?? '').charAt(0), 10)).toBeGreaterThan(width);
    // Linear work: the cutting shrank the word one character at a time and measured ~n³/width characters.
    expect(counted.characters).toBeLessThan(30 * word.length);
  });

  it('keeps words whole when they fit and breaks between them', async () => {
    const { measure } = await countingFont();
    const lines = wrapText(measure, 10, 'one two three four five six seven eight nine ten', 60);
    expect(lines.join(' ')).toBe('one two three four five six seven eight nine ten');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.startsWith(' ') || line.endsWith(' ')).toBe(false);
  });

  it('measures each distinct word once, and still keeps every line inside the width when a font shapes across spaces', () => {
    // A font whose text grows by 4 at every space beyond the sum of its words (a shaping the sum cannot see).
    const measured: string[] = [];
    const acrossSpaces = { widthOfTextAtSize: (text: string, size: number) => (measured.push(text), ((text.length * 500 + (text.split(' ').length - 1) * 400) * size) / 1000) };
    const text = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'same' : `word${i}`)).join(' ');
    const lines = wrapText(acrossSpaces, 10, text, 100);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(acrossSpaces.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(100);
    expect(measured.filter((m) => m === 'same')).toHaveLength(1);
  });

  it('renders an order whose reasoning is one 10,000-character word', async () => {
    const long = { ...order, reasoning: 'A'.repeat(10_000) };
    const rendered = await renderOrderPdf(buildOrderDocument(long, 'en'), new Date(order.issuedAt), fonts);
    expect(rendered.ok).toBe(true);
    if (rendered.ok) expect((await PDFDocument.load(rendered.pdf)).getPageCount()).toBeGreaterThan(1);
  });

  it('gives up with an error value once the generation budget is spent', async () => {
    let now = 0;
    // Each reading of the clock moves it by 50 ms: the 2 s budget runs out part-way through the document.
    const clock = () => (now += 50);
    const rendered = await renderOrderPdf(buildOrderDocument(order, 'en'), new Date(order.issuedAt), fonts, { budgetMs: 2_000, clock });
    expect(rendered).toEqual({ ok: false, code: 'budget_exceeded' });
  });
});
