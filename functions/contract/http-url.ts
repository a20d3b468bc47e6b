import * as z from 'zod';

/** Longest URL we accept; browsers and platforms cap well below real abuse sizes. */
export const maxUrlLength = 4096;

/**
 * An absolute http(s) URL without credentials. Referrals point at public content;
 * javascript:, data: and file: URLs are not content a platform can remove, and
 * URLs with user:password would leak secrets into referrals.
 */
export const httpUrl = z
  .string()
  .min(1, 'URL is empty')
  .max(maxUrlLength, `URL is longer than ${maxUrlLength} characters`)
  .superRefine((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid absolute URL' });
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `scheme ${parsed.protocol} is not allowed; only http and https` });
      return;
    }
    if (parsed.username !== '' || parsed.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'URLs with credentials are not allowed' });
    }
    if (parsed.hostname === '') {
      ctx.addIssue({ code: 'custom', message: 'URL has no host' });
    }
  });
