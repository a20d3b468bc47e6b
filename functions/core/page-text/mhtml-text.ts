import PostalMime from 'postal-mime';
import { visibleTextOfHtml } from './html-text';

/** Why a snapshot gave no text, or gave it only in part; recorded on the artifact's evidence check. */
export interface ContentProblem {
  code: 'not_mhtml' | 'undecodable_mhtml' | 'no_html_part' | 'undecodable_characters' | 'text_truncated' | 'undecodable_image' | 'unreadable_qr_payload';
  message: string;
}

export interface SnapshotImage {
  mediaType: string;
  bytes: Uint8Array;
}

export interface PageText {
  title?: string;
  /** The visible text of every HTML part (the page and its frames), in document order. */
  text: string;
  /** Image parts (e.g. a donation poster), for the QR reader. */
  images: SnapshotImage[];
  /** What could not be decoded; the rest of the text is still there. */
  problems: ContentProblem[];
}

export type PageTextResult = { ok: true; page: PageText } | { ok: false; error: ContentProblem };

export interface PageTextLimits {
  /** Characters of visible text kept (default 2,000,000). */
  maxCharacters?: number;
  /** Image parts kept for QR reading (default 20), each at most `maxImageBytes` (default 10 MB). */
  maxImages?: number;
  maxImageBytes?: number;
}

const contentTypeOf = (headers: { key: string; value: string }[]): string =>
  headers.find((header) => header.key === 'content-type')?.value.split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The visible text of an MHTML snapshot (RFC 2557, as Chromium's pageCapture.saveAsMHTML writes
 * it: a multipart/related whose HTML parts are quoted-printable, images base64). postal-mime
 * decodes the MIME structure, transfer encodings and charsets (including a charset named only in
 * the page's <meta>); htmlparser2 reads the HTML. Never throws: a snapshot that cannot be read is
 * an error value, a part that decodes only in part is a problem next to the text.
 */
export const pageTextOfMhtml = async (bytes: Uint8Array, limits: PageTextLimits = {}): Promise<PageTextResult> => {
  const maxImages = limits.maxImages ?? 20;
  const maxImageBytes = limits.maxImageBytes ?? 10_000_000;
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    return { ok: false, error: { code: 'undecodable_mhtml', message: `the snapshot is not a readable MIME message: ${(error as Error).message}`.slice(0, 300) } };
  }
  const rootType = contentTypeOf(email.headers);
  if (rootType !== 'multipart/related' && rootType !== 'text/html') {
    return { ok: false, error: { code: 'not_mhtml', message: `the snapshot's content type is '${rootType.slice(0, 60) || 'missing'}', not multipart/related` } };
  }
  if (email.html === undefined) return { ok: false, error: { code: 'no_html_part', message: 'the snapshot has no text/html part' } };

  const problems: ContentProblem[] = [];
  // A byte sequence that is not valid in the part's charset decodes to U+FFFD.
  const replaced = email.html.split('\uFFFD').length - 1;
  if (replaced > 0) problems.push({ code: 'undecodable_characters', message: `${replaced} characters of the HTML could not be decoded in its charset` });
  const html = visibleTextOfHtml(email.html, limits.maxCharacters);
  if (html.truncated) problems.push({ code: 'text_truncated', message: `the page text was cut at ${limits.maxCharacters ?? 2_000_000} characters` });

  const images: SnapshotImage[] = [];
  for (const attachment of email.attachments) {
    if (images.length >= maxImages) break;
    if (!attachment.mimeType.toLowerCase().startsWith('image/')) continue;
    const content = attachment.content;
    const partBytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
    if (partBytes.byteLength > 0 && partBytes.byteLength <= maxImageBytes) images.push({ mediaType: attachment.mimeType.toLowerCase(), bytes: partBytes });
  }
  const title = html.title ?? email.subject?.trim();
  return { ok: true, page: { ...(title ? { title } : {}), text: html.text, images, problems } };
};
