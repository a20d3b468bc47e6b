import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { checkForm } from './popup-form-check';
import type { ReportForm } from './popup-messages';
import { describeOutcome, describeProblems, readForm, renderOutLinks, renderProblems } from './popup-view';

const form = (overrides: Partial<Record<keyof ReportForm, unknown>> = {}): ReportForm =>
  ({ url: 'https://t.me/s/chan/12', category: 'propaganda', subTags: [], urgent: false, legalRoute: 'referral', ...overrides }) as ReportForm;

describe('popup validation sentences', () => {
  it('names the field and says what to do, never the zod issue', () => {
    expect(checkForm(form({ category: '' }))).toEqual([{ fieldId: 'category', sentence: 'Choose a category.' }]);
    expect(checkForm(form())).toEqual([]);
  });

  it('gives one sentence per field, however many issues it has', () => {
    const tags = Array.from({ length: 25 }, () => 'x'.repeat(70));
    expect(checkForm(form({ subTags: tags }))).toEqual([{ fieldId: 'sub-tags', sentence: 'Use at most 20 sub-tags of at most 64 characters each.' }]);
  });

  it("maps the background's dotted paths to fields, and keeps problems no field caused as a sentence", () => {
    expect(describeProblems([{ path: 'linkUrl', message: 'Invalid URL' }])).toEqual([
      { fieldId: 'link-url', sentence: 'Enter a full http(s) address for the link, or leave it empty.' },
    ]);
    expect(describeProblems([{ path: '(report)', message: 'Unrecognized key: "x"' }])).toEqual([
      { fieldId: null, sentence: 'The report cannot be sent: Unrecognized key: "x".' },
    ]);
    const { message } = describeOutcome({ state: 'invalid', issues: [{ path: 'category', message: 'Invalid option: expected one of …' }] });
    expect(message).toBe('Choose a category.');
  });
});

const popupHtml = readFileSync(new URL('../../entrypoints/popup/index.html', import.meta.url), 'utf8');

describe('popup out-links', () => {
  it('lists the out-links checked, as text, and reads back only those the officer kept', () => {
    const { document } = parseHTML(popupHtml);
    renderOutLinks(document, ['https://gofile.io/d/b7CpnJ', 'https://pixeldrain.com/u/kX0F7t5i?<b>x</b>']);
    expect(document.getElementById('out-links-section')?.hidden).toBe(false);
    const boxes = [...document.querySelectorAll<HTMLInputElement>('#out-links input')];
    expect(boxes.map((box) => box.checked)).toEqual([true, true]);
    expect(document.querySelectorAll('#out-links b').length).toBe(0);
    if (boxes[0]) boxes[0].checked = false;
    expect(readForm(document).outLinks).toEqual(['https://pixeldrain.com/u/kX0F7t5i?<b>x</b>']);
  });

  it('hides the list and sends no out-links when the page links to no other platform', () => {
    const { document } = parseHTML(popupHtml);
    renderOutLinks(document, []);
    expect(document.getElementById('out-links-section')?.hidden).toBe(true);
    expect(readForm(document)).not.toHaveProperty('outLinks');
  });
});

describe('popup indicators typed by hand', () => {
  // BIP-173's example address and the SWIFT registry's German IBAN; the IBAN with one digit changed fails mod 97.
  const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
  const iban = 'DE89 3704 0044 0532 0130 00';
  const mistypedIban = 'DE89 3704 0044 0532 0130 01';

  it('reads one indicator per line, blank lines left out', () => {
    const { document } = parseHTML(popupHtml);
    (document.getElementById('manual-indicators') as HTMLTextAreaElement).value = `${wallet}\n\n  ${iban}  \r\n`;
    expect(readForm(document).manualIndicators).toEqual([wallet, iban]);
    (document.getElementById('manual-indicators') as HTMLTextAreaElement).value = ' \n';
    expect(readForm(document)).not.toHaveProperty('manualIndicators');
  });

  it('accepts what the server accepts, and names the checksum a typo breaks, under the field', () => {
    expect(checkForm(form({ manualIndicators: [wallet, iban, 'https://t.me/spendenkanal'] }))).toEqual([]);
    const problems = checkForm(form({ manualIndicators: [wallet, mistypedIban] }));
    expect(problems).toEqual([{ fieldId: 'manual-indicators', sentence: expect.stringMatching(/^Line 2: This looks like an IBAN, but its IBAN check digits \(ISO 13616 mod 97\) does not match/) }]);
    expect(checkForm(form({ manualIndicators: ['hello'] }))).toEqual([{ fieldId: 'manual-indicators', sentence: expect.stringContaining('Not a wallet address, IBAN') }]);
    const { document } = parseHTML(popupHtml);
    renderProblems(document, problems);
    expect(document.getElementById('manual-indicators')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('manual-indicators-error')?.textContent).toContain('Line 2');
  });

  it('refuses more than 20 lines with a sentence, before reading any', () => {
    expect(checkForm(form({ manualIndicators: Array.from({ length: 21 }, () => wallet) }))).toEqual([
      { fieldId: 'manual-indicators', sentence: 'Enter at most 20 indicators, one per line, of at most 200 characters each.' },
    ]);
  });
});
