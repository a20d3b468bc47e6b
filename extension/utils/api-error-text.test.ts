import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../public/_locales/en/messages.json';
import french from '../public/_locales/fr/messages.json';
import german from '../public/_locales/de/messages.json';
import { apiErrorCodes, apiErrorReasons, apiIssueCodes } from './contract';
import { apiIssueCodeKeys } from './zod-messages';
import { apiErrorCodeKeys, apiErrorReasonKeys, apiErrorText } from './api-error-text';

const languages: Record<string, Record<string, { message: string }>> = { en: english, fr: french, de: german };
const englishMessage = fakeBrowser.i18n.getMessage;

/** The browser's i18n in one language: the key's message with $1..$9 filled, as Chrome does. */
const speak = (language: 'en' | 'fr' | 'de') => {
  const messages = languages[language] ?? {};
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '');
  }) as typeof fakeBrowser.i18n.getMessage;
};

const placeholders = (text: string): string[] => [...new Set(text.match(/\$\d/g) ?? [])].sort();

describe("the API's refusals in the officer's language", () => {
  afterEach(() => {
    fakeBrowser.i18n.getMessage = englishMessage;
  });

  it('words a field the API refused by its issue code, in French, and leaves zod\'s English from the server out', () => {
    speak('fr');
    const text = apiErrorText(400, {
      code: 'invalid_body',
      message: 'invalid fields: url, title',
      issues: [
        { path: 'url', message: 'non_public_host: 10.0.0.1 is a private address', code: 'non_public_host' },
        { path: 'title', message: 'Too big: expected string to have <=2000 characters' },
      ],
    });
    expect(text).toContain("url : l'adresse n'est pas un site web public");
    expect(text).not.toContain('private address');
    expect(text).not.toContain('Too big');
  });

  it('has a sentence for every error code, issue code and reason of the contract, translated in all three languages', () => {
    // Read at run time from the contract's lists: a code or reason added there without a key fails here.
    const keys = [...apiErrorCodes.map((code) => ({ name: code, key: apiErrorCodeKeys[code], params: 0 })), ...apiIssueCodes.map((code) => ({ name: code, key: apiIssueCodeKeys[code], params: 0 })), ...apiErrorReasons.map((reason) => ({ name: reason, key: apiErrorReasonKeys[reason]?.key, params: apiErrorReasonKeys[reason]?.params.length ?? 0 }))];
    const missing = keys.flatMap(({ name, key }) => Object.entries(languages).flatMap(([language, messages]) => (key === undefined || !messages[key]?.message ? [`${language}: ${name}`] : [])));
    expect(missing).toEqual([]);
    for (const { name, key, params } of keys) {
      const [en, fr, de] = [english, french, german].map((messages) => (messages as Record<string, { message: string }>)[key ?? '']?.message ?? '');
      expect({ name, fr: fr !== en, de: de !== en }).toEqual({ name, fr: true, de: true });
      // Each language names the same values: none is dropped in a translation.
      const expected = Array.from({ length: params }, (_, i) => `$${i + 1}`);
      expect({ name, en: placeholders(en ?? ''), fr: placeholders(fr ?? ''), de: placeholders(de ?? '') }).toEqual({ name, en: expected, fr: expected, de: expected });
    }
  });

  it('words the four-eyes refusal in French, naming the unit, rather than the API\'s English', () => {
    speak('fr');
    const text = apiErrorText(409, {
      code: 'conflict',
      message: 'four-eyes review: a unit requires a second officer of their own to approve this referral before delivery; unit eu-iru: no review was requested',
      reason: 'four_eyes_required',
      params: { units: 'eu-iru' },
    });
    expect(text).toBe("un second agent de l'unité eu-iru doit approuver ce signalement avant sa transmission (contrôle à quatre yeux) (HTTP 409 conflict)");
  });

  it('tells a version conflict from a four-eyes refusal, though both are 409 conflict', () => {
    speak('de');
    expect(apiErrorText(409, { code: 'conflict', message: 'stale version', reason: 'version_conflict' })).toMatch(/^die Meldung hat sich während Ihrer Aktion geändert/);
    expect(apiErrorText(409, { code: 'conflict', message: 'four-eyes', reason: 'four_eyes_required', params: { units: 'de-bka' } })).toMatch(/^ein zweiter Beamter der Einheit de-bka/);
  });

  it('keeps the article a refusal cites as cited, and translates the sentence around it', () => {
    speak('fr');
    const order = { code: 'forbidden', message: 'Regulation (EU) 2021/784 Art. 3(1), Art. 4: the order belongs to its issuing unit de-bka; only that unit records what happens to it', rule: 'Regulation (EU) 2021/784 Art. 3(1), Art. 4', reason: 'order_of_other_unit', params: { unit: 'de-bka' } };
    expect(apiErrorText(403, order)).toBe("refusé au titre de Regulation (EU) 2021/784 Art. 3(1), Art. 4 : l'injonction de retrait appartient à l'unité émettrice de-bka ; seule cette unité peut agir sur elle (HTTP 403 forbidden)");
    // A cited rule without a reason: the code's sentence, under the article.
    expect(apiErrorText(409, { code: 'conflict', message: 'Regulation (EU) 2021/784 Art. 10(2): the complaint was already decided (upheld)', rule: 'Regulation (EU) 2021/784 Art. 10(2)' })).toBe(
      "refusé au titre de Regulation (EU) 2021/784 Art. 10(2) : la demande est en conflit avec l'état actuel du dossier ; rechargez et vérifiez (réponse de l'API : « the complaint was already decided (upheld) ») (HTTP 409 conflict)",
    );
    // A rule the API names in words is translated like any other word.
    expect(apiErrorText(403, { code: 'forbidden', message: 'four-eyes review: the reviewer cannot be the officer who requested the review', rule: 'four-eyes review', reason: 'review_own_request' })).toBe(
      "refusé au titre de contrôle à quatre yeux : l'agent qui a demandé le contrôle ne peut pas le trancher (HTTP 403 forbidden)",
    );
  });

  it('names the fields at fault, with the contract\'s own rule in French', () => {
    speak('fr');
    const text = apiErrorText(400, { code: 'invalid_body', message: 'invalid fields: reason', issues: [{ path: 'reason', message: 'refusing a referral needs a reason' }] });
    expect(text).toBe('la requête contient des champs invalides : reason : refuser un signalement demande un motif (HTTP 400 invalid_body)');
  });

  it("shows the API's English only for a code or reason it does not know, or a reason missing a value it names", () => {
    speak('fr');
    expect(apiErrorText(503, { code: 'unavailable_later', message: 'try again in a minute' })).toBe('try again in a minute (HTTP 503 unavailable_later)');
    expect(apiErrorText(409, { code: 'conflict', message: 'a new situation', reason: 'something_new' })).toBe('a new situation (HTTP 409 conflict)');
    expect(apiErrorText(409, { code: 'conflict', message: 'four-eyes, units not named', reason: 'four_eyes_required' })).toBe('four-eyes, units not named (HTTP 409 conflict)');
    expect(apiErrorText(502, undefined)).toBe("l'API a répondu HTTP 502 sans erreur lisible");
  });
});
