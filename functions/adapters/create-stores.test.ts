import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createStores } from './create-stores';

const root = join(import.meta.dirname, '..', '..');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });

/** Store classes of the table: every class exported from functions/adapters/stores/. */
const storeClasses = (): string[] =>
  sourceFiles(join(root, 'functions', 'adapters', 'stores')).flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/export class (\w+)/g)].map((m) => m[1] ?? ''));

describe('the composition root', () => {
  it('builds every store of functions/adapters/stores once', () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
    const stores = createStores({ TABLE_NAME: 't', AWS_REGION: 'eu-west-1' }, { documentClient: client });
    const built = Object.values(stores).map((store: object) => store.constructor.name);
    expect(built.sort()).toEqual(storeClasses().sort());
  });

  it('is the only place that builds a store of the table', () => {
    const classes = storeClasses();
    expect(classes.length).toBeGreaterThan(10);
    const construction = new RegExp(`new (${classes.join('|')})\\(`);
    const offenders = ['functions', 'infra', 'tests']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((path) => !path.endsWith(join('adapters', 'create-stores.ts')) && construction.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('leaves the AWS SDK to the adapters: no stage handler imports it', () => {
    const handlers = readdirSync(join(root, 'functions'))
      .map((stage) => join(root, 'functions', stage, 'handler.ts'))
      .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile());
    expect(handlers.length).toBeGreaterThanOrEqual(4);
    const offenders = handlers.filter((path) => /from '@aws-sdk\//.test(readFileSync(path, 'utf8'))).map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('keeps every adapter file short enough to read in one sitting (under 300 lines)', () => {
    const long = sourceFiles(join(root, 'functions', 'adapters'))
      .map((path) => ({ path: relative(root, path), lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter((file) => file.lines >= 300);
    expect(long).toEqual([]);
  });
});
