import * as z from 'zod';
import { priority, referralStatus } from './responses';

/** Longest search text: a URL at its longest (http-url.ts) with room for pasted whitespace. */
export const maxSearchLength = 4_200;

/** GET /v1/search?q=: one text, read as a referral id, a URL and indicator values at once. */
export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'type a URL, a referral id or an indicator value').max(maxSearchLength, `at most ${maxSearchLength} characters`),
});

/** How the text named the referral: several readings may name the same one. */
export const searchMatch = z.enum(['referral-id', 'url', 'indicator']);
export type SearchMatch = z.infer<typeof searchMatch>;

export const searchHit = z.object({
  referralId: z.string(),
  url: z.string(),
  title: z.string().optional(),
  platform: z.string(),
  status: referralStatus,
  priority,
  lastReportedAt: z.string(),
  matchedBy: z.array(searchMatch),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResult = z.object({
  q: z.string(),
  /** What the text was read as, so an officer sees why nothing matched (e.g. the canonical URL looked up). */
  readAs: z.array(z.object({ kind: searchMatch, value: z.string() })),
  results: z.array(searchHit),
});
export type SearchResult = z.infer<typeof searchResult>;
