import { describe, expect, it } from 'vitest';
import { findImminence } from './imminence';
import { conceptKey, suggestCategories, type IndicatorInput } from './suggest-categories';
import { scanField } from './text-matching';

function suggest(text: string, indicators: IndicatorInput[] = []) {
  const fields = [scanField('selectedText', text)];
  return suggestCategories(fields, indicators, findImminence(fields));
}

describe('suggestCategories', () => {
  it('suggests fundraising from financial indicators, listing them as evidence', () => {
    const result = suggest('', [
      { type: 'btc', value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', rule: 'bip173' },
      { type: 'messenger_handle', value: '@brother', rule: 'telegram-handle' },
    ]);
    expect(result.suggested).toEqual(['fundraising']);
    expect(result.labels).toEqual([
      {
        name: 'suggested-category',
        value: 'fundraising',
        rule: 'financial-indicators',
        evidence: ['btc: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq (indicator rule: bip173)'],
      },
    ]);
  });

  it('does not suggest fundraising from a messenger handle alone', () => {
    expect(suggest('', [{ type: 'messenger_handle', value: '@brother', rule: 'telegram-handle' }]).suggested).toEqual([]);
  });

  it('caps the indicator evidence and says how many more', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ type: 'iban', value: `DE${i}`, rule: 'mod97' }));
    const evidence = suggest('', many).labels[0]!.evidence;
    expect(evidence).toHaveLength(11);
    expect(evidence.at(-1)).toBe('and 2 more');
  });

  it('suggests from one strong term, quoting the match', () => {
    const result = suggest('Full guide: TATP synthesis');
    expect(result.suggested).toEqual(['instructional']);
    expect(result.labels[0]).toEqual({
      name: 'suggested-category',
      value: 'instructional',
      rule: 'lexicon-strong',
      evidence: ['lexicon en "tatp" (strong) at selectedText@12: "Full guide: TATP synthesis"'],
    });
  });

  it('needs two different weak terms', () => {
    expect(suggest('Grandma’s recipe for apple pie').suggested).toEqual([]);
    expect(suggest('Pay your zakat before Eid').suggested).toEqual([]);
    expect(suggest('attack, attacks, attacked').suggested).toEqual([]);
    const result = suggest('How to make the explosive at home');
    expect(result.suggested).toEqual(['instructional']);
    expect(result.labels[0]).toMatchObject({ rule: 'lexicon-two-weak' });
    expect(result.labels[0]!.evidence).toHaveLength(2);
  });

  it.each([
    ['fundraising', 'تبرعوا الآن، الزكاة للإخوة', ['fundraising']],
    ['fundraising', 'Spenden Sie jetzt und dons bienvenus', ['fundraising']],
    ['recruitment', 'Rejoignez-nous, la hijra est une obligation', ['recruitment']],
    ['recruitment', 'Brüder, schließt euch an – Hidschra jetzt', ['recruitment']],
    ['recruitment', 'Join the caliphate', ['recruitment']],
    ['propaganda', 'وكالة أعماق: بيان', ['propaganda']],
    ['propaganda', 'new nasheed, official release', ['propaganda']],
    ['attack_planning', 'he posted a kill list of officers', ['attack_planning']],
    ['instructional', 'Anleitung für Sprengstoff', ['instructional']],
    ['instructional', '3D-printed gun files', ['instructional']],
  ])('suggests %s: %s', (_category, text, expected) => {
    expect(suggest(text).suggested).toEqual(expected);
  });

  it('suggests attack_planning from a time marker near an attack term, and says it was only that', () => {
    const result = suggest('the attack is tomorrow');
    expect(result.suggested).toEqual(['attack_planning']);
    expect(result.attackPlanningByLexicon).toBe(false);
    expect(result.labels[0]).toMatchObject({ rule: 'attack-term-near-time' });
  });

  it('flags attack_planning from the lexicon itself', () => {
    expect(suggest('martyrdom operation').attackPlanningByLexicon).toBe(true);
  });

  it('lists every language a matched term belongs to', () => {
    const result = suggest('Rejoignez-nous. Hijra!');
    expect(result.labels[0]!.evidence.some((line) => line.startsWith('lexicon en/fr "hijra"'))).toBe(true);
  });

  it('says when the text was cut before scanning', () => {
    const result = suggest('TATP '.padEnd(250_000, '.'));
    expect(result.labels[0]!.rule).toBe('lexicon-strong (scanned first 200000 characters of selectedText: 250000)');
  });

  it('returns categories in contract order', () => {
    expect(suggest('TATP. Join the caliphate. Amaq.').suggested).toEqual(['recruitment', 'propaganda', 'instructional']);
  });
});

describe('conceptKey', () => {
  it('treats forms of one word as one', () => {
    expect(conceptKey('attack')).toBe(conceptKey('attacks'));
    expect(conceptKey('donate')).toBe(conceptKey('donation'));
    expect(conceptKey('التبرع')).toBe(conceptKey('تبرع'));
    expect(conceptKey('attack')).not.toBe(conceptKey('target'));
  });
});
