import { describe, expect, it } from 'vitest';
import { channelOf, dossierEntriesOf, type FinancialReferral } from './dossier-entry';

const referral: FinancialReferral = {
  referralId: 'ref_0123456789abcdef01234567',
  platform: 'telegram',
  url: 'https://t.me/s/Spendenkanal/42',
  canonicalUrl: 'https://t.me/spendenkanal/42',
  category: 'terrorist-content',
  priority: 'P3',
  groups: ['group-b', 'group-a'],
  units: ['eu-iru'],
  firstReportedAt: '2026-12-01T10:00:00.000Z',
  lastReportedAt: '2026-12-02T10:00:00.000Z',
  indicators: [
    { type: 'btc', value: '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo', source: 'page', evidence: 'BTC: 1FsS…' },
    { type: 'iban', value: 'DE89370400440532013000', source: 'qr' },
    { type: 'messenger_handle', value: '@spender' },
    { type: 'btc', value: '1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo', source: 'title' },
  ],
};

describe('dossier entries of a referral', () => {
  it('files the referral once per distinct financial indicator, linking its other indicators, channel and groups', () => {
    const entries = dossierEntriesOf(referral);
    expect(entries.map((e) => e.indicator.type)).toEqual(['btc', 'iban']);
    expect(entries[0]?.referral).toMatchObject({ channel: 't.me/spendenkanal', groups: ['group-a', 'group-b'], source: 'page', evidence: 'BTC: 1FsS…' });
    expect(entries[0]?.neighbours).toEqual([
      { kind: 'indicator', name: 'iban:DE89370400440532013000' },
      { kind: 'indicator', name: 'messenger_handle:@spender' },
      { kind: 'channel', name: 't.me/spendenkanal' },
      { kind: 'group', name: 'group-b' },
      { kind: 'group', name: 'group-a' },
    ]);
  });

  it('files nothing for a referral without a financial indicator', () => {
    expect(dossierEntriesOf({ ...referral, indicators: [{ type: 'messenger_handle', value: '@x' }] })).toEqual([]);
  });
});

describe('the channel of content', () => {
  it.each([
    ['https://t.me/s/Spendenkanal/42', 't.me/spendenkanal'],
    ['https://t.me/spendenkanal/42', 't.me/spendenkanal'],
    ['https://x.com/account/status/1', 'x.com/account'],
    ['https://www.spenden.example/donate', 'spenden.example'],
    ['not a url', 'not a url'],
  ])('%s is posted in %s', (url, channel) => {
    expect(channelOf(url)).toBe(channel);
  });
});
