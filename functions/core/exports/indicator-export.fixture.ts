import type { DossierReferral } from '../../contract/financial';
import { coOccurrencesOf, exportedIndicatorOf, type IndicatorExport } from './indicator-export';

/** Published test values: BIP-173's example address, the SWIFT registry's German IBAN, a Monero project test address, EIP-55's example. */
export const sampleWallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
export const sampleIban = 'DE89370400440532013000';
export const sampleMonero = '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';
export const sampleEth = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';

const referral = (overrides: Partial<DossierReferral> & Pick<DossierReferral, 'referralId' | 'url'>): DossierReferral => ({
  platform: 'telegram',
  channel: 't.me/spendenkanal',
  category: 'fundraising',
  priority: 'P3',
  groups: ['designated-group'],
  units: ['eu-iru', 'de-bka'],
  firstReportedAt: '2026-11-02T09:15:00.000Z',
  ...overrides,
});

export const sampleReferrals = {
  post: referral({ referralId: 'ref_000000000000000000000001', url: 'https://t.me/spendenkanal/5', source: 'page', evidence: `Spenden BTC ${sampleWallet} oder IBAN` }),
  poster: referral({ referralId: 'ref_000000000000000000000002', url: 'https://t.me/spendenkanal/6', source: 'qr', evidence: 'BCD 002 1 SCT', firstReportedAt: '2026-11-03T10:00:00.000Z' }),
  typed: referral({ referralId: 'ref_000000000000000000000003', url: 'https://justpaste.it/abc12', platform: 'justpaste-it', channel: 'justpaste.it', source: 'manual', evidence: sampleWallet }),
  hostile: referral({ referralId: 'ref_000000000000000000000004', url: "https://example.org/=HYPERLINK('x')", platform: 'example.org', channel: 'example.org', source: 'title', evidence: "=cmd|' /C calc'!A0 donate" }),
};

const summary = (referrals: number, categories: string[]) => ({ referrals, firstSeen: '2026-11-02T09:15:00.000Z', lastSeen: '2026-11-03T10:00:00.000Z', categories, platforms: ['telegram'] });

/** Two wallets and an IBAN, the IBAN and the wallet seen in the same post, one wallet on a sanctions list. */
export const sampleExport = (): IndicatorExport => {
  const dossiers = [
    { key: { type: 'btc' as const, value: sampleWallet }, links: [{ kind: 'indicator', name: `iban:${sampleIban}`, referrals: 1 }, { kind: 'channel', name: 't.me/spendenkanal', referrals: 2 }] },
    { key: { type: 'iban' as const, value: sampleIban }, links: [{ kind: 'indicator', name: `btc:${sampleWallet}`, referrals: 1 }] },
    { key: { type: 'xmr' as const, value: sampleMonero }, links: [] },
    { key: { type: 'eth' as const, value: sampleEth }, links: [] },
    { key: { type: 'payment_link' as const, value: 'paypal.me/spendenkanal' }, links: [] },
  ];
  return {
    unit: 'eu-iru',
    exportedAt: '2026-12-06T20:00:00.000Z',
    indicators: [
      exportedIndicatorOf(dossiers[0]!.key, summary(3, ['fundraising']), [sampleReferrals.post, sampleReferrals.typed, sampleReferrals.hostile], [
        { type: 'btc', value: sampleWallet, list: 'ofac-sdn', publishedOn: '2026-10-01', entryId: '12345', entryName: 'EXAMPLE FUND', programs: ['SDGT'], listedAs: 'Digital Currency Address - XBT' },
      ]),
      exportedIndicatorOf(dossiers[1]!.key, summary(2, ['fundraising', 'propaganda']), [sampleReferrals.post, sampleReferrals.poster], []),
      exportedIndicatorOf(dossiers[2]!.key, summary(1, ['fundraising']), [sampleReferrals.poster], []),
      exportedIndicatorOf(dossiers[3]!.key, summary(1, ['fundraising']), [], []),
      exportedIndicatorOf(dossiers[4]!.key, summary(1, ['fundraising']), [sampleReferrals.typed], []),
    ],
    coOccurrences: coOccurrencesOf(dossiers),
  };
};
