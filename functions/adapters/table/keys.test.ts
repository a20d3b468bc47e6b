import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessPatterns } from './access-patterns';
import { keys } from './keys';

const root = join(import.meta.dirname, '..', '..', '..');

/** The rows of the "Access patterns" table in functions/storage-design.md. */
const documentedPatterns = (): { name: string; index: string; key: string }[] => {
  const doc = readFileSync(join(root, 'functions', 'storage-design.md'), 'utf8');
  const section = doc.split('\n## Access patterns\n')[1]?.split('\n\n').find((block) => block.startsWith('| access pattern |')) ?? '';
  return section
    .split('\n')
    .slice(2)
    .filter((line) => line.startsWith('|'))
    .map((line) => {
      const [name = '', index = '', key = ''] = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
      return { name, index, key: key.replace(/^`|`$/g, '') };
    });
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });

describe('the table description', () => {
  it('storage-design.md lists every access pattern with the key the builders make', () => {
    const rendered = accessPatterns.map((pattern) => `| ${pattern.name} | ${pattern.index} | \`${pattern.key}\` |`).join('\n');
    // On failure, the expected rows are the list below: paste them into the document.
    expect(documentedPatterns(), `storage-design.md "Access patterns" should read:\n${rendered}`).toEqual(accessPatterns.map((p) => ({ ...p })));
  });

  it('names every access pattern once', () => {
    expect(new Set(accessPatterns.map((pattern) => pattern.name)).size).toBe(accessPatterns.length);
  });

  it('orders audit events by version, numerically', () => {
    const skOf = (version: number) => keys.audit('ref_1', version).sk;
    expect([skOf(10), skOf(9)].sort()).toEqual([skOf(9), skOf(10)]);
    expect([keys.deliveryAttempt('ref_1', 'd', 10).sk, keys.deliveryAttempt('ref_1', 'd', 9).sk].sort()).toEqual([
      keys.deliveryAttempt('ref_1', 'd', 9).sk,
      keys.deliveryAttempt('ref_1', 'd', 10).sk,
    ]);
  });

  it('is the only place outside the table description that spells a key prefix', () => {
    const prefix = /[`'"](?:REF|SUB|IND|HASH|EVIDENCE|STAT|STATDAY|STATCOMPACT|COUNTED|UNITCONF|CLOCK|RETAIN|RETENTION|PLATFORM|CALLBACK|QUEUE|UNIT|AUDIT|REPORT|DELIVERY|LEGAL|SIG|TCOFIRST)#/;
    const offenders = sourceFiles(join(root, 'functions'))
      .filter((path) => !path.includes(join('adapters', 'table')))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(root, path)}:${i + 1}` }))
          // Comments may name a key; code builds it through keys.ts.
          .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line) && prefix.test(line.replace(/\/\/.*$/, '')))
          .map(({ at }) => at),
      );
    expect(offenders).toEqual([]);
  });
});
