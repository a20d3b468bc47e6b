import type { FinancialMessageV1 } from '../contract/financial';
import type { DossierStore } from '../adapters/stores/dossier-store';
import { dossierEntriesOf, type FinancialReferral } from '../core/dossier/dossier-entry';

export interface FinancialDependencies {
  /** The referral as stored now; undefined when it is not (or no longer) there. */
  referralOf: (referralId: string) => Promise<FinancialReferral | undefined>;
  dossiers: Pick<DossierStore, 'file'>;
}

export type FinancialOutcome =
  | { result: 'filed'; indicators: number }
  /** Retrying cannot help: the message goes to the DLQ with this reason. */
  | { result: 'poison'; reason: string };

/**
 * Files a routed referral in the dossier of every financial indicator it carries. Each write is
 * safe to repeat (functions/storage-design.md, "indicator dossier"), so a redelivery, including
 * one after a crash between writes, completes the dossier without counting anything twice.
 */
export const buildDossier = async (message: FinancialMessageV1, deps: FinancialDependencies): Promise<FinancialOutcome> => {
  const referral = await deps.referralOf(message.referralId);
  // The process stage routes a referral after writing it, so a missing one was purged meanwhile (retention).
  if (!referral) return { result: 'poison', reason: `referral ${message.referralId} does not exist (purged after routing?)` };
  const entries = dossierEntriesOf(referral);
  for (const entry of entries) await deps.dossiers.file(entry);
  return { result: 'filed', indicators: entries.length };
};
