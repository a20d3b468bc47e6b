import { describe, expect, it } from 'vitest';
import { detectLanguage, languageDetector, minLanguageSampleChars, rankLanguages, reliableShare, toIso6391 } from './language';
import { leipzigSentences } from './vectors/leipzig-sentences';

const text = (selectedText: string, pageLanguage?: string) => ({ selectedText, ...(pageLanguage !== undefined ? { pageLanguage } : {}) });

describe('detectLanguage', () => {
  it.each([
    ['en', 'Join us brothers and make your way to the land of the caliphate now, the caravan is waiting for all of you'],
    ['fr', 'Rejoignez les frères, la hijra est une obligation pour chaque musulman qui veut vivre selon la loi divine'],
    ['de', 'Spenden Sie jetzt für unsere Brüder in den Lagern, jeder Euro hilft den Familien der Gefangenen und Märtyrer'],
    ['ar', 'الدولة الإسلامية تعلن مسؤوليتها عن الهجوم في المدينة وتدعو أنصارها إلى نشر البيان على كل المنصات'],
    ['ru', 'Мы призываем всех братьев присоединиться к нашей борьбе. Это наш долг перед Аллахом и перед нашими семьями.'],
  ])('detects %s and reports it as ISO 639-1', (expected, sample) => {
    const result = detectLanguage(text(sample));
    expect(result.language).toBe(expected);
    expect(result.label).toMatchObject({ name: 'language', value: expected, rule: 'franc-trigrams' });
  });

  it('records the detector, the sample and the candidates as evidence', () => {
    const { label } = detectLanguage({ title: 'Nouveau message', selectedText: 'Rejoignez les frères, la hijra est une obligation pour chaque musulman' });
    expect(label.evidence[0]).toBe(`detector: ${languageDetector}`);
    expect(label.evidence[1]).toBe('sample (86 chars, first 60 shown): "Nouveau message Rejoignez les frères, la hijra est une oblig"');
    expect(label.evidence).toContain('franc code: fra');
    expect(label.evidence.some((line) => line.startsWith('top candidates: fra '))).toBe(true);
  });

  it('flags a close call between related languages instead of hiding it', () => {
    const { label } = detectLanguage(text('Завтра будет хорошая погода, и мы пойдём гулять в парк с детьми и друзьями. Мы пойдём гулять.'));
    expect(label).toMatchObject({ value: 'ru', rule: 'franc-trigrams-close-call' });
    expect(label.evidence.find((line) => line.startsWith('top candidates:'))).toMatch(/^top candidates: rus 1\.000, srp 0\.99/);
  });

  it("answers 'und' with the measured reason for a short English title franc would call Romanian", () => {
    const title = 'Recruitment video posted today';
    expect(rankLanguages(title)[0]?.[0]).not.toBe('eng');
    const { language, label } = detectLanguage({ title });
    expect(language).toBe('und');
    expect(label).toMatchObject({ value: 'und', rule: 'too-short' });
    expect(label.evidence.at(-1)).toBe(
      `30 characters of text; below ${minLanguageSampleChars} the detector named the right language in fewer than ${reliableShare * 100}% of a labelled sample in 10 languages`,
    );
  });

  it("answers 'und' with rule too-short for short text, URLs not counted", () => {
    expect(detectLanguage({ title: 'Salut' }).label).toMatchObject({ value: 'und', rule: 'too-short' });
    expect(detectLanguage(text(`https://t.me/some_channel_name_here/12345 ${'ok '.repeat(20)}`)).label).toMatchObject({ value: 'und', rule: 'too-short' });
    expect(detectLanguage({}).language).toBe('und');
  });

  it("answers 'und' for text with no letters", () => {
    expect(detectLanguage(text('12345 67890 12345 67890 !!! '.repeat(4))).label).toMatchObject({ value: 'und', rule: 'franc-undetermined' });
  });
});

