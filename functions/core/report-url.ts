import { assumeHttps } from '../contract/http-url';
import { canonicalizeUrl, type CanonicalUrl } from './canonical-url/canonical-url';
import { classifyHost } from './public-host';

export type ReportUrlCheck =
  | {
      ok: true;
      /** The URL to queue: the reported one, with https:// when it had no scheme. */
      url: string;
      canonical: CanonicalUrl;
      /** For the sender: https:// assumed, a fragment dropped. */
      notes: string[];
    }
  | { ok: false; code: string; message: string };

/**
 * Whether a reported URL can become a referral: the pipeline must be able to
 * canonicalize it, and it must point at a public host. Used by every way in (single
 * report, batch import) so that a bad URL is refused at once with its reason.
 */
export const checkReportUrl = (reported: string): ReportUrlCheck => {
  const { url, note } = assumeHttps(reported);
  const canonical = canonicalizeUrl(url);
  if (!canonical.ok) return { ok: false, code: canonical.error.code, message: canonical.error.message };
  const host = classifyHost(canonical.value.host);
  if (!host.public) return { ok: false, code: 'non_public_host', message: host.reason };
  return { ok: true, url, canonical: canonical.value, notes: [...(note === null ? [] : [note]), ...(canonical.value.notes ?? [])] };
};

export interface UrlIssue {
  path: string;
  message: string;
  /** invalid_url, unsupported_scheme or non_public_host: the API's issue codes (contract/api-error.ts). */
  code: string;
}

/** A refused URL as a field issue: its code for a client to word, and the reason in English. */
export const urlIssue = (path: string, check: Extract<ReportUrlCheck, { ok: false }>): UrlIssue => ({ path, message: `${check.code}: ${check.message}`, code: check.code });

/**
 * The other URLs of a report (the right-clicked link, the media) get the same rule as
 * the content URL: anything that may one day be fetched must not reach internal hosts.
 * Returns one issue per refused field.
 */
export const checkReportLinks = (report: { linkUrl?: string | undefined; mediaUrl?: string | undefined }): UrlIssue[] => {
  const issues: UrlIssue[] = [];
  for (const field of ['linkUrl', 'mediaUrl'] as const) {
    const value = report[field];
    if (value === undefined) continue;
    const check = checkReportUrl(value);
    if (!check.ok) issues.push(urlIssue(field, check));
  }
  return issues;
};
