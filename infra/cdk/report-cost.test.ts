import { describe, expect, it } from 'vitest';
import { costPerThousandReports, readPriceTable, type ReportUsage } from './report-cost';

const prices = readPriceTable();
const nothing: ReportUsage = {
  writeUnits: 0,
  readUnits: 0,
  storedBytes: 0,
  apiRequests: 0,
  apiMilliseconds: 0,
  processMilliseconds: 0,
  processInvocations: 0,
  sqsRequests: 0,
  artifacts: 0,
  artifactBytes: 0,
  artifactReads: 0,
  logBytes: 0,
};
const model = { apiMemoryMiB: 512, processMemoryMiB: 512, standardDays: 30, tracedShare: 0.05 };

describe('prices.json', () => {
  it('is the eu-west-1 on-demand table with its date and a source for every service', () => {
    expect(prices.region).toBe('eu-west-1');
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [name, entry] of Object.entries(prices)) {
      if (typeof entry === 'object') expect(entry.source, name).toMatch(/^https:\/\//);
    }
  });
});

describe('costPerThousandReports', () => {
  it('costs nothing for nothing', () => {
    expect(costPerThousandReports(nothing, model, prices).total).toBe(0);
  });

  it('bills write and read units at the per-million prices', () => {
    const cost = costPerThousandReports({ ...nothing, writeUnits: 10, readUnits: 4 }, model, prices);
    expect(cost.dynamodb).toBeCloseTo((10 * 1000 * prices.dynamodb.writeRequestUnitsPerMillion + 4 * 1000 * prices.dynamodb.readRequestUnitsPerMillion) / 1e6, 12);
    expect(cost.total).toBeCloseTo(cost.dynamodb, 12);
  });

  it('keeps evidence a month in Standard and the rest of its six months in Standard-IA', () => {
    const evidence = { ...nothing, artifacts: 2, artifactBytes: 1024 ** 2, artifactReads: 1 };
    const tiered = costPerThousandReports(evidence, model, prices).s3;
    const standardOnly = costPerThousandReports(evidence, { ...model, standardDays: 183 }, prices).s3;
    const gbMonths = (2000 / 1024) * (183 / (365 / 12));
    expect(standardOnly).toBeCloseTo(gbMonths * prices.s3.standardStoragePerGbMonth + 2 * (prices.s3.putRequestsPerThousand + prices.s3.getRequestsPerThousand), 6);
    expect(tiered).toBeLessThan(standardOnly * 0.75);
  });
});
