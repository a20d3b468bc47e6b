import type { RemovalOrderRequestInput } from '../../contract/rule-of-law';

/** A complete removal order for tests (unit and integration): override what the test is about. */
export const contentUrl = 'https://t.me/s/example_channel/101';

export const orderInput = (overrides: Partial<RemovalOrderRequestInput> = {}): RemovalOrderRequestInput => ({
  language: 'en',
  issuingAuthority: {
    name: 'Office central de lutte contre la criminalité liée aux technologies de l\'information',
    memberState: 'FR',
    address: '101 rue des Trois Fontanot, 92000 Nanterre, France',
    reference: 'OCLCTIC-2026-0042',
    contactPoint: { name: 'PHAROS removal orders desk', email: 'tco-orders@interieur.example' },
  },
  addressee: { name: 'Telegram Messenger Inc.', legalRepresentative: 'Telegram legal representative in the EU', contactPoint: { name: 'Legal desk', email: 'tco@telegram.example' } },
  content: { url: contentUrl, location: 'post 101 of the public channel' },
  grounds: ['a', 'c'],
  reasoning: 'The post glorifies a recent attack and calls on readers to join the group that claimed it.',
  contentProvider: { doNotDisclose: true, delayWeeks: 6 },
  crossBorder: { hostMemberState: 'BE', authorityName: 'Belgian competent authority', authorityEmail: 'tco@authority.example' },
  followUpContact: { name: 'PHAROS follow-up', email: 'tco-followup@interieur.example' },
  redress: 'This order may be challenged before the administrative court of Paris within two months of its receipt (Art. 9).',
  ...overrides,
});
