import { describe, expect, it } from 'vitest';
import { categoryLexicon, imminenceMarkers, timeOrDatePattern } from './lexicons';
import { foldText } from './text-matching';

describe('lexicons', () => {
  it('has entries in English, French, German and Arabic for every category', () => {
    for (const category of ['fundraising', 'recruitment', 'attack_planning', 'instructional'] as const) {
      const langs = new Set(categoryLexicon.filter((entry) => entry.category === category).map((entry) => entry.lang));
      for (const lang of ['en', 'fr', 'de', 'ar']) expect(langs, `${category} lacks ${lang}`).toContain(lang);
    }
    for (const lang of ['en', 'fr', 'de', 'ar']) expect(Object.keys(imminenceMarkers)).toContain(lang);
  });

  it('never lists one term as both strong and weak for one category', () => {
    const strength = new Map<string, string>();
    for (const entry of categoryLexicon) {
      const key = `${entry.category}:${foldText(entry.term)}`;
      expect(strength.get(key) ?? entry.strength, key).toBe(entry.strength);
      strength.set(key, entry.strength);
    }
  });

  it('keeps religious vocabulary weak', () => {
    for (const term of ['zakat', 'sadaqah', 'hijra', "bay'ah", 'nasheed', 'زكاة', 'بيعة', 'الهجرة', 'نشيد']) {
      const entries = categoryLexicon.filter((entry) => foldText(entry.term) === foldText(term));
      expect(entries.length, term).toBeGreaterThan(0);
      expect(entries.every((entry) => entry.strength === 'weak'), term).toBe(true);
    }
  });

  it('has no term that folds to nothing', () => {
    for (const entry of categoryLexicon) expect(foldText(entry.term).length, entry.term).toBeGreaterThan(1);
  });
});

describe('timeOrDatePattern', () => {
  const times = (text: string) => [...foldText(text).matchAll(timeOrDatePattern)].map((m) => m[0]);

  it('finds clock times and numeric dates in several notations', () => {
    expect(times('at 17:00, at 5pm, um 18 Uhr, à 18h30, le 12/05, am 12.05.2025')).toEqual([
      '17:00', '5pm', '18 uhr', '18h30', '12/05', '12.05.2025',
    ]);
    expect(times('الساعة ١٧:٣٠')).toEqual(['17:30']);
  });

  it('ignores digits inside longer numbers and words', () => {
    expect(times('order 123456, room B12, 2024')).toEqual([]);
  });
});
