import * as z from 'zod';
import { dossierLinkKinds, dossierReferral } from '../../contract/financial';

/** Stored items of the indicator dossiers (functions/storage-design.md, "indicator dossier"). */

const stringSet = z.union([z.set(z.string()), z.array(z.string())]).transform((v) => [...v].sort());

/** `DOSSIER#<type>#<value>` / `REF#<firstReportedAt>#<referralId>`: a referral in the dossier, no officer, no note. */
export const dossierReferralItem = dossierReferral.extend({ entity: z.literal('dossier-referral') });

/** `DOSSIER#<type>#<value>` / `COUNT#<shard>`: the shard's count and the sets of what its referrals carried. */
export const dossierCounterItem = z.object({
  referrals: z.number().int(),
  units: stringSet.optional(),
  platforms: stringSet.optional(),
  groups: stringSet.optional(),
  categories: stringSet.optional(),
});

/** `DOSSIER#<type>#<value>` / `LINK#<kind>#<name>#<shard>`: one shard of a money-trail edge. */
export const dossierLinkItem = z.object({ kind: z.enum(dossierLinkKinds), name: z.string(), referrals: z.number().int() });

/** `DOSSIER#<type>#<value>` / `SUMMARY`. */
export const dossierSummaryItem = z.object({ firstSeen: z.string().optional(), lastSeen: z.string().optional() });

/** `CHANNELIND#<channel>` / `IND#<type>#<value>`. */
export const channelIndicatorItem = z.object({ channel: z.string(), type: z.string(), value: z.string() });
