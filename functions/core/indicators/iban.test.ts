import { describe, expect, it } from 'vitest';
import { friendlyFormatIBAN } from 'ibantools';
import { isValidIban, normalizeIban, readIbanAt } from './iban';
import { ibantoolsInvalidIbans, ibantoolsPrintedIban, ibantoolsSuiteOutdated, ibantoolsValidIbans } from './vectors/ibantools-suite';

const currentValidIbans = ibantoolsValidIbans.filter((iban) => !ibantoolsSuiteOutdated.has(iban));

describe('isValidIban with ibantools test-suite vectors', () => {
  it.each(currentValidIbans)('accepts %s electronic and printed', (iban) => {
    expect(isValidIban(iban)).toBe(true);
    expect(isValidIban(friendlyFormatIBAN(iban) ?? '')).toBe(true);
  });

  it.each([...ibantoolsSuiteOutdated])('rejects %s, valid only under the registry that suite version followed', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it.each(ibantoolsInvalidIbans)('rejects %s', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('accepts the printed form the suite gives and normalizes it', () => {
    expect(isValidIban(ibantoolsPrintedIban.printed)).toBe(true);
    expect(normalizeIban(ibantoolsPrintedIban.printed)).toBe(ibantoolsPrintedIban.electronic);
  });

  it.each([undefined, null, '', 'DE', 'x'.repeat(100)])('rejects %j without throwing', (input) => {
    expect(isValidIban(input as string)).toBe(false);
  });
});

describe('readIbanAt', () => {
  it.each(currentValidIbans)('reads %s printed in groups of four inside a sentence', (iban) => {
    const printed = friendlyFormatIBAN(iban) ?? '';
    const text = `Send to ${printed} today`;
    expect(readIbanAt(text, 8)).toEqual({ raw: printed, electronic: iban });
  });

  it('stops at the country length, so a following word is not read', () => {
    expect(readIbanAt('DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX', 0)?.electronic).toBe('DE89370400440532013000');
  });

  it('rejects an IBAN that runs into more characters, unknown countries and double spaces', () => {
    expect(readIbanAt('DE8937040044053201300099', 0)).toBeUndefined();
    expect(readIbanAt('XX89370400440532013000', 0)).toBeUndefined();
    expect(readIbanAt('DE89  3704 0044 0532 0130 00', 0)).toBeUndefined();
    expect(readIbanAt('DE89 3704 0044 0532 0130', 0)).toBeUndefined();
  });

  it('rejects a wrong check digit (mod 97)', () => {
    expect(readIbanAt('DE88 3704 0044 0532 0130 00', 0)).toBeUndefined();
  });
});
