import * as z from 'zod';

/**
 * Runs inside the tagged page (isolated world) on demand. It must be self-contained: the
 * browser serializes the function source. It only reads strings; whatever the page put in
 * them is hostile and is validated by `pageRead` before use.
 */
export function readPage(): unknown {
  const canonical = document.querySelector('link[rel~="canonical"]');
  const href = canonical?.getAttribute('href');
  let canonicalUrl: string | undefined;
  try {
    canonicalUrl = href ? new URL(href, location.href).href : undefined;
  } catch {
    canonicalUrl = undefined;
  }
  // The page's pictures, largest first; icons and tracking pixels (under 100x100) are not media.
  const images = Array.from(document.images)
    .filter((image) => image.naturalWidth >= 100 && image.naturalHeight >= 100 && /^https?:/.test(image.currentSrc || image.src))
    .sort((a, b) => b.naturalWidth * b.naturalHeight - a.naturalWidth * a.naturalHeight)
    .map((image) => (image.currentSrc || image.src).slice(0, 4096))
    .filter((src, index, all) => all.indexOf(src) === index)
    .slice(0, 8);
  // The links of the selection when there is one (the officer chose the post), else of the page.
  const selected = window.getSelection();
  const anchors: Element[] = [];
  if (selected !== null && selected.rangeCount > 0 && !selected.isCollapsed) {
    const range = selected.getRangeAt(0);
    const root = range.commonAncestorContainer;
    const scope = root instanceof Element ? root : root.parentElement;
    for (const anchor of Array.from(scope?.querySelectorAll('a[href]') ?? [])) if (selected.containsNode(anchor, true)) anchors.push(anchor);
    if (scope?.closest('a[href]')) anchors.push(scope.closest('a[href]') as Element);
  } else {
    anchors.push(...Array.from(document.querySelectorAll('a[href]')));
  }
  const links = anchors.slice(0, 2000).map((anchor) => (anchor as HTMLAnchorElement).href.slice(0, 4096));
  return {
    url: location.href,
    links,
    title: document.title.slice(0, 2000),
    selection: String(window.getSelection()?.toString() ?? '').slice(0, 200_000),
    canonicalUrl: canonicalUrl?.slice(0, 4096),
    lang: document.documentElement.lang.slice(0, 64),
    images,
  };
}

export const pageRead = z.object({
  url: z.string().max(4096),
  title: z.string().max(2000),
  selection: z.string().max(200_000),
  canonicalUrl: z.string().max(4096).optional(),
  /** `<html lang>`, unchecked: buildPrefill keeps it only when it is a language tag. */
  lang: z.string().max(64).optional(),
  /** Addresses of the page's images (100x100 and larger, largest first), hashed when the page is flagged with capture. */
  images: z.array(z.string().max(4096)).max(8).optional(),
  /** Hrefs of the selection's or the page's links, unchecked: outLinkCandidates keeps other platforms' http(s) links. */
  links: z.array(z.string().max(4096)).max(2000).optional(),
});
export type PageRead = z.infer<typeof pageRead>;
