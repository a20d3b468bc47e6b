import { sha256 } from '@noble/hashes/sha2.js';
import type { ReportV1 } from '../../contract/report';

/** The report as the id covers it: every field but the id, keys sorted, so key order never matters. */
const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A name-based UUID for one imported row: RFC 9562 version 8 built from SHA-256 (its
 * appendix B.2 shows exactly this), over the unit and the validated report without its id.
 * Re-running an interrupted import sends the same ids, so the API treats every row it
 * has seen as a retry instead of a new report. Including the unit keeps two units that
 * import the same spreadsheet from colliding on one submission (which the API would
 * refuse as another unit's).
 */
export const importSubmissionId = (unit: string, report: Omit<ReportV1, 'submissionId'>): string => {
  const digest = sha256(new TextEncoder().encode(`referral-desk/import/v1\n${unit}\n${stableJson(report)}`));
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
