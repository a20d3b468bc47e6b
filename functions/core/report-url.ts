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

/**
 * The other URLs of a report (the right-clicked link, the media) get the same rule as
 * the content URL: anything that may one day be fetched must not reach internal hosts.
 * Returns one issue per refused field.
 */
export const checkReportLinks = (report: { linkUrl?: string | undefined; mediaUrl?: string | undefined }): { path: string; message: string }[] => {
  const issues: { path: string; message: string }[] = [];
  for (const field of ['linkUrl', 'mediaUrl'] as const) {
    const value = report[field];
    if (value === undefined) continue;
    const check = checkReportUrl(value);
    if (!check.ok) issues.push({ path: field, message: `${check.code}: ${check.message}` });
  }
  return issues;
};
