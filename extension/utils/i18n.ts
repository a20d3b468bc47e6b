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
