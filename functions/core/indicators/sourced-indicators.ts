import type { indicatorSourceNames } from '../../contract/responses';
import { extractIndicators, type Indicator } from './extract-indicators';
import { parsePaymentRequest, type PaymentRequest, type PaymentRequestError } from './payment-uri';

/**
 * Where an indicator was found: the page title or the officer's selection (sent with the report),
 * the visible text of the verified MHTML snapshot, a QR code in a verified image, or typed by hand.
 */
export { indicatorSourceNames as indicatorSources } from '../../contract/responses';
export type IndicatorSource = (typeof indicatorSourceNames)[number];

/** An indicator with where it was found; `offset` is into the text of its source. */
export interface SourcedIndicator extends Indicator {
  source: IndicatorSource;
}

export interface CapturedText {
  source: IndicatorSource;
  text: string;
}

/** Evidence excerpts are at most this long, whatever the source (the extractors' own window). */
export const maxEvidenceLength = 80;

const keyOf = (indicator: Indicator): string => `${indicator.type}\u0000${indicator.value}`;

/**
 * The indicators of every captured text, each (type, value) once: from the first text that has
 * it, so the order of `texts` says which source is cited (what the officer saw before what was
 * only in the page). At most `max` in all.
 */
export const indicatorsInCapture = (texts: CapturedText[], max = 200): SourcedIndicator[] => {
  const found = new Map<string, SourcedIndicator>();
  for (const { source, text } of texts) {
    if (found.size >= max) break;
    for (const indicator of extractIndicators(text, { maxIndicators: max })) {
      const key = keyOf(indicator);
      if (!found.has(key) && found.size < max) found.set(key, { ...indicator, source });
    }
  }
  return [...found.values()];
};

/** Merges sourced indicator lists, keeping the first of each (type, value). */
export const mergeIndicators = (lists: SourcedIndicator[][], max = 200): SourcedIndicator[] => {
  const found = new Map<string, SourcedIndicator>();
  for (const list of lists) for (const indicator of list) if (!found.has(keyOf(indicator)) && found.size < max) found.set(keyOf(indicator), indicator);
  return [...found.values()];
};

const excerpt = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, maxEvidenceLength);

/** What the request says besides the payee (the indicator's value), in the words of its scheme. */
const describeRequest = (request: PaymentRequest): string => {
  switch (request.scheme) {
    case 'bitcoin':
      return ['BIP-21', request.amount && `amount ${request.amount} BTC`, request.label && `label ${request.label}`, request.message && `message ${request.message}`].filter(Boolean).join(', ');
    case 'ethereum':
      return ['EIP-681', request.contract && `${request.functionName ?? 'call'} of token ${request.contract.value}`, request.amount && `amount ${request.amount}`].filter(Boolean).join(', ');
    case 'epc':
      return ['EPC SEPA transfer', `to ${request.beneficiary}`, request.amount && `EUR ${request.amount}`, request.remittance && `for ${request.remittance}`].filter(Boolean).join(', ');
  }
};

const indicatorOfRequest = (request: PaymentRequest, payload: string): SourcedIndicator => {
  const evidence = excerpt(describeRequest(request));
  const raw = payload.slice(0, 500);
  switch (request.scheme) {
    case 'bitcoin':
      return { type: 'btc', value: request.address.value, raw, offset: 0, rule: `${request.address.rule} in bip21-uri`, evidence, source: 'qr' };
    case 'ethereum':
      return { type: 'eth', value: request.address.value, raw, offset: 0, rule: `${request.address.rule} in eip681-uri`, evidence, source: 'qr' };
    case 'epc':
      return { type: 'iban', value: request.iban, raw, offset: 0, rule: 'iban-mod97 in epc069-12-sct', evidence, source: 'qr' };
  }
};

export type QrPayloadReading = { indicators: SourcedIndicator[]; error?: PaymentRequestError };

/**
 * The indicators a QR code carries: a payment request (BIP-21, EIP-681, EPC069-12) whose payee
 * passes its checksum, or else whatever the extractors find in its text (a bare address, a
 * payment link). A payment request that fails its checks is returned as the error, so the
 * artifact records why a scheme the poster clearly meant gave no indicator.
 */
export const indicatorsOfQrPayload = (payload: string): QrPayloadReading => {
  const request = parsePaymentRequest(payload);
  if (request.ok) return { indicators: [indicatorOfRequest(request.request, payload)] };
  const indicators = indicatorsInCapture([{ source: 'qr', text: payload }], 20);
  return request.error.code === 'not_a_payment_uri' ? { indicators } : { indicators, error: request.error };
};
