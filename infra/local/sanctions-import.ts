import { createReadStream } from 'node:fs';
import type { Stores } from '../../functions/adapters/create-stores';
import { SanctionsListReader, type SanctionsFileError, type SanctionsListFile } from '../../functions/core/sanctions/sanctions-list';
import { listedIdentifier, sanctionsLabel, sanctionsMatchKey, type SanctionsMatch } from '../../functions/core/sanctions/screening';

/** What a sanctioned indicator makes of a referral's priority (core/classification/priority.ts). */
const sanctionedPriority = 'P2';

export interface SanctionsImportSummary {
  file: SanctionsListFile;
  /** Referrals newly labelled by this import (a re-import labels none again). */
  labelled: { referralId: string; match: SanctionsMatch; priorityRaised: boolean }[];
}

/**
 * Reads a list file chunk by chunk (the SDN advanced file is about 100 MB; memory holds the
 * entries that name a wallet or IBAN, a few thousand). A malformed file is refused whole.
 */
export const readSanctionsFile = async (path: string): Promise<SanctionsListFile | SanctionsFileError> => {
  const reader = new SanctionsListReader();
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) reader.write(chunk as string);
  return reader.end();
};

/**
 * Stores a list's version and then re-screens the referrals already holding one of its
 * identifiers: each identifier is looked up in the indicator index (`IND#<type>#<value>`), so
 * the cost is one query per listed wallet, never a scan of the referrals.
 */
export const importSanctionsList = async (
  file: SanctionsListFile,
  stores: Pick<Stores, 'sanctions' | 'indicatorLinks' | 'referrals'>,
  importedAt: string,
): Promise<SanctionsImportSummary> => {
  await stores.sanctions.putList(file, importedAt);
  const labelled: SanctionsImportSummary['labelled'] = [];
  for (const entry of file.entries) {
    for (const identifier of entry.identifiers) {
      const links = await stores.indicatorLinks.referralsOf(identifier.type, identifier.value);
      for (const { referralId } of links) {
        const match = listedIdentifier(file, entry, identifier);
        if (!(await stores.sanctions.labelReferral(referralId, sanctionsMatchKey(match), sanctionsLabel(match)))) continue;
        // The deadline stays: the platform's clock runs from the report, not from the list.
        const priorityRaised = await stores.referrals.raisePriority(referralId, sanctionedPriority);
        labelled.push({ referralId, match, priorityRaised });
      }
    }
  }
  return { file, labelled };
};


