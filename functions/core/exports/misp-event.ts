import type { MispEventExport } from '../../contract/indicator-export';
import { indicatorKeyName, indicatorKinds, paymentLinkUrl, seenSummary, type ExportedIndicator, type IndicatorExport } from './indicator-export';
import { unitNamespace, uuidV5 } from './stable-id';

type MispEvent = MispEventExport['Event'];
type MispAttribute = MispEvent['Attribute'][number];
type MispObject = MispEvent['Object'][number];

/**
 * MISP distribution levels (MISP core format, section 2.2.1.6): the event goes to the partner's
 * community only ("1"), never further on its own; its attributes and objects inherit it ("5").
 */
const thisCommunityOnly = '1';
const inheritEvent = '5';
/** threat_level_id "2" is medium; analysis "2" is completed (the dossier is what it is at export). */
const mediumThreat = '2';
const analysisComplete = '2';

/** The object templates of MISP/misp-objects this export fills, by name, uuid and version. */
export const mispTemplates = {
  coinAddress: { name: 'coin-address', uuid: 'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46', version: '7', metaCategory: 'financial', description: 'An address used in a cryptocurrency' },
  bankAccount: { name: 'bank-account', uuid: 'b4712203-95a8-4883-80e9-b566f5df11c9', version: '3', metaCategory: 'financial', description: 'An object describing bank account information based on account description from goAML 4.0.' },
} as const;

const epochSeconds = (iso: string): string => String(Math.floor(Date.parse(iso) / 1000));

/**
 * A MISP event of the exported dossiers: one coin-address or bank-account object per wallet or
 * IBAN (its `btc`, `xmr` or `iban` attribute, the currency, first and last seen), a `url`
 * attribute per payment link, and a `url` attribute per referred post, which each object
 * references. Ids are name-based per unit, so a partner who imports a later export of the same
 * dossiers updates the event rather than adding a second.
 */
export const buildMispEvent = (file: IndicatorExport): MispEventExport => {
  const namespace = unitNamespace(file.unit);
  const eventUuid = uuidV5(namespace, `misp-event:${file.indicators.map(indicatorKeyName).sort().join(' ')}`);
  const timestamp = epochSeconds(file.exportedAt);
  const attribute = (fields: Omit<MispAttribute, 'uuid' | 'distribution' | 'timestamp'>, name: string): MispAttribute => ({
    uuid: uuidV5(namespace, `misp-attribute:${eventUuid}:${name}`),
    distribution: inheritEvent,
    timestamp,
    ...fields,
  });

  // One attribute per referred post, however many exported indicators it carried.
  const postAttributes = new Map<string, MispAttribute>();
  for (const indicator of file.indicators) {
    for (const referral of indicator.referrals) {
      if (postAttributes.has(referral.url)) continue;
      postAttributes.set(
        referral.url,
        attribute(
          {
            type: 'url',
            category: 'External analysis',
            // The post is where the indicator was published, not network traffic to block.
            to_ids: false,
            value: referral.url,
            comment: `referred ${referral.category} content on ${referral.platform}, first reported ${referral.firstReportedAt}`,
          },
          `post:${referral.url}`,
        ),
      );
    }
  }

  const paymentLinks = file.indicators
    .filter((indicator) => indicator.type === 'payment_link')
    .map((indicator) => attribute({ type: 'url', category: 'Network activity', to_ids: true, value: paymentLinkUrl(indicator.value), comment: seenSummary(indicator) }, `indicator:${indicatorKeyName(indicator)}`));

  const objects = file.indicators.filter((indicator) => indicator.type !== 'payment_link').map((indicator): MispObject => {
    const template = indicator.type === 'iban' ? mispTemplates.bankAccount : mispTemplates.coinAddress;
    const objectUuid = uuidV5(namespace, `misp-object:${eventUuid}:${indicatorKeyName(indicator)}`);
    const member = (relation: string, fields: Omit<MispAttribute, 'uuid' | 'distribution' | 'timestamp' | 'object_relation'>): MispAttribute =>
      attribute({ object_relation: relation, ...fields }, `object:${objectUuid}:${relation}`);
    return {
      uuid: objectUuid,
      name: template.name,
      'meta-category': template.metaCategory,
      description: template.description,
      template_uuid: template.uuid,
      template_version: template.version,
      distribution: inheritEvent,
      sharing_group_id: '0',
      timestamp,
      comment: seenSummary(indicator),
      Attribute: [...valueAttributes(indicator, member), ...seenAttributes(indicator, member)],
      ObjectReference: indicator.referrals.map((referral) => ({
        uuid: uuidV5(namespace, `misp-reference:${objectUuid}:${referral.referralId}`),
        referenced_uuid: postAttributes.get(referral.url)!.uuid,
        relationship_type: 'related-to',
        comment: `published in this post${referral.foundIn ? ` (found in its ${referral.foundIn})` : ''}${referral.excerpt ? `: "${referral.excerpt}"` : ''}`,
        timestamp,
      })),
    };
  });

  return {
    Event: {
      uuid: eventUuid,
      info: `Referral Desk money trail: ${file.indicators.map((indicator) => `${indicatorKinds[indicator.type].label} ${indicator.value}`).join(', ')}`.slice(0, 1_000),
      date: file.exportedAt.slice(0, 10),
      threat_level_id: mediumThreat,
      analysis: analysisComplete,
      distribution: thisCommunityOnly,
      published: false,
      timestamp,
      Orgc: { uuid: namespace, name: file.unit },
      // Partners may act on it but not publish it: TLP:AMBER, as for every file this desk shares.
      Tag: [{ name: 'tlp:amber' }],
      Attribute: [...paymentLinks, ...postAttributes.values()],
      Object: objects,
    },
  };
};

type Member = (relation: string, fields: Omit<MispAttribute, 'uuid' | 'distribution' | 'timestamp' | 'object_relation'>) => MispAttribute;

/** The object's identifier: MISP's own types where it has one (`btc`, `xmr`, `iban`), the template's generic field otherwise. */
const valueAttributes = (indicator: ExportedIndicator, member: Member): MispAttribute[] => {
  if (indicator.type === 'iban') return [member('iban', { type: 'iban', category: 'Financial fraud', to_ids: true, value: indicator.value })];
  const currency = indicatorKinds[indicator.type].currency ?? indicator.type.toUpperCase();
  const address =
    indicator.type === 'btc'
      ? member('address', { type: 'btc', category: 'Financial fraud', to_ids: true, value: indicator.value })
      : indicator.type === 'xmr'
        ? member('address-xmr', { type: 'xmr', category: 'Financial fraud', to_ids: true, value: indicator.value })
        : member('address-crypto', { type: 'text', category: 'Financial fraud', to_ids: false, value: indicator.value });
  return [address, member('symbol', { type: 'text', category: 'Other', to_ids: false, disable_correlation: true, value: currency })];
};

/** coin-address records first and last seen; bank-account has no such field, so its comment says them. */
const seenAttributes = (indicator: ExportedIndicator, member: Member): MispAttribute[] =>
  indicator.type === 'iban'
    ? []
    : [
        ...(indicator.firstSeen ? [member('first-seen', { type: 'datetime', category: 'Other', to_ids: false, disable_correlation: true, value: indicator.firstSeen })] : []),
        ...(indicator.lastSeen ? [member('last-seen', { type: 'datetime', category: 'Other', to_ids: false, disable_correlation: true, value: indicator.lastSeen })] : []),
      ];
