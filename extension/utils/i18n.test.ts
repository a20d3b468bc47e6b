import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const localesDir = fileURLToPath(new URL('../public/_locales/', import.meta.url));
const languages = ['en', 'fr', 'de'] as const;
const messagesOf = (language: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(`${localesDir}${language}/messages.json`, 'utf8')) as Record<string, { message: string }>;

describe('the message files', () => {
  const english = messagesOf('en');

  it.each(languages)('%s has every key English has, and no other', (language) => {
    expect(Object.keys(messagesOf(language)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(languages)('%s fills the same $1..$9 substitutions as English, and no message is empty', (language) => {
    const substitutions = (text: string) => [...text.matchAll(/\$(\d)/g)].map((m) => m[1]).sort();
    for (const [key, { message }] of Object.entries(messagesOf(language))) {
      expect(message.trim(), key).not.toBe('');
      expect(substitutions(message), key).toEqual(substitutions(english[key]?.message ?? ''));
    }
  });

  it('names keys as Chrome accepts them (letters, digits, underscore)', () => {
    for (const key of Object.keys(english)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

/** Attributes a person reads (or a screen reader speaks): their text must come from the message files. */
const spokenAttributes = new Set(['aria-label', 'label', 'placeholder', 'title', 'alt', 'header', 'empty']);

/** The user-visible string literals of one component file: JSX text with a letter, and spoken attributes or `header:` given as literals. */
const visibleLiterals = (fileName: string, source: string): string[] => {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && spokenAttributes.has(node.name.getText(file))) {
      const value = node.initializer;
      const literal = value && ts.isJsxExpression(value) ? value.expression : value;
      if (literal && (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) && /\p{L}/u.test(literal.text)) found.push(literal.text);
    }
    if (ts.isPropertyAssignment(node) && spokenAttributes.has(node.name.getText(file)) && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))) {
      if (/\p{L}/u.test(node.initializer.text)) found.push(node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

describe('dashboard components', () => {
  const dashboardDir = fileURLToPath(new URL('./dashboard/', import.meta.url));
  const components = readdirSync(dashboardDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tsx'));

  it('finds the component files, and the check finds a literal when there is one', () => {
    expect(components).toEqual(expect.arrayContaining(['app.tsx', 'screens/queue-screen.tsx', 'ui/data-table.tsx']));
    expect(visibleLiterals('probe.tsx', `const A = () => <p aria-label="Close">Nothing here {x} · {t('ok')}</p>; const c = { header: 'Date' };`).sort()).toEqual(['Close', 'Date', 'Nothing here']);
    expect(visibleLiterals('probe.tsx', `const A = () => <p id="x" class="status">{t('ok')} · {n}</p>;`)).toEqual([]);
  });

  it.each(components)('%s shows no string that is not in the message files', (name) => {
    expect(visibleLiterals(name, readFileSync(`${dashboardDir}${name}`, 'utf8'))).toEqual([]);
  });
});

/**
 * The user-visible literals of a DOM-building file (view.ts and the panels): a `text:`, `title:`
 * or `placeholder:` given as a literal, a literal assigned to `textContent` or `placeholder`, and
 * the label of `button(doc, '...')` or a status line (`status('...')`, `showStatus(doc, id, '...')`).
 */
const domLiterals = (fileName: string, source: string): string[] => {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const isText = (node: ts.Node | undefined): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node));
  const wordsOf = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string =>
    ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ') : node.text;
  const note = (node: ts.Node | undefined): void => {
    if (isText(node) && /\p{L}{2,}/u.test(wordsOf(node))) found.push(wordsOf(node));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ['text', 'title', 'placeholder'].includes(node.name.getText(file))) note(node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && ['textContent', 'placeholder'].includes(node.left.name.text)) note(node.right);
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(file);
      if (callee === 'button') note(node.arguments[1]);
      if (callee === 'status') note(node.arguments[0]);
      if (callee === 'showStatus') note(node.arguments[2]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
};

describe('dashboard rendering files', () => {
  const dashboardDir = fileURLToPath(new URL('./dashboard/', import.meta.url));
  const files = ['view.ts', 'queue.ts', 'queue-panel.ts', 'upload-panel.ts', 'trends-panel.ts'];

  it('finds a literal when there is one', () => {
    const probe = "el(doc, 'p', { text: 'No evidence' }); button(doc, `Mark ${x}`, go); node.textContent = 'Done'; el(doc, 'p', { text: t('ok'), className: 'status' }); status(t('loading'));";
    expect(domLiterals('probe.ts', probe)).toEqual(['No evidence', 'Mark  ', 'Done']);
  });

  it.each(files)('%s writes no sentence that is not in the message files', (name) => {
    expect(domLiterals(name, readFileSync(`${dashboardDir}${name}`, 'utf8'))).toEqual([]);
  });
});

describe('the popup and options pages', () => {
  const english = messagesOf('en');
  const pages = ['popup', 'options'] as const;
  const entrypoints = fileURLToPath(new URL('../entrypoints/', import.meta.url));
  /** Each text with a letter, and the `data-i18n` key of the element that holds it (undefined when none does). */
  const texts = (html: string): { text: string; key: string | undefined }[] => {
    const { document } = parseHTML(html);
    const found: { text: string; key: string | undefined }[] = [];
    const walk = (node: Node): void => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3 && /\p{L}/u.test(child.textContent ?? '')) {
          found.push({ text: (child.textContent ?? '').trim(), key: child.parentElement?.closest('[data-i18n]')?.getAttribute('data-i18n') ?? undefined });
        } else if (child.nodeType === 1 && !['SCRIPT', 'STYLE'].includes((child as Element).tagName)) walk(child);
      }
    };
    walk(document);
    return found;
  };

  it('finds text outside a message, when there is some', () => {
    expect(texts('<p><span data-i18n="popupTitle">Flag for referral</span> stray</p>')).toEqual([
      { text: 'Flag for referral', key: 'popupTitle' },
      { text: 'stray', key: undefined },
    ]);
  });

  it.each(pages)('%s.html shows every text through a message key, written as the English message', (page) => {
    const found = texts(readFileSync(`${entrypoints}${page}/index.html`, 'utf8'));
    expect(found.length).toBeGreaterThan(5);
    for (const { text, key } of found) {
      expect(key, text).toBeDefined();
      expect(text, key).toBe(english[key ?? '']?.message);
    }
  });
});
