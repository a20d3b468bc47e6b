import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { indicatorsOfQrPayload } from '../indicators/sourced-indicators';
import type { DecodedImage } from './pdq';
import { readQrCode } from './qr-code';

/** A deterministic generator, so a noisy image is the same on every run. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface Rendering {
  /** Pixels per module. */
  scale: number;
  /** Quiet zone in modules (the standard asks for 4). */
  margin?: number;
  /** Amplitude of uniform noise added to every channel (0-255). */
  noise?: number;
  channels?: 1 | 3 | 4;
  /** Canvas larger than the code (a screenshot with the code somewhere in it). */
  canvas?: { width: number; height: number; x: number; y: number };
  seed?: number;
}

/** Draws the QR code the encoder (qrcode, the npm QR encoder) makes for `text`. */
const renderQr = (text: string, rendering: Rendering): DecodedImage => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const margin = rendering.margin ?? 4;
  const side = (modules.size + 2 * margin) * rendering.scale;
  const canvas = rendering.canvas ?? { width: side, height: side, x: 0, y: 0 };
  const channels = rendering.channels ?? 3;
  const pixels = new Uint8Array(canvas.width * canvas.height * channels).fill(235);
  const random = mulberry32(rendering.seed ?? 1);
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const mx = Math.floor((x - canvas.x) / rendering.scale) - margin;
      const my = Math.floor((y - canvas.y) / rendering.scale) - margin;
      const dark = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx) === 1;
      for (let c = 0; c < channels; c++) {
        const base = c === 3 ? 255 : dark ? 20 : 235;
        const noisy = c === 3 ? base : base + ((random() * 2 - 1) * (rendering.noise ?? 0));
        pixels[(y * canvas.width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(noisy)));
      }
    }
  }
  return { width: canvas.width, height: canvas.height, channels, pixels };
};

const epcPayload = ['BCD', '002', '1', 'SCT', '', 'Spendenkonto Bruderhilfe', 'DE89370400440532013000', 'EUR50', '', '', 'Ausruestung'].join('\n');
const bip21 = 'bitcoin:bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv?amount=0.05&label=Spenden&message=F%C3%BCr%20die%20Br%C3%BCder';

describe('readQrCode on generated codes', () => {
  it.each([2, 3, 6, 10])('reads an EPC payload at %i pixels per module', (scale) => {
    expect(readQrCode(renderQr(epcPayload, { scale }))).toBe(epcPayload);
  });

  it.each([
    { noise: 40, channels: 3 as const },
    { noise: 80, channels: 1 as const },
    { noise: 60, channels: 4 as const },
  ])('reads a BIP-21 URI under noise of ±$noise in $channels channels', ({ noise, channels }) => {
    expect(readQrCode(renderQr(bip21, { scale: 5, noise, channels, seed: noise }))).toBe(bip21);
  });

  it('finds a code in a corner of a larger screenshot', () => {
    const image = renderQr(epcPayload, { scale: 4, noise: 20, canvas: { width: 640, height: 360, x: 450, y: 150 } });
    expect(readQrCode(image)).toBe(epcPayload);
  });

  it('reads nothing in noise alone or in a tiny image', () => {
    const random = mulberry32(7);
    const pixels = Uint8Array.from({ length: 200 * 200 }, () => Math.round(random() * 255));
    expect(readQrCode({ width: 200, height: 200, channels: 1, pixels })).toBeUndefined();
    expect(readQrCode({ width: 10, height: 10, channels: 1, pixels: new Uint8Array(100) })).toBeUndefined();
  });
});

describe('indicatorsOfQrPayload', () => {
  it('makes a validated IBAN indicator of an EPC payload, with the beneficiary in its evidence', () => {
    expect(indicatorsOfQrPayload(epcPayload)).toEqual({
      indicators: [
        {
          type: 'iban',
          value: 'DE89370400440532013000',
          raw: epcPayload,
          offset: 0,
          rule: 'iban-mod97 in epc069-12-sct',
          evidence: 'EPC SEPA transfer, to Spendenkonto Bruderhilfe, EUR 50, for Ausruestung',
          source: 'qr',
        },
      ],
    });
  });

  it('makes a Bitcoin indicator of a BIP-21 URI, with amount, label and message as evidence', () => {
    const [indicator] = indicatorsOfQrPayload(bip21).indicators;
    expect(indicator).toMatchObject({ type: 'btc', value: 'bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv', source: 'qr' });
    expect(indicator?.evidence).toBe('BIP-21, amount 0.05 BTC, label Spenden, message Für die Brüder');
  });

  it('reads a bare address, and reports a payment request whose payee fails its checksum', () => {
    expect(indicatorsOfQrPayload('1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo').indicators).toMatchObject([{ type: 'btc', source: 'qr' }]);
    expect(indicatorsOfQrPayload(epcPayload.replace('DE89', 'DE88'))).toMatchObject({ indicators: [], error: { code: 'invalid_iban' } });
    expect(indicatorsOfQrPayload('https://example.org')).toEqual({ indicators: [] });
  });
});
