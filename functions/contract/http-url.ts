import * as z from 'zod';

/** Longest URL we accept; browsers and platforms cap well below real abuse sizes. */
export const maxUrlLength = 4096;

/**
 * An absolute http(s) URL without credentials. Referrals point at public content;
 * javascript:, data: and file: URLs are not content a platform can remove, and
 * URLs with user:password would leak secrets into referrals.
 */
const httpUrlProblem = (value: string): string | null => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'not a valid absolute URL';
  }
  // One wording whatever the scheme, so clients can word it in their own language (a fixed message).
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (parsed.username !== '' || parsed.password !== '') return 'URLs with credentials are not allowed';
  if (parsed.hostname === '') return 'URL has no host';
  return null;
};

export const httpUrl = z
  .string()
  .min(1, 'URL is empty')
  .max(maxUrlLength, `URL is longer than ${maxUrlLength} characters`)
  .superRefine((value, ctx) => {
    const problem = httpUrlProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A host name (labels, a top-level label starting with a letter, an optional port) at the
 * start of text with no scheme: `t.me/s/chan/12`, `www.example.com/x`, `//example.org/`.
 * `javascript:…`, `mailto:…` and bare words do not match, so they are still refused.
 */
const schemelessStart = /^(?:\/\/)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{1,62}\.?(?::\d{1,5})?(?:[/?#]|$)/;

export interface SchemeAssumption {
  url: string;
  /** Set when https:// was assumed, to tell the sender. */
  note: string | null;
}

/**
 * People paste links without a scheme (spreadsheets, chat): such a URL is read as https://,
 * which every listed platform serves, and the answer says so. Text with a scheme is left as is.
 */
export const assumeHttps = (value: string): SchemeAssumption => {
  const text = value.trim();
  if (!schemelessStart.test(text)) return { url: value, note: null };
  return { url: `https://${text.startsWith('//') ? text.slice(2) : text}`, note: 'the URL had no scheme: https:// was assumed' };
};

/** The reported content URL: an http(s) URL, or one without a scheme that is read as https:// (see assumeHttps). */
export const reportedUrl = z
  .string()
  .min(1, 'URL is empty')
  .max(maxUrlLength - 'https://'.length, `URL is longer than ${maxUrlLength - 'https://'.length} characters`)
  .superRefine((value, ctx) => {
    const problem = httpUrlProblem(assumeHttps(value).url);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
