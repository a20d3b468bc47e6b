import { httpUrl, pageLanguageTag } from '../contract';
import type { PageRead } from './page-read';
import { detectHandle, detectPlatform } from './platform';
import { outLinkCandidates } from './out-links';
import type { ContextTag } from '../storage';

export interface Prefill {
  url: string;
  /** False on pages a platform cannot be asked to remove (chrome://, file:, data:). */
  reportable: boolean;
  title?: string;
  selectedText?: string;
  linkUrl?: string;
  mediaUrl?: string;
  platform: string;
  handle?: string;
  /** The page's `<html lang>`, when it is a language tag: the server's evidence for text too short to detect. */
  pageLanguage?: string;
  /** The page's links to other platforms, offered to be referred with it (each its own report, posted in this one). */
  outLinks?: string[];
}

const validHttpUrl = (value: string | undefined): string | undefined =>
  value !== undefined && httpUrl.safeParse(value).success ? value : undefined;

const siteOf = (value: string): string => new URL(value).hostname.replace(/^www\./, '');

/**
 * Builds the popup's starting values from the tab, what was right-clicked and what the page
 * declared. The page's canonical link is used only on the same site: a hostile page must not
 * be able to point the referral at someone else's content.
 */
export const buildPrefill = (input: { tab: { url?: string; title?: string }; context?: ContextTag; page?: PageRead }): Prefill => {
  // The full URL, fragment included: a fragment can name the content (Telegram Web `#@channel`,
  // MEGA keys, app routes), and the server's canonicalization drops the ones that do not.
  const pageUrl = input.page?.url ?? input.tab.url ?? input.context?.pageUrl ?? '';
  const reportable = validHttpUrl(pageUrl) !== undefined;
  const canonical = validHttpUrl(input.page?.canonicalUrl);
  // A single-page app's canonical link names the app, not the chat or route in the fragment.
  const routedByFragment = pageUrl.includes('#');
  const url = reportable && !routedByFragment && canonical !== undefined && siteOf(canonical) === siteOf(pageUrl) ? canonical : pageUrl;
  const title = (input.page?.title || input.tab.title || '').trim();
  const selectedText = (input.context?.selectionText || input.page?.selection || '').trim();
  const linkUrl = validHttpUrl(input.context?.linkUrl);
  const mediaUrl = input.context?.mediaType === undefined ? undefined : validHttpUrl(input.context.srcUrl);
  const declared = input.page?.lang?.trim();
  const pageLanguage = declared !== undefined && pageLanguageTag.safeParse(declared).success ? declared : undefined;
  const outLinks = reportable ? outLinkCandidates(url, input.page?.links ?? []) : [];
  const handle = detectHandle(url) ?? (linkUrl !== undefined ? detectHandle(linkUrl) : undefined);
  return {
    url,
    reportable,
    platform: detectPlatform(url),
    ...(title !== '' ? { title } : {}),
    ...(selectedText !== '' ? { selectedText } : {}),
    ...(linkUrl !== undefined ? { linkUrl } : {}),
    ...(mediaUrl !== undefined ? { mediaUrl } : {}),
    ...(handle !== undefined ? { handle } : {}),
    ...(pageLanguage !== undefined ? { pageLanguage } : {}),
    ...(outLinks.length > 0 ? { outLinks } : {}),
  };
};
