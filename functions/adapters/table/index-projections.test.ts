import { describe, expect, it } from 'vitest';
import { referralTable } from '../../../infra/resources';
import { hashBankEntryItem, hashBankPurgeItem, hashBankVideoItem } from './items';
import { queueEntryItem, unitReportEntryItem } from './index-entries';
import { indexNames } from './keys';

const keyAttributes = new Set([referralTable.partitionKey, referralTable.sortKey, ...referralTable.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey])].map((key) => key.name));

/** The non-key attributes the readers of an index parse. */
const readBy = (...schemas: { shape: Record<string, unknown> }[]) => [...new Set(schemas.flatMap((schema) => Object.keys(schema.shape)))].filter((name) => !keyAttributes.has(name)).sort();

const projectedBy = (name: string) => {
  const index = referralTable.globalIndexes.find((candidate) => candidate.indexName === name);
  if (index?.projection.type !== 'INCLUDE') throw new Error(`${name} does not project chosen attributes`);
  return [...index.projection.nonKeyAttributes].sort();
};

describe('index projections: each index of infra/resources.ts holds exactly what its readers parse', () => {
  it('the stores query the indexes infra/resources.ts describes, and no other', () => {
    expect(referralTable.globalIndexes.map((index) => index.indexName).sort()).toEqual(Object.values(indexNames).sort());
  });

  it('gsi1q: the liaison queue columns (a missing one would fail every queue read, an extra one grows every entry)', () => {
    expect(projectedBy(indexNames.queues)).toEqual(readBy(queueEntryItem));
  });

  it("gsi2d: the unit listing's columns and a hash bank's changes (additions and purge marks)", () => {
    expect(projectedBy(indexNames.unitDaysAndBankAdditions)).toEqual(readBy(unitReportEntryItem, hashBankEntryItem, hashBankVideoItem, hashBankPurgeItem));
  });
});
