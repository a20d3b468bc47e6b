import { describe, expect, it } from 'vitest';
import type { ReportForm } from '../messaging';
import { checkForm, describeOutcome, describeProblems } from './popup-view';

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