describe("detectLanguage: the page's declared language (<html lang>)", () => {
  it('answers the declared language for text too short to detect, saying so', () => {
    const { language, label } = detectLanguage({ title: 'Recruitment video posted today', pageLanguage: 'en-GB' });
    expect(language).toBe('en');
    expect(label).toMatchObject({ value: 'en', rule: 'page-declared-language' });
    expect(label.evidence).toContain('page declares lang="en-GB"');
    expect(label.evidence.some((line) => line.startsWith('30 characters of text; below '))).toBe(true);
  });

  it('does not take a declared language whose script the text is not written in', () => {
    // A site's interface language is not its posts' language: t.me serves Arabic posts under lang="en".
    const { language, label } = detectLanguage({ title: 'بيان جديد من الإخوة', pageLanguage: 'en' });
    expect(language).toBe('und');
    expect(label).toMatchObject({ value: 'und', rule: 'too-short' });
    expect(label.evidence).toContain('page declares lang="en", but the text is in Arabic script, not Latin');
  });

  it('lets the detector decide on text long enough, recording whether the page agrees', () => {
    const french = 'Rejoignez les frères, la hijra est une obligation pour chaque musulman qui veut vivre selon la loi divine';
    expect(detectLanguage(text(french, 'en')).label).toMatchObject({ value: 'fr', rule: 'franc-trigrams' });
    expect(detectLanguage(text(french, 'en')).label.evidence).toContain('page declares lang="en" (differs)');
    expect(detectLanguage(text(french, 'fr')).label.evidence).toContain('page declares lang="fr" (agrees)');
  });

  it('ignores a declaration that is not a language tag', () => {
    for (const pageLanguage of ['', 'und', 'x', 'english please', 'zxx']) {
      expect(detectLanguage({ title: 'Recruitment video posted today', pageLanguage }).language).toBe('und');
    }
  });
});

describe('minLanguageSampleChars, measured', () => {
  const step = 10;
  // The text from the first whitespace at or after `length` characters, so every cut is at least that long.
  const headOf = (sentence: string, length: number): string => {
    const space = /\s/u.exec(sentence.slice(length));
    return space ? sentence.slice(0, length + space.index) : sentence;
  };
  // Share of the sample franc names right, averaged over the languages so each counts the same.
  const shareRightAt = (length: number): number => {
    const shares = Object.entries(leipzigSentences).map(([language, sentences]) => {
      const right = sentences.filter((sentence) => toIso6391(rankLanguages(headOf(sentence, length))[0]?.[0] ?? 'und') === language);
      return right.length / sentences.length;
    });
    return shares.reduce((sum, share) => sum + share, 0) / shares.length;
  };

  it('is the shortest length from which franc is right often enough on a labelled sample in 10 languages', () => {
    expect(Object.keys(leipzigSentences)).toEqual(expect.arrayContaining(['ar', 'fr', 'de', 'ru', 'en']));
    expect(minLanguageSampleChars % step).toBe(0);
    for (let length = minLanguageSampleChars; length <= 100; length += step) {
      expect(shareRightAt(length), `${length} characters`).toBeGreaterThanOrEqual(reliableShare);
    }
    expect(shareRightAt(minLanguageSampleChars - step)).toBeLessThan(reliableShare);
  });
});

describe('toIso6391', () => {
  it('maps individual languages to their macrolanguage 639-1 code', () => {
    expect(['arb', 'ara', 'pes', 'prs', 'fas', 'pbu', 'pus', 'zlm', 'uzn'].map(toIso6391)).toEqual([
      'ar', 'ar', 'fa', 'fa', 'fa', 'ps', 'ps', 'ms', 'uz',
    ]);
    expect(['eng', 'fra', 'deu', 'rus', 'tur', 'urd', 'ind', 'spa', 'ita', 'nld', 'som', 'hau'].map(toIso6391)).toEqual([
      'en', 'fr', 'de', 'ru', 'tr', 'ur', 'id', 'es', 'it', 'nl', 'so', 'ha',
    ]);
  });

  it('keeps 639-3 where there is no 639-1 code or it would lose information', () => {
    expect(toIso6391('ckb')).toBe('ckb');
    expect(toIso6391('fuv')).toBe('fuv');
  });
});
