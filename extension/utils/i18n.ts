import { browser } from 'wxt/browser';
import type english from '../public/_locales/en/messages.json';

/** A key of the message files (public/_locales/<language>/messages.json); English is the reference. */
export type MessageKey = keyof typeof english;

export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

/**
 * The message in the browser's language (en, fr or de; English otherwise), through the
 * extension's own i18n: Chrome and Firefox pick the language and fill $1..$9.
 */
export const t: Translate = (key, ...substitutions) => browser.i18n.getMessage(key, substitutions.map(String)) || key;

/** The language the messages are shown in, for the page's lang attribute. */
export const uiLanguage = (): string => browser.i18n.getUILanguage();

/**
 * The static text of an extension page (popup, options) in the browser's language. The HTML
 * holds the English text as written, each element marked `data-i18n="<key>"`; this replaces its
 * text with the key's message and sets the page's `lang`, so a screen reader speaks the right
 * language. English stays in the HTML so a page still reads if the script fails (i18n.test.ts
 * keeps the two in step).
 */
export const localizePage = (doc: Document, translate: Translate = t, language: string = uiLanguage()): void => {
  for (const node of doc.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = translate(node.dataset['i18n'] as MessageKey);
  if (language !== '') doc.documentElement.lang = language;
};
