import { describe, expect, it } from 'vitest';
import { capText, compileTerms, findTerms, foldText, maxScanChars, quote, scanField, scanLimitNote } from './text-matching';

describe('foldText', () => {
  it('lower-cases, strips Latin diacritics and folds ß, dotless i and Turkish İ', () => {
    expect(foldText('Al-Qaïda ÉTAT Straße IŞİD ı')).toBe('al qaida etat strasse isid i');
  });

  it('strips Arabic harakat, tatweel and hamza seats, and unifies alef maqsura and ta marbuta', () => {
    expect(foldText('الدَّوْلَة الإِسْلامِيَّة')).toBe('الدوله الاسلاميه');
    expect(foldText('داعـــش')).toBe('داعش');
    expect(foldText('إلى أرض آمنة')).toBe(foldText('الي ارض امنه'));
  });

  it('maps Arabic-Indic digits to ASCII and dashes, underscores and whitespace runs to one space', () => {
    expect(foldText('١٧:٣٠ ۱۲')).toBe('17:30 12');
    expect(foldText('al_qaeda — 3d-printed\n\t gun')).toBe('al qaeda 3d printed gun');
  });

  it('unifies apostrophe variants', () => {
    expect(foldText('bay’ah Da`esh Daʿesh')).toBe("bay'ah da'esh da'esh");
  });
});

describe('compileTerms / findTerms', () => {
  const matcher = compileTerms(['is', 'how to make', 'how to make a bomb', 'الدولة الإسلامية', 'داعش']);
  const terms = (text: string): string[] => findTerms(matcher, scanField('selectedText', text)).map((m) => m.term);

  it('matches whole words only, in any script', () => {
    expect(terms('this island')).toEqual([]);
    expect(terms('it is.')).toEqual(['is']);
    expect(terms('داعشستان')).toEqual([]);
  });

  it('prefers the longest term at one position', () => {
    expect(terms('How to make a bomb')).toEqual(['how to make a bomb']);
  });

  it('accepts Arabic proclitics, including ل + ال written لل', () => {
    expect(terms('وداعش')).toEqual(['داعش']);
    expect(terms('للدولة الإسلامية')).toEqual(['الدوله الاسلاميه']);
    expect(terms('والدولة الإسلامية')).toEqual(['الدوله الاسلاميه']);
  });

  it('can disable proclitics per term', () => {
    const strict = compileTerms(['حماس'], { proclitics: [false] });
    expect(findTerms(strict, scanField('title', 'بحماس كبير'))).toEqual([]);
    expect(findTerms(strict, scanField('title', 'حركة حماس'))).toHaveLength(1);
  });

  it('matches case-sensitively on the original text when asked', () => {
    const exact = compileTerms(['IS'], { caseSensitive: true });
    expect(findTerms(exact, scanField('title', 'it is IS'))).toMatchObject([{ start: 6, end: 8 }]);
  });

  it('maps folded offsets back to the original, so quotes keep accents and harakat', () => {
    const scanned = scanField('selectedText', 'Voilà — “Comment fabriquer” ici');
    const [match] = findTerms(compileTerms(['comment fabriquer']), scanned);
    expect(match).toBeDefined();
    expect(scanned.original.slice(match!.start, match!.end)).toBe('Comment fabriquer');
    expect(quote(scanned, match!.start, match!.end)).toBe('selectedText@9: "Voilà — “Comment fabriquer” ici"');
  });

  it('stops after the given number of matches', () => {
    expect(findTerms(matcher, scanField('title', 'is '.repeat(50)), 7)).toHaveLength(7);
  });
});

describe('bounded scanning', () => {
  it('caps each field and says so', () => {
    const scanned = scanField('selectedText', 'a'.repeat(maxScanChars + 10));
    expect(scanned.original).toHaveLength(maxScanChars);
    expect(scanned.truncated).toBe(true);
    expect(scanLimitNote([scanned])).toBe(` (scanned first ${maxScanChars} characters of selectedText: ${maxScanChars + 10})`);
    expect(scanLimitNote([scanField('title', 'short')])).toBe('');
  });

  it('caps the folded copy of text that folding lengthens', () => {
    const scanned = scanField('selectedText', 'ﷺ'.repeat(1_000), 1_000);
    expect(scanned.folded.length).toBeLessThanOrEqual(2_000);
    expect(scanned.truncated).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    expect(capText('ab😀', 3)).toBe('ab');
    expect(capText('ab😀', 4)).toBe('ab😀');
  });
});
