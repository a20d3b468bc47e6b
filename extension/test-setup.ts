import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from './public/_locales/en/messages.json';

/**
 * WXT's fake browser has no i18n; the extension's own tests read its English messages, as
 * Chrome does for an English browser (filling $1..$9), so a test states what an officer reads.
 */
const messages: Record<string, { message: string }> = english;
fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) =>
  [substitutions ?? []].flat().reduce((text, value, i) => text.replaceAll(`$${i + 1}`, value), messages[key]?.message ?? '')) as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en';
