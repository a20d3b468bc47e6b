import { PDFDocument, rgb, type PDFFont } from '@cantoo/pdf-lib';
import type { OrderLanguage } from '../../contract/rule-of-law';
import type { RemovalOrder } from './removal-order';
import { orderTemplates } from './removal-order-text';

/** One block of the printed order: a heading, label/value rows, and paragraphs. */
export interface OrderSection {
  heading: string;
  rows: [label: string, value: string][];
  paragraphs: string[];
}

export interface OrderDocument {
  language: OrderLanguage;
  title: string;
  subtitle: string;
  sections: OrderSection[];
  footer: string;
}

const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const contactRows = (labels: { contactPoint: string; email: string; phone: string }, contact: { name: string; email: string; phone?: string | undefined }): [string, string][] => [
  [labels.contactPoint, contact.name],
  [labels.email, contact.email],
  ...(contact.phone ? [[labels.phone, contact.phone] as [string, string]] : []),
];

/**
 * The order as a document, in one of the template languages. It names the issuing authority
 * and its contact points, never the officer who entered it (`issuedBy` is not read here).
 */
export const buildOrderDocument = (order: RemovalOrder, language: OrderLanguage): OrderDocument => {
  const t = orderTemplates[language];
  const l = t.labels;
  const authority = order.issuingAuthority;
  return {
    language,
    title: t.title,
    subtitle: t.subtitle,
    sections: [
      {
        heading: t.sections.A,
        rows: [
          [l.issuingMemberState, authority.memberState],
          [l.issuingAuthority, authority.name],
          [l.reference, authority.reference],
          [l.issuedAt, utc(order.issuedAt)],
          [l.addressee, order.addressee.name],
          ...(order.addressee.legalRepresentative ? [[l.legalRepresentative, order.addressee.legalRepresentative] as [string, string]] : []),
          [l.addresseeContact, `${order.addressee.contactPoint.name} <${order.addressee.contactPoint.email}>`],
        ],
        paragraphs: [],
      },
      {
        heading: t.sections.B,
        rows: [[l.url, order.content.url], ...(order.content.location ? [[l.location, order.content.location] as [string, string]] : [])],
        paragraphs: [`${l.grounds}:`, ...[...order.grounds].sort().map((g) => t.grounds[g]), `${l.reasoning}: ${order.reasoning}`, t.obligation, t.preservation],
      },
      {
        heading: t.sections.C,
        rows: [],
        paragraphs: [order.contentProvider.doNotDisclose ? t.doNotDisclose(order.contentProvider.delayWeeks ?? 6) : t.disclose],
      },
      {
        heading: t.sections.D,
        rows: order.crossBorder ? [[l.hostMemberState, order.crossBorder.hostMemberState], [l.hostAuthority, `${order.crossBorder.authorityName} <${order.crossBorder.authorityEmail}>`]] : [],
        paragraphs: [order.crossBorder ? t.crossBorderCopy : t.noCrossBorder],
      },
      {
        heading: t.sections.E,
        rows: [[l.issuingAuthority, authority.name], [l.address, authority.address], ...contactRows(l, authority.contactPoint)],
        paragraphs: [],
      },
      { heading: t.sections.F, rows: contactRows(l, order.followUpContact), paragraphs: [] },
      { heading: t.sections.G, rows: [], paragraphs: [order.redress] },
    ],
    footer: `${t.footer} ${order.orderId}`,
  };
};

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** A self-contained printable HTML page (no scripts, no external resources). */
export const renderOrderHtml = (document: OrderDocument): string => {
  const sections = document.sections
    .map((section) => {
      const rows = section.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
      const paragraphs = section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      return `<section><h2>${escapeHtml(section.heading)}</h2>${rows ? `<table>${rows}</table>` : ''}${paragraphs}</section>`;
    })
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="${document.language}"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title>`,
    '<style>body{font-family:Helvetica,Arial,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.4}h1{font-size:1.5rem}h2{font-size:1.05rem;border-bottom:1px solid #444;margin-top:1.5rem}th{text-align:left;vertical-align:top;padding-right:1rem;width:40%}td{word-break:break-all}footer{margin-top:2rem;font-size:.8rem;color:#444}@media print{body{margin:0}}</style>',
    `</head><body><h1>${escapeHtml(document.title)}</h1><p>${escapeHtml(document.subtitle)}</p>`,
    sections,
    `<footer>${escapeHtml(document.footer)}</footer></body></html>`,
  ].join('\n');
};

/**
 * An order quotes the content it concerns, in whatever script it was written (Arabic, Cyrillic,
 * Greek, ...): the PDF embeds a font with those glyphs. A character no font of the document has
 * prints as "?" rather than as an invisible gap.
 */
const printable = (font: PDFFont, value: string): string => {
  const supported = characterSet(font);
  return [...value.replace(/\s+/g, ' ')].map((ch) => (supported.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
};

const characterSets = new WeakMap<PDFFont, Set<number>>();
const characterSet = (font: PDFFont): Set<number> => {
  let set = characterSets.get(font);
  if (!set) characterSets.set(font, (set = new Set(font.getCharacterSet())));
  return set;
};

/** The bold face where it has every glyph of the text (DejaVu Sans Bold has no Arabic), else the regular one. */
const faceFor = (bold: PDFFont, regular: PDFFont, value: string): PDFFont => {
  const supported = characterSet(bold);
  return [...value].every((ch) => /\s/.test(ch) || supported.has(ch.codePointAt(0) ?? 0)) ? bold : regular;
};

/**
 * The faces an order is printed in (TrueType bytes) and the font engine that embeds them. The
 * engine shapes Arabic (contextual letter forms) and orders right-to-left runs.
 */
export interface OrderFonts {
  fontkit: Parameters<PDFDocument['registerFontkit']>[0];
  regular: Uint8Array;
  bold: Uint8Array;
}

/** What the layout needs of a font: pdf-lib's `PDFFont` has it. */
export interface TextMeasure {
  widthOfTextAtSize(text: string, size: number): number;
}

const measuredWidths = new WeakMap<TextMeasure, Map<string, number>>();

/**
 * The width of `text` at size 1000, measured once per font: a character, or a word. Widths scale
 * with the size, and a document repeats most of its words (labels, dates, "UTC"), so an attack
 * day's debrief measures each distinct word once instead of once per line it could end.
 */
const widthAt1000 = (font: TextMeasure, text: string): number => {
  let widths = measuredWidths.get(font);
  if (!widths) measuredWidths.set(font, (widths = new Map()));
  let width = widths.get(text);
  if (width === undefined) widths.set(text, (width = font.widthOfTextAtSize(text, 1000)));
  return width;
};

/** The width at size 1000 of the narrowest printing character of `text`, each measured once per font. */
const narrowestOf = (font: TextMeasure, text: string): number => {
  let narrowest = Infinity;
  for (const ch of new Set(text)) {
    const width = widthAt1000(font, ch);
    if (width > 0) narrowest = Math.min(narrowest, width);
  }
  return narrowest;
};

/**
 * The most characters of `text` a line of `width` can hold: the width over the narrowest of its
 * glyphs, with room for kerning (pairs narrow by at most a few percent). Only the text's own
 * characters are measured: a font for every script has thousands.
 */
const mostCharactersPerLine = (font: TextMeasure, size: number, width: number, text: string): number =>
  Math.ceil((width / ((narrowestOf(font, text) * size) / 1000)) * 1.25) + 2;

/**
 * Cuts a word wider than the line. Each line is found by a binary search over a window no
 * longer than a line can be, so the work grows linearly with the word (shrinking one
 * character at a time and measuring again took cubic time: a 10,000-character reasoning
 * held the Lambda for its whole timeout).
 */
const cutLongWord = (font: TextMeasure, size: number, word: string, width: number): { lines: string[]; rest: string } => {
  const window = mostCharactersPerLine(font, size, width, word);
  const lines: string[] = [];
  let rest = word;
  while (font.widthOfTextAtSize(rest.slice(0, window + 1), size) > width) {
    // The longest prefix that fits, at least one character so the cutting always advances.
    let [fits, overflows] = [1, Math.min(window, rest.length)];
    while (overflows - fits > 1) {
      const middle = (fits + overflows) >> 1;
      if (font.widthOfTextAtSize(rest.slice(0, middle), size) <= width) fits = middle;
      else overflows = middle;
    }
    if (overflows > fits && font.widthOfTextAtSize(rest.slice(0, overflows), size) <= width) fits = overflows;
    lines.push(rest.slice(0, fits));
    rest = rest.slice(fits);
  }
  return { lines, rest };
};

/** Greedy wrapping that measures every candidate line whole: exact for any shaping, but each line costs a measure per word. */
const wrapMeasuringEachCandidate = (font: TextMeasure, size: number, value: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  const mostCharacters = mostCharactersPerLine(font, size, width, value);
  for (const word of value.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    // A candidate longer than a line can be is not measured: its width is no news.
    if (candidate.length <= mostCharacters && font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    // A word wider than the line (a long URL) is cut where it overflows.
    const cut = cutLongWord(font, size, word, width);
    lines.push(...cut.lines);
    line = cut.rest;
  }
  if (line !== '') lines.push(line);
  return lines;
};

/**
 * Breaks `value` into lines no wider than `width`. A line's width is the sum of its words' and
 * spaces' (pdf-lib measures a text as the advance widths of its shaped glyphs, and shaping (Arabic
 * joining, ligatures) stops at a space), so each distinct word is measured once; each finished line
 * is then measured whole once, and one that a font shaping across a space made wider is wrapped
 * again by measuring every candidate. Measuring every candidate for every line took most of the
 * ~8 s an attack day's debrief PDF took (its 2,000 referral lines).
 */
export const wrapText = (font: TextMeasure, size: number, value: string, width: number): string[] => {
  const lines: string[] = [];
  const space = (widthAt1000(font, ' ') * size) / 1000;
  let line = '';
  let lineWidth = 0;
  const finishLine = () => {
    if (line === '') return;
    if (font.widthOfTextAtSize(line, size) <= width) lines.push(line);
    else lines.push(...wrapMeasuringEachCandidate(font, size, line, width));
  };
  for (const word of value.split(' ')) {
    const wordWidth = (widthAt1000(font, word) * size) / 1000;
    const candidateWidth = line === '' ? wordWidth : lineWidth + space + wordWidth;
    if (candidateWidth <= width) {
      line = line === '' ? word : `${line} ${word}`;
      lineWidth = candidateWidth;
      continue;
    }
    finishLine();
    if (wordWidth <= width) {
      [line, lineWidth] = [word, wordWidth];
      continue;
    }
    // A word wider than the line (a long URL) is cut where it overflows.
    const cut = cutLongWord(font, size, word, width);
    lines.push(...cut.lines);
    [line, lineWidth] = [cut.rest, cut.rest === '' ? 0 : (widthAt1000(font, cut.rest) * size) / 1000];
  }
  finishLine();
  return lines;
};

/**
 * The OpenType positioning features (GPOS: kerning, mark and cursive attachment). pdf-lib draws a
 * text as its shaped glyphs at their advance widths and measures it the same way: the positions
 * the engine computes are never read, and computing them was a third of the layout time. The
 * substitutions (GSUB: Arabic joining forms, ligatures, composed characters) stay on.
 */
const positioningPdfLibDoesNotDraw = { kern: false, mark: false, mkmk: false, curs: false, dist: false, abvm: false, blwm: false };

/**
 * The font engine with each face remembering its latest layouts: a line is measured whole, then
 * drawn, and pdf-lib lays the text out again for each (shaping is most of a PDF's time).
 */
const rememberingLatestLayouts = (fontkit: OrderFonts['fontkit']): OrderFonts['fontkit'] => {
  const remember = (created: Awaited<ReturnType<OrderFonts['fontkit']['create']>>) => {
    if (!created || !('layout' in created)) return created;
    const layout = created.layout.bind(created);
    const latest = new Map<string, { features: unknown; run: ReturnType<typeof layout> }>();
    created.layout = (text, features) => {
      const remembered = latest.get(text);
      if (remembered !== undefined && remembered.features === features) return remembered.run;
      const run = layout(text, features);
      latest.set(text, { features, run });
      if (latest.size > 64) latest.delete(latest.keys().next().value as string);
      return run;
    };
    return created;
  };
  return {
    create: (buffer, postscriptName) => {
      const created = fontkit.create(buffer, postscriptName);
      return created instanceof Promise ? created.then(remember) : remember(created);
    },
  };
};

export type RenderedPdf = { ok: true; pdf: Uint8Array } | { ok: false; code: 'budget_exceeded' };

export interface RenderBudget {
  /** How long the layout may run before it gives up. @default 2000 */
  budgetMs?: number;
  /** @default Date.now */
  clock?: () => number;
}

/** The same document as an A4 PDF, with its fonts embedded (subsets) and no external resources. */
export const renderOrderPdf = async (document: OrderDocument, createdAt: Date, fonts: OrderFonts, { budgetMs = 2_000, clock = Date.now }: RenderBudget = {}): Promise<RenderedPdf> => {
  // A request may not hold the function for its whole timeout, whatever the text.
  const deadline = clock() + budgetMs;
  let exceeded = false;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${document.title} ${document.footer.split(' ').at(-1) ?? ''}`.trim());
  pdf.setLanguage(document.language);
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);
  pdf.setProducer('Referral Desk');
  pdf.registerFontkit(rememberingLatestLayouts(fonts.fontkit));
  const regular = await pdf.embedFont(fonts.regular, { subset: true, features: positioningPdfLibDoesNotDraw });
  const bold = await pdf.embedFont(fonts.bold, { subset: true, features: positioningPdfLibDoesNotDraw });
  const [pageWidth, pageHeight] = [595.28, 841.89];
  const margin = 56;
  const width = pageWidth - 2 * margin;
  let page = pdf.addPage([pageWidth, pageHeight]);
  let y = pageHeight - margin;
  const write = (value: string, face: PDFFont, size: number, indent = 0, gapAfter = 2) => {
    exceeded ||= clock() > deadline;
    if (exceeded) return;
    const font = face === bold ? faceFor(bold, regular, value) : face;
    for (const line of wrapText(font, size, printable(font, value), width - indent)) {
      if (y - size < margin) {
        page = pdf.addPage([pageWidth, pageHeight]);
        y = pageHeight - margin;
      }
      page.drawText(line, { x: margin + indent, y: y - size, size, font, color: rgb(0, 0, 0) });
      y -= size + 3;
    }
    y -= gapAfter;
  };
  write(document.title, bold, 16, 0, 4);
  write(document.subtitle, regular, 9, 0, 10);
  for (const section of document.sections) {
    write(section.heading, bold, 11, 0, 4);
    for (const [label, value] of section.rows) {
      write(`${label}:`, bold, 9, 0, 0);
      write(value, regular, 10, 12, 3);
    }
    for (const paragraph of section.paragraphs) write(paragraph, regular, 10, 0, 4);
    y -= 8;
  }
  write(document.footer, regular, 8);
  if (exceeded) return { ok: false, code: 'budget_exceeded' };
  return { ok: true, pdf: await pdf.save() };
};
