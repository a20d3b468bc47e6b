import { describe, expect, it } from 'vitest';
import { findImminence, imminenceWindowChars } from './imminence';
import { scanField } from './text-matching';

const hits = (text: string) => findImminence([scanField('selectedText', text)]);

describe('findImminence', () => {
  it.each([
    ['en', 'The attack will happen tomorrow at the station', 'tomorrow', 'attack'],
    ['en time', 'we shoot at 17:30 when they leave', '17:30', 'shoot'],
    ['fr', 'Ce soir, attentat contre la préfecture', 'ce soir', 'attentat'],
    ['de', 'Anschlag diesen Freitag', 'diesen freitag', 'anschlag'],
    ['ar', 'الهجوم غداً على الكنيسة', 'غدا', 'هجوم'],
    ['ru', 'завтра будет теракт', 'завтра', 'теракт'],
  ])('finds a time marker near an attack term (%s)', (_lang, text, marker, attackTerm) => {
    expect(hits(text)[0]).toMatchObject({ marker, attackTerm });
  });

  it('quotes field, offset and text', () => {
    expect(hits('The attack will happen tomorrow')[0]?.evidence).toBe(
      'time marker "tomorrow" near attack term "attack" at selectedText@4: "The attack will happen tomorrow"',
    );
  });

  it('ignores a time marker farther than the window from any attack term', () => {
    const text = `attack. ${'x'.repeat(imminenceWindowChars + 1)} tomorrow`;
    expect(hits(text)).toEqual([]);
    expect(hits(`attack. ${'x'.repeat(imminenceWindowChars - 12)} tomorrow`)).toHaveLength(1);
  });

  it('needs both a time marker and an attack term', () => {
    expect(hits('See you tomorrow at 17:00 for coffee')).toEqual([]);
    expect(hits('They plan an attack on the system')).toEqual([]);
  });

  it('does not pair markers and attack terms across fields', () => {
    expect(findImminence([scanField('title', 'attack'), scanField('selectedText', 'tomorrow')])).toEqual([]);
  });
});
