import { describe, expect, it } from 'vitest';
import { indicatorsInCapture, mergeIndicators } from './sourced-indicators';

describe('indicatorsInCapture', () => {
  it('cites the first source that has an indicator, and keeps each source text its own offsets', () => {
    const found = indicatorsInCapture([
      { source: 'title', text: 'Spenden' },
      { source: 'selection', text: 'BTC 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo' },
      { source: 'page', text: 'Adresse 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo oder IBAN DE89 3704 0044 0532 0130 00 bitte' },
    ]);
    expect(found).toMatchObject([
      { type: 'btc', source: 'selection', offset: 4 },
      { type: 'iban', value: 'DE89370400440532013000', source: 'page', offset: 53, evidence: 'e 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo oder IBAN DE89 3704 0044 0532 0130 00 bitte' },
    ]);
  });

  it('stops at the limit across sources', () => {
    const found = indicatorsInCapture(
      [
        { source: 'selection', text: 'DE89370400440532013000' },
        { source: 'page', text: '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo' },
      ],
      1,
    );
    expect(found.map((i) => i.source)).toEqual(['selection']);
  });
});

describe('mergeIndicators', () => {
  it('keeps the earlier list when two carry the same indicator', () => {
    const [fromPage] = indicatorsInCapture([{ source: 'page', text: 'DE89370400440532013000' }]);
    const [fromQr] = indicatorsInCapture([{ source: 'qr', text: 'DE89370400440532013000' }]);
    expect(mergeIndicators([[fromPage!], [fromQr!]]).map((i) => i.source)).toEqual(['page']);
  });
});
