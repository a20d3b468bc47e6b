/**
 * Analysts defang URLs so that a threat report or a chat cannot open them by a click
 * (`hxxps://t[.]me/...`, `example[dot]org`); a referral list copied from such a report
 * carries them. These are the common conventions (the ones ioc-fanger and CyberChef's
 * "Fang URL" undo): a mangled scheme, and brackets around the dot or the colon.
 */
const refangRules: readonly (readonly [RegExp, string])[] = [
  [/^hxxp(s?)(?=[:[(])/iu, 'http$1'],
  [/\[:\/\/\]|\(:\/\/\)/gu, '://'],
  [/\[:\]|\(:\)/gu, ':'],
  [/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}/giu, '.'],
];

/** The refanged form of a defanged URL, or undefined when the text is not defanged. */
export const refangUrl = (text: string): string | undefined => {
  const refanged = refangRules.reduce((url, [pattern, replacement]) => url.replace(pattern, replacement), text);
  return refanged === text ? undefined : refanged;
};
