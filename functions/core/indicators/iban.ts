import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools';

/** IBAN length per country from ibantools' table (built from the SWIFT IBAN registry). */
const ibanLengths: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([country, spec]) =>
    spec.chars ? [[country, spec.chars] as const] : [],
  ),
);

/**
 * ISO 13616: country code, mod-97 check digits, and the BBAN length and format the registry
 * gives for that country (ibantools checks all three, plus national check digits where it
 * knows them). Accepts the printed form with spaces. Never throws.
 */
export const isValidIban = (candidate: string): boolean => {
  if (typeof candidate !== 'string' || candidate.length > 64) return false;
  const electronic = electronicFormatIBAN(candidate);
  return electronic !== null && isValidIBAN(electronic);
};

/** Electronic format (ISO 13616: upper case, no separators). */
export const normalizeIban = (candidate: string): string => electronicFormatIBAN(candidate) ?? '';

const isAlnum = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isSeparator = (code: number): boolean => code === 32 || code === 0xa0;

/**
 * Given text positioned at an IBAN-shaped match ("CC12…"), reads exactly as many characters
 * as the country's IBAN has, skipping single spaces between groups as printed IBANs have
 * them. Returns the raw span and the electronic form, or undefined when the country is
 * unknown, the text runs out, or the IBAN runs straight into more letters or digits
 * (then it is part of a longer token, not an IBAN).
 */
export const readIbanAt = (
  text: string,
  start: number,
  isValid: (electronic: string) => boolean = isValidIBAN,
): { raw: string; electronic: string } | undefined => {
  const country = text.slice(start, start + 2);
  const length = ibanLengths.get(country);
  if (length === undefined) return undefined;
  let electronic = '';
  let i = start;
  while (electronic.length < length && i < text.length) {
    const code = text.charCodeAt(i);
    if (isAlnum(code)) {
      electronic += text[i];
      i++;
    } else if (isSeparator(code) && electronic.length > 0 && isAlnum(text.charCodeAt(i + 1))) {
      i++;
    } else {
      return undefined;
    }
  }
  if (electronic.length !== length) return undefined;
  if (i < text.length && isAlnum(text.charCodeAt(i))) return undefined;
  const upper = electronic.toUpperCase();
  if (!isValid(upper)) return undefined;
  return { raw: text.slice(start, i), electronic: upper };
};
