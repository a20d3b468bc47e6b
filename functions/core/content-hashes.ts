import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Selected text shorter than this is too generic ("Join us") to call another page a mirror. */
export const minimumMirrorTextLength = 40;

export interface ContentHash {
  kind: 'text' | 'screenshot';
  sha256: string;
}

export interface HashedReport {
  selectedText?: string | undefined;
  capture?: { artifacts: readonly { kind: string; sha256: string }[] } | undefined;
}

/**
 * The hashes that identify a report's content wherever it is posted: the selected text
 * (trimmed, NFC) and the screenshot. The first referral to claim one owns it; a later
 * referral with the same hash is a mirror. The retention purge releases the claims of the
 * referrals it deletes, so it derives the same hashes from the stored reports.
 */
export const contentHashesOf = (report: HashedReport): ContentHash[] => {
  const hashes: ContentHash[] = [];
  const text = report.selectedText?.trim();
  if (text && text.length >= minimumMirrorTextLength) {
    hashes.push({ kind: 'text', sha256: bytesToHex(sha256(utf8ToBytes(text.normalize('NFC')))) });
  }
  for (const artifact of report.capture?.artifacts ?? []) {
    if (artifact.kind === 'screenshot') hashes.push({ kind: 'screenshot', sha256: artifact.sha256 });
  }
  return hashes;
};
