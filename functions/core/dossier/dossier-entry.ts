import type { DossierLinkKind, DossierReferral } from '../../contract/financial';
import { financialIndicatorTypes } from '../classification/suggest-categories';

/** What the financial stage reads of a referral to file it in its indicators' dossiers. */
export interface FinancialReferral {
  referralId: string;
  platform: string;
  url: string;
  canonicalUrl: string;
  category: string;
  priority: DossierReferral['priority'];
  groups?: readonly string[] | undefined;
  units: readonly string[];
  firstReportedAt: string;
  lastReportedAt: string;
  indicators: readonly { type: string; value: string; source?: string | undefined; evidence?: string | undefined }[];
}

export interface DossierNeighbour {
  kind: DossierLinkKind;
  /** `<type>:<value>` for an indicator, the channel, the group. */
  name: string;
}

/** One referral filed in one indicator's dossier, with the money-trail edges it adds. */
export interface DossierEntry {
  indicator: { type: string; value: string };
  referral: DossierReferral;
  lastReportedAt: string;
  neighbours: DossierNeighbour[];
}

/**
 * The channel a piece of content was posted in: the canonical URL's host and first path
 * segment (`t.me/<channel>`, `x.com/<account>`, `youtube.com/@<handle>`). Content of a host
 * whose paths name no account (a web page) has the host alone as its channel.
 */
export const channelOf = (canonicalUrl: string): string => {
  let url: URL;
  try {
    url = new URL(canonicalUrl);
  } catch {
    return canonicalUrl;
  }
  const host = url.hostname.replace(/^www\./, '');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  // Telegram's public preview (`t.me/s/<channel>`) names the same channel as `t.me/<channel>`.
  const first = host === 't.me' && segments[0] === 's' ? segments[1] : segments[0];
  return first && segments.length > 1 ? `${host}/${first.toLowerCase()}` : host;
};

export const indicatorName = (indicator: { type: string; value: string }): string => `${indicator.type}:${indicator.value}`;

/**
 * Every dossier entry of a referral: one per financial indicator it carries (the dossier is about
 * money), each linking to the referral's other indicators of any type, its channel and its groups.
 */
export const dossierEntriesOf = (referral: FinancialReferral): DossierEntry[] => {
  const channel = channelOf(referral.canonicalUrl);
  // The first mention of an indicator is the one whose source and excerpt the dossier cites.
  const firstMentions = new Map<string, FinancialReferral['indicators'][number]>();
  for (const indicator of referral.indicators) if (!firstMentions.has(indicatorName(indicator))) firstMentions.set(indicatorName(indicator), indicator);
  const distinct = [...firstMentions.values()];
  return distinct
    .filter((indicator) => financialIndicatorTypes.includes(indicator.type))
    .map((indicator) => ({
      indicator: { type: indicator.type, value: indicator.value },
      lastReportedAt: referral.lastReportedAt,
      referral: {
        referralId: referral.referralId,
        platform: referral.platform,
        url: referral.url,
        channel,
        category: referral.category,
        priority: referral.priority,
        groups: [...(referral.groups ?? [])].sort(),
        units: [...referral.units].sort(),
        firstReportedAt: referral.firstReportedAt,
        ...(indicator.source ? { source: indicator.source } : {}),
        ...(indicator.evidence ? { evidence: indicator.evidence } : {}),
      },
      neighbours: [
        ...distinct.filter((other) => indicatorName(other) !== indicatorName(indicator)).map((other) => ({ kind: 'indicator' as const, name: indicatorName(other) })),
        { kind: 'channel' as const, name: channel },
        ...[...new Set(referral.groups ?? [])].map((group) => ({ kind: 'group' as const, name: group })),
      ],
    }));
};
