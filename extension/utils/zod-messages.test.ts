import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as z from 'zod';
import french from '../public/_locales/fr/messages.json';
import { officerId, reviewDecisionRequest } from './contract';
import { contractMessageKeys, issueMessage, setZodLanguage, zodLocaleFor } from './zod-messages';

const contractDir = fileURLToPath(new URL('../../functions/contract/', import.meta.url));
const contractSources = readdirSync(contractDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => readFileSync(`${contractDir}${name}`, 'utf8'));

/**
 * The messages the contract writes itself: the last string argument of a check (`.min(1, '…')`,
 * `z.email('…')`), `message:` / `error:` options, and the problems a refinement returns (http-url.ts). Template literals (a figure in the text) are
 * not read; none of those is shown in the dashboard's forms.
 */
const contractMessages = (): Set<string> => {
  const found = new Set<string>();
  const patterns = [/(?:message|error):\s*'((?:[^'\\]|\\.)+)'/g, /,\s*'((?:[^'\\]|\\.){3,})'\)/g, /z\.(?:email|url|string)\('((?:[^'\\]|\\.)+)'/g, /return '((?:[^'\\]|\\.)+)';/g];
  for (const source of contractSources) {
    for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add((match[1] ?? '').replace(/\\'/g, "'"));
  }
  return found;
};

/** The contract's messages no dashboard form shows: the popup's report fields, the API's batch and export routes. */
const notShownInDashboard = new Set([
  'a batch holds at least one report',
  'expected a lowercase hex SHA-256 digest',
  'expected a PDQ hash: 64 lowercase hex digits',
  'expected a BCP 47 language tag such as "en-GB"',
  'each artifact once',
  'an indicator is <type>:<value>, e.g. btc:bc1q...',
  'type a URL, a referral id or an indicator value',
]);

describe("zod's messages in the officer's language", () => {
  afterEach(() => setZodLanguage('en'));

  it('picks the zod locale of the browser language, English for a language the extension does not speak', () => {
    const email = z.email();
    const messageIn = (language: string) => {
      setZodLanguage(language);
      return email.safeParse('not an address').error?.issues[0]?.message;
    };
    expect(messageIn('fr-FR')).toBe('adresse e-mail invalide');
    expect(messageIn('de')).toMatch(/E-Mail-Adresse/);
    expect(messageIn('es')).toBe('Invalid email address');
    expect(zodLocaleFor('pt_BR')).toBe(zodLocaleFor('en'));
  });

  it("shows the contract's own messages through their keys, in French for a French browser", () => {
    const refused = reviewDecisionRequest.safeParse({ decision: 'refused' }).error?.issues[0];
    expect(refused?.message).toBe('refusing a referral needs a reason');
    expect(issueMessage(refused ?? { message: '' })).toBe('refusing a referral needs a reason');
    const english = fakeBrowser.i18n.getMessage;
    const messages: Record<string, { message: string }> = french;
    fakeBrowser.i18n.getMessage = ((key: string) => messages[key]?.message ?? '') as typeof fakeBrowser.i18n.getMessage;
    try {
      expect(issueMessage(refused ?? { message: '' })).toBe('refuser un signalement demande un motif');
      expect(issueMessage(officerId.safeParse('omar <b>').error?.issues[0] ?? { message: '' })).toBe("un identifiant d'agent se compose de lettres, de chiffres et de . _ @ + : -");
    } finally {
      fakeBrowser.i18n.getMessage = english;
    }
    // Anything else is zod's own message, already in the page's language.
    expect(issueMessage({ message: 'adresse e-mail invalide' })).toBe('adresse e-mail invalide');
  });

  it("has a key for every message the contract writes, unless no dashboard form shows it, and none for a message the contract no longer writes", () => {
    const written = contractMessages();
    expect([...written].filter((message) => contractMessageKeys[message] === undefined && !notShownInDashboard.has(message))).toEqual([]);
    expect(Object.keys(contractMessageKeys).filter((message) => !written.has(message))).toEqual([]);
    // In English the officer reads the contract's own wording, as the API answers it.
    expect(Object.entries(contractMessageKeys).filter(([message]) => issueMessage({ message }) !== message)).toEqual([]);
  });
});
