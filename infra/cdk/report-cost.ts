import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { defaultEvidenceRetentionDays } from './deployment-config';
import { repoRoot } from './repo-root';

const price = z.number().nonnegative();
const service = <T extends z.ZodRawShape>(shape: T) => z.object({ source: z.string().min(1), ...shape });

/** infra/cdk/prices.json: the on-demand list prices the cost per report is computed from. */
export const priceTable = z.object({
  region: z.string(),
  currency: z.literal('USD'),
  asOf: z.iso.date(),
  basis: z.string(),
  dynamodb: service({ writeRequestUnitsPerMillion: price, readRequestUnitsPerMillion: price, storagePerGbMonth: price }),
  s3: service({
    standardStoragePerGbMonth: price,
    standardIaStoragePerGbMonth: price,
    putRequestsPerThousand: price,
    getRequestsPerThousand: price,
    transitionToStandardIaPerThousand: price,
  }),
  lambda: service({ requestsPerMillion: price, arm64PerGbSecond: price }),
  apiGatewayHttpApi: service({ requestsPerMillion: price }),
  sqs: service({ standardRequestsPerMillion: price }),
  cloudWatchLogs: service({ ingestionPerGb: price }),
  xray: service({ tracesRecordedPerMillion: price }),
});
export type PriceTable = z.infer<typeof priceTable>;

export const readPriceTable = (path = join(repoRoot, 'infra', 'cdk', 'prices.json')): PriceTable =>
  priceTable.parse(JSON.parse(readFileSync(path, 'utf8')));

/** What one report uses, measured by the benchmark or stated by the design. */
export interface ReportUsage {
  /** DynamoDB write request units, table and indexes (measured). */
  writeUnits: number;
  /** DynamoDB read request units (measured). */
  readUnits: number;
  /** Bytes the report adds to the table and its indexes, kept for the retention period (measured). */
  storedBytes: number;
  /** Requests through API Gateway: the lookup, the evidence tickets, the report. */
  apiRequests: number;
  /** Lambda time of those requests, in ms. */
  apiMilliseconds: number;
  /** The process stage's Lambda time per report (a batch's time over its reports), in ms. */
  processMilliseconds: number;
  /** The process stage's invocations per report (one per batch). */
  processInvocations: number;
  /** SQS requests: the API's send, and the event source's receive and delete per batch. */
  sqsRequests: number;
  /** Evidence artifacts of the report and their size each. */
  artifacts: number;
  artifactBytes: number;
  /** S3 reads of each artifact (the process stage re-hashes it). */
  artifactReads: number;
  /** Log bytes per report: application lines and API access lines. */
  logBytes: number;
}

export interface CostModel {
  /** Memory of the API and process functions (infra/stages.ts). */
  apiMemoryMiB: number;
  processMemoryMiB: number;
  /** How long evidence and records are kept. @default 183 days (Regulation (EU) 2021/784 Art. 6) */
  retentionDays?: number;
  /** Days in S3 Standard before the lifecycle rule moves evidence to Standard-IA. */
  standardDays: number;
  /** Share of invocations X-Ray records: Lambda's 5% beyond the first each second. */
  tracedShare: number;
}

export type CostBreakdown = Record<'dynamodb' | 's3' | 'lambda' | 'apiGateway' | 'sqs' | 'logs' | 'xray', number> & { total: number };

const gb = 1024 ** 3;
const daysPerMonth = 365 / 12;

/** US dollars per 1,000 reports, by service. */
export const costPerThousandReports = (usage: ReportUsage, model: CostModel, prices: PriceTable): CostBreakdown => {
  const reports = 1000;
  const retentionMonths = (model.retentionDays ?? defaultEvidenceRetentionDays) / daysPerMonth;
  const standardMonths = Math.min(model.standardDays / daysPerMonth, retentionMonths);
  const evidenceGb = (usage.artifacts * usage.artifactBytes) / gb;

  const dynamodb =
    (usage.writeUnits * prices.dynamodb.writeRequestUnitsPerMillion) / 1e6 +
    (usage.readUnits * prices.dynamodb.readRequestUnitsPerMillion) / 1e6 +
    (usage.storedBytes / gb) * retentionMonths * prices.dynamodb.storagePerGbMonth;
  const s3 =
    evidenceGb * standardMonths * prices.s3.standardStoragePerGbMonth +
    evidenceGb * (retentionMonths - standardMonths) * prices.s3.standardIaStoragePerGbMonth +
    (usage.artifacts * prices.s3.putRequestsPerThousand) / 1000 +
    (usage.artifacts * usage.artifactReads * prices.s3.getRequestsPerThousand) / 1000 +
    (retentionMonths > standardMonths ? (usage.artifacts * prices.s3.transitionToStandardIaPerThousand) / 1000 : 0);
  const invocations = usage.apiRequests + usage.processInvocations;
  const lambda =
    (invocations * prices.lambda.requestsPerMillion) / 1e6 +
    ((usage.apiMilliseconds / 1000) * (model.apiMemoryMiB / 1024) + (usage.processMilliseconds / 1000) * (model.processMemoryMiB / 1024)) *
      prices.lambda.arm64PerGbSecond;
  const apiGateway = (usage.apiRequests * prices.apiGatewayHttpApi.requestsPerMillion) / 1e6;
  const sqs = (usage.sqsRequests * prices.sqs.standardRequestsPerMillion) / 1e6;
  const logs = (usage.logBytes / gb) * prices.cloudWatchLogs.ingestionPerGb;
  const xray = (invocations * model.tracedShare * prices.xray.tracesRecordedPerMillion) / 1e6;

  const perReport = { dynamodb, s3, lambda, apiGateway, sqs, logs, xray };
  const breakdown = Object.fromEntries(Object.entries(perReport).map(([k, v]) => [k, v * reports])) as Omit<CostBreakdown, 'total'>;
  return { ...breakdown, total: Object.values(breakdown).reduce((sum, v) => sum + v, 0) };
};
