import { refuse, type Refusal } from './legal-event';

const hourMs = 60 * 60 * 1000;

/** Art. 3(2): the procedures and deadlines reach a provider at least 12 hours before its first order. */
export const proceduralNoticeLeadMs = 12 * hourMs;

/** What a unit knows of a hosting service provider before issuing it an order. */
export interface ProviderHistory {
  /** The unit has issued this provider a removal order before. */
  previousOrder: boolean;
  /** When the unit sent the provider its procedures and deadlines (unit settings, `tcoProcedures`). */
  proceduresSentAt?: string;
}

/**
 * The provider an order is addressed to: the platform when it is a known one, else the
 * addressee's name (small hosts share the platform id `other`).
 */
export const providerKeyOf = (platform: string, addresseeName: string): string =>
  platform !== 'other' ? platform : `name:${addresseeName.trim().toLowerCase()}`;

/**
 * When the unit's settings say it sent this provider its procedures (the earliest entry): entries
 * name a known platform by its id, another provider by the addressee's name.
 */
export const proceduresSentTo = (tcoProcedures: readonly { provider: string; sentAt: string }[], platform: string, addresseeName: string): string | undefined => {
  const key = providerKeyOf(platform, addresseeName);
  return tcoProcedures
    .filter((entry) => entry.provider === key || providerKeyOf('other', entry.provider) === key)
    .map((entry) => entry.sentAt)
    .sort()[0];
};

/**
 * Art. 3(2): an authority that never issued a removal order to a provider first gives it the
 * applicable procedures and deadlines, at least 12 hours before the order, except in duly
 * justified emergencies (stated on the order, with the reason).
 */
export const checkProceduralNotice = (input: { provider: ProviderHistory; issuedAt: string; emergency?: { reason: string } | undefined; platform: string }): Refusal | undefined => {
  const { provider, issuedAt, emergency } = input;
  if (provider.previousOrder || emergency) return undefined;
  const rule = 'Regulation (EU) 2021/784 Art. 3(2)';
  if (provider.proceduresSentAt === undefined) {
    return refuse(409, 'conflict', rule, `this unit has not issued a removal order to ${input.platform} before: send the provider the applicable procedures and deadlines at least 12 hours before the order, record when in the unit settings (tcoProcedures), or state the emergency (emergency.reason)`, undefined, {
      reason: 'procedures_not_sent',
      params: { platform: input.platform },
    });
  }
  const earliest = Date.parse(provider.proceduresSentAt) + proceduralNoticeLeadMs;
  if (Date.parse(issuedAt) < earliest) {
    return refuse(409, 'conflict', rule, `the procedures reached ${input.platform} at ${provider.proceduresSentAt}; the first order may be issued from ${new Date(earliest).toISOString()}, 12 hours later, unless it is an emergency (emergency.reason)`, undefined, {
      reason: 'procedures_too_recent',
      params: { platform: input.platform, earliest: new Date(earliest).toISOString() },
    });
  }
  return undefined;
};
