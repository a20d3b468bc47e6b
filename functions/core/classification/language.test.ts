import { describe, expect, it } from 'vitest';
import { detectLanguage, languageDetector, toIso6391 } from './language';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Join us brothers and make your way to the land of the caliphate now'],
    ['fr', 'Rejoignez les frères, la hijra est une obligation pour chaque musulman'],
    ['de', 'Spenden Sie jetzt für unsere Brüder in den Lagern, jeder Euro hilft'],
    ['ar', 'الدولة الإسلامية تعلن مسؤوليتها عن الهجوم في المدينة'],
    ['ru', 'Мы призываем всех братьев присоединиться к нашей борьбе. Это наш долг перед Аллахом и перед нашими семьями.'],
  ])('detects %s and reports it as ISO 639-1', (expected, text) => {
    const result = detectLanguage(undefined, text);
    expect(result.language).toBe(expected);
    expect(result.label).toMatchObject({ name: 'language', value: expected, rule: 'franc-trigrams' });
  });

  it('records the detector, the sample and the candidates as evidence', () => {
    const { label } = detectLanguage('Nouveau message', 'Rejoignez les frères, la hijra est une obligation');
    expect(label.evidence[0]).toBe(`detector: ${languageDetector}`);
    expect(label.evidence[1]).toBe('sample (65 chars, first 60 shown): "Nouveau message Rejoignez les frères, la hijra est une oblig"');
    expect(label.evidence).toContain('franc code: fra');
    expect(label.evidence.some((line) => line.startsWith('top candidates: fra '))).toBe(true);
  });

  it('flags a close call between related languages instead of hiding it', () => {
    const { label } = detectLanguage(undefined, 'Завтра будет хорошая погода, и мы пойдём гулять в парк с детьми и друзьями.');
    expect(label).toMatchObject({ value: 'ru', rule: 'franc-trigrams-close-call' });
    expect(label.evidence.find((line) => line.startsWith('top candidates:'))).toMatch(/^top candidates: rus 1\.000, srp 0\.99/);
  });

  it("answers 'und' with rule too-short below 20 characters, URLs not counted", () => {
    expect(detectLanguage('Salut', undefined).label).toMatchObject({ value: 'und', rule: 'too-short' });
    expect(detectLanguage(undefined, 'https://t.me/some_channel_name_here/12345 ok').label).toMatchObject({
      value: 'und',
      rule: 'too-short',
    });
    expect(detectLanguage(undefined, undefined).language).toBe('und');
  });

  it("answers 'und' for text with no letters", () => {
    expect(detectLanguage(undefined, '12345 67890 12345 67890 !!!').label).toMatchObject({ value: 'und', rule: 'franc-undetermined' });
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
