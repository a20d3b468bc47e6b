import { Parser } from 'htmlparser2';

/** Elements whose content is never shown as text. */
const hiddenElements = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'canvas']);
/** Elements that start a new line: without the break, words of two blocks would run together. */
const blockElements = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'td', 'th', 'title', 'tr', 'ul',
]);
/** Link schemes whose target is itself a payment request a reader would act on. */
const paymentHref = /^(?:bitcoin|ethereum):/i;

export interface HtmlText {
  title?: string;
  /** The visible text: block elements on their own lines, runs of blanks collapsed. */
  text: string;
  /** Set when the text was cut at `maxCharacters`. */
  truncated: boolean;
}

/**
 * The text a reader sees on an HTML page, parsed with htmlparser2 (a tolerant, streaming HTML
 * parser that decodes entities): scripts, styles and other hidden elements are dropped, and the
 * targets of bitcoin: / ethereum: links are kept since a "Donate" button hides its address there.
 */
export const visibleTextOfHtml = (html: string, maxCharacters = 2_000_000): HtmlText => {
  const pieces: string[] = [];
  let length = 0;
  let truncated = false;
  let hiddenDepth = 0;
  let inTitle = false;
  let title = '';
  const push = (piece: string): void => {
    if (truncated) return;
    if (length + piece.length > maxCharacters) {
      pieces.push(piece.slice(0, maxCharacters - length));
      truncated = true;
      return;
    }
    pieces.push(piece);
    length += piece.length;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true;
        if (hiddenElements.has(name)) hiddenDepth++;
        if (hiddenDepth > 0) return;
        if (blockElements.has(name)) push('\n');
        const href = attributes.href;
        if (name === 'a' && href !== undefined && paymentHref.test(href)) push(` ${href} `);
      },
      ontext(text) {
        if (inTitle && title.length < 1_000) title += text;
        if (hiddenDepth === 0) push(text);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (hiddenElements.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (hiddenDepth === 0 && blockElements.has(name)) push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const text = pieces
    .join('')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { ...(cleanTitle ? { title: cleanTitle } : {}), text, truncated };
};
