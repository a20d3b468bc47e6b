import { describe, expect, it } from 'vitest';
import { readManualIndicator } from './manual-indicator';

describe('readManualIndicator', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', 'iban', 'DE89370400440532013000'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['0x52908400098527886E0F7030069857D2E4169EE7', 'eth', '0x52908400098527886e0f7030069857d2e4169ee7'],
    ['  1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 ', 'btc', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
  ])('accepts %s as the server normalizes it', (input, type, value) => {
    expect(readManualIndicator(input)).toMatchObject({ ok: true, indicator: { type, value } });
  });

  it.each([
    ['DE89 3704 0044 0532 0130 01', 'IBAN check digits'],
    ['0x52908400098527886E0F7030069857D2E4169Ee7', 'EIP-55'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp', 'BIP-173'],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'Base58Check'],
  ])('names the failed checksum of %s', (input, checksum) => {
    const result = readManualIndicator(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'bad_checksum', field: 'manualIndicator', message: expect.stringContaining(checksum) });
  });

  it('refuses empty input, prose, and two indicators at once', () => {
    expect(readManualIndicator('  ')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(readManualIndicator('donate here')).toMatchObject({ ok: false, error: { code: 'not_an_indicator' } });
    expect(readManualIndicator('DE89370400440532013000 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toMatchObject({ ok: false, error: { code: 'several_indicators' } });
  });
});
