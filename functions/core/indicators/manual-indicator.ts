import { extractIndicators, type Indicator, type IndicatorType } from './extract-indicators';

/**
 * An indicator an officer types by hand, accepted exactly as the extractors accept one in
 * captured text (same checksums, same normalization), so the popup refuses what the server
 * would drop. A value shaped like an IBAN or address whose checksum fails says so: that is a
 * typo the officer can fix, not "nothing found".
 */
export type ManualIndicatorResult =
  | { ok: true; indicator: Indicator }
  | { ok: false; error: { code: 'empty' | 'bad_checksum' | 'not_an_indicator' | 'several_indicators'; field: 'manualIndicator'; message: string } };

/** Shapes that only a mistyped indicator has, with what the checksum is called in that scheme. */
const shapes: { type: IndicatorType; shape: RegExp; checksum: string }[] = [
  { type: 'iban', shape: /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/i, checksum: 'IBAN check digits (ISO 13616 mod 97)' },
  { type: 'eth', shape: /^0x[0-9a-f]{40}$/i, checksum: 'Ethereum address checksum (EIP-55 capitalization)' },
  { type: 'btc', shape: /^(?:bc|ltc)1[02-9ac-hj-np-z]{11,87}$/i, checksum: 'bech32 checksum (BIP-173)' },
  { type: 'btc', shape: /^[13489ADLMT][1-9A-HJ-NP-Za-km-z]{25,105}$/, checksum: 'Base58Check checksum' },
];

const failure = (code: 'empty' | 'bad_checksum' | 'not_an_indicator' | 'several_indicators', message: string): ManualIndicatorResult => ({
  ok: false,
  error: { code, field: 'manualIndicator', message },
});

export const readManualIndicator = (input: string): ManualIndicatorResult => {
  const text = input.trim();
  if (!text) return failure('empty', 'Enter a wallet address, IBAN, payment link or messenger handle.');
  const found = extractIndicators(text, { maxIndicators: 2 });
  if (found.length > 1) return failure('several_indicators', 'Enter one indicator at a time.');
  const [indicator] = found;
  if (indicator && indicator.raw.replace(/\s/g, '') === text.replace(/\s/g, '')) return { ok: true, indicator };
  const compact = text.replace(/\s/g, '');
  const mistyped = shapes.find(({ shape }) => shape.test(compact));
  if (mistyped) return failure('bad_checksum', `This looks like ${mistyped.type === 'btc' ? 'a wallet address' : mistyped.type === 'eth' ? 'an Ethereum address' : 'an IBAN'}, but its ${mistyped.checksum} does not match: check it for a typo.`);
  return failure('not_an_indicator', 'Not a wallet address, IBAN, payment link or messenger handle the server recognizes.');
};
