import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../../public/_locales/en/messages.json';
import french from '../../../public/_locales/fr/messages.json';
import german from '../../../public/_locales/de/messages.json';
import { auditActionName, categoryName, describeChange, evidenceKindName, indicatorSourceName, labelName, labelNameKeys, outcomeName, statusWithOutcome, trendValueName } from './code-names';

const functionsDir = fileURLToPath(new URL('../../../../functions/', import.meta.url));
const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(entry.name) ? [path] : [];
  });

/** The label names the pipeline writes: a `name: '…'` (or a choice of two) followed, in the same statement, by its `rule`. */
const labelNamesWritten = (): Set<string> => {
  const found = new Set<string>();
  for (const dir of ['core', 'process']) {
    for (const file of sourcesUnder(join(functionsDir, dir))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/name: (?:'([a-z-]+)'|[^,\n]*\? '([a-z-]+)' : '([a-z-]+)'),[^;]{0,200}?\brule[:,]/g)) {
        for (const name of match.slice(1)) if (name !== undefined) found.add(name);
      }
    }
  }
  return found;
};

describe("the API's codes in the officer's words", () => {
  it('names statuses, outcomes and audit actions, and an outcome the contract does not know by its code', () => {
    expect(describeChange({ from: 'sent', to: 'actioned', outcome: 'geo_blocked' })).toBe('sent → actioned (geo-blocked)');
    expect(describeChange({ from: 'new', to: 'already_gone' })).toBe('new → already gone');
    expect(statusWithOutcome('declined', 'not_actionable')).toBe('declined: not actionable');
    expect(statusWithOutcome('new', undefined)).toBe('new');
    expect(outcomeName('shadow_banned')).toBe('shadow_banned');
    expect(auditActionName('unassigned')).toBe('assignment withdrawn');
  });

  it('names categories and outcomes in trends, and leaves names that are data (platforms, groups) as they are', () => {
    expect(categoryName('attack_planning')).toBe('Attack planning');
    expect(trendValueName('category', 'attack_planning')).toBe('Attack planning');
    expect(trendValueName('outcome', 'no_violation')).toBe('no violation');
    expect(trendValueName('group', 'attack_planning')).toBe('attack_planning');
    expect(evidenceKindName('mhtml')).toBe('page snapshot (MHTML)');
    expect(indicatorSourceName('qr')).toBe('QR code');
    expect(indicatorSourceName('ocr')).toBe('ocr');
  });

  it("gives every label name the pipeline writes a caption in all three languages; an unknown name shows as written", () => {
    const written = labelNamesWritten();
    expect(written).toContain('sanctions');
    expect(written).toContain('deadline');
    expect([...written].filter((name) => labelNameKeys[name] === undefined)).toEqual([]);
    const languages: Record<string, Record<string, { message: string }>> = { en: english, fr: french, de: german };
    const missing = Object.entries(labelNameKeys).flatMap(([name, key]) => Object.entries(languages).flatMap(([language, messages]) => (messages[key]?.message ? [] : [`${language}: ${name}`])));
    expect(missing).toEqual([]);
    expect(labelName('suggested-category')).toBe('suggested category');
    expect(labelName('a-label-from-tomorrow')).toBe('a-label-from-tomorrow');
    const englishMessage = fakeBrowser.i18n.getMessage;
    fakeBrowser.i18n.getMessage = ((key: string) => languages['fr']?.[key]?.message ?? '') as typeof fakeBrowser.i18n.getMessage;
    try {
      expect(labelName('hash-bank-match')).toBe("correspondance dans une banque d'empreintes");
    } finally {
      fakeBrowser.i18n.getMessage = englishMessage;
    }
  });
});
