import * as z from 'zod';
import { priority } from './responses';

/**
 * Wire schemas of follow-the-money: the message on the `financial` queue (sent by the process
 * stage when a referral carries a financial indicator) and the indicator dossier the API serves.
 * Stored items live in functions/adapters/table/items.ts.
 */

export const financialMessageV1 = z.object({
  type: z.literal('referral.financial'),
  version: z.literal(1),
  referralId: z.string().regex(/^ref_[0-9a-f]{24}$/),
  platform: z.string().min(1),
  priority,
  contentKey: z.string().min(1),
  unit: z.string().min(1),
});
export type FinancialMessageV1 = z.infer<typeof financialMessageV1>;

/** What links an indicator to another node of the money trail: a co-occurring indicator, a channel, a group. */
export const dossierLinkKinds = ['indicator', 'channel', 'group'] as const;
export type DossierLinkKind = (typeof dossierLinkKinds)[number];

/** One referral in an indicator's dossier: what the referral is, never who filed it or their notes. */
export const dossierReferral = z.object({
  referralId: z.string(),
  platform: z.string(),
  url: z.string(),
  channel: z.string(),
  category: z.string(),
  priority,
  groups: z.array(z.string()),
  units: z.array(z.string()),
  firstReportedAt: z.string(),
  /** Where the indicator was found on this referral (`page`, `qr`, ...) and the text around it. */
  source: z.string().optional(),
  evidence: z.string().optional(),
});
export type DossierReferral = z.infer<typeof dossierReferral>;

export const dossierLink = z.object({ kind: z.enum(dossierLinkKinds), name: z.string(), referrals: z.number().int().nonnegative() });
export type DossierLink = z.infer<typeof dossierLink>;

/** What the financial stage knows of an indicator, summed over every referral that carried it. */
export const dossierSummary = z.object({
  type: z.string(),
  value: z.string(),
  referrals: z.number().int().nonnegative(),
  units: z.array(z.string()),
  platforms: z.array(z.string()),
  groups: z.array(z.string()),
  categories: z.array(z.string()),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  /** Co-occurring indicators (same referral), channels and groups, most referrals first. */
  links: z.array(dossierLink),
  /** Other indicators seen in the same channels (`channel` names which). */
  sameChannel: z.array(z.object({ channel: z.string(), type: z.string(), value: z.string() })),
});
export type DossierSummary = z.infer<typeof dossierSummary>;

/** A listing of the indicator on a sanctions list: the list, the version (publication date) and the entry. */
export const sanctionsListing = z.object({
  list: z.string(),
  publishedOn: z.string(),
  entryId: z.string(),
  entryName: z.string(),
  programs: z.array(z.string()),
  listedAs: z.string(),
});
export type SanctionsListing = z.infer<typeof sanctionsListing>;

/** GET /v1/indicators/{type}/{value}: the summary, sanctions and links come with the first page only. */
export const indicatorView = z.object({
  type: z.string(),
  value: z.string(),
  /** Referrals sharing the indicator, as the caller may see them. */
  referrals: z.array(z.object({ referralId: z.string(), platform: z.string(), linkedAt: z.string() })).optional(),
  dossier: dossierSummary.optional(),
  /** Every listing of the indicator on the imported sanctions lists; empty when none names it. */
  sanctions: z.array(sanctionsListing).optional(),
  dossierReferrals: z.array(dossierReferral),
  nextCursor: z.string().optional(),
});
export type IndicatorView = z.infer<typeof indicatorView>;
