import { sha256 } from '@noble/hashes/sha2.js';
import type { ReportV1 } from '../../contract/report';
import { checkReportUrl } from '../report-url';

/** Most links of one post referred with it: a beacon lists a handful of mirrors, not hundreds. */
export const maxOutLinks = 50;

export interface OutLinkSkipped {
  url: string;
  reason: string;
}

export interface OutLinkReports {
  /** One report per distinct piece of content the post links to, each `postedIn` the post. */
  reports: ReportV1[];
  skipped: OutLinkSkipped[];
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A name-based UUID (RFC 9562 version 8 over SHA-256) for the report of one out-link: the
 * same post submitted again (a retry, or the extension's outbox resending) names the same
 * child submissions, so the API takes them as retries, never as second reports.
 */
export const outLinkSubmissionId = (parentSubmissionId: string, contentKey: string): string => {
  const bytes = sha256(new TextEncoder().encode(`referral-desk/out-link/v1\n${parentSubmissionId}\n${contentKey}`)).slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Terrorist channels post "beacons": one post linking the same video on many hosts. Each
 * link is content of its own host and is referred there: this turns a post's out-links into
 * reports of their own, tagged like the post (category, tags, group, urgency), `postedIn`
 * the post. Links to the post's own content, links repeating an earlier link's content, and
 * links the API would refuse are skipped with their reason.
 */
export const outLinkReports = (parent: ReportV1, parentContentKey: string): OutLinkReports => {
  const reports: ReportV1[] = [];
  const skipped: OutLinkSkipped[] = [];
  const seen = new Set<string>([parentContentKey]);
  for (const link of parent.outLinks ?? []) {
    const check = checkReportUrl(link);
    if (!check.ok) {
      skipped.push({ url: link, reason: `${check.code}: ${check.message}` });
      continue;
    }
    const key = check.canonical.contentKey;
    if (seen.has(key)) {
      skipped.push({ url: link, reason: key === parentContentKey ? 'the post itself' : 'the same content as an earlier link' });
      continue;
    }
    seen.add(key);
    reports.push({
      submissionId: outLinkSubmissionId(parent.submissionId, key),
      url: check.url,
      category: parent.category,
      subTags: parent.subTags,
      urgent: parent.urgent,
      // A removal order names its own URLs; an out-link is referred until an order names it.
      legalRoute: 'referral',
      ...(parent.group === undefined ? {} : { group: parent.group }),
      postedIn: parent.url,
    });
  }
  return { reports, skipped };
};
