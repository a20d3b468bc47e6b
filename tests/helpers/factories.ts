import type { SQSRecord } from 'aws-lambda';
import type { ReportV1Input } from '../../functions/contract/report';
import type { IngestMessageV1 } from '../../functions/contract/ingest-message';
import { reportV1 } from '../../functions/contract/report';

/** A valid report; override what the test is about. */
export const makeReport = (overrides: Partial<ReportV1Input> = {}): ReportV1Input => ({
  submissionId: crypto.randomUUID(),
  url: 'https://t.me/s/example_channel/101',
  title: 'Example channel post',
  category: 'propaganda',
  ...overrides,
});

export const makeIngestMessage = (overrides: { report?: Partial<ReportV1Input>; unit?: string; officerId?: string; acceptedAt?: string } = {}): IngestMessageV1 => {
  const report = reportV1.parse(makeReport(overrides.report));
  return {
    type: 'report.accepted',
    version: 1,
    submissionId: report.submissionId,
    acceptedAt: overrides.acceptedAt ?? new Date().toISOString(),
    submitter: { officerId: overrides.officerId ?? 'officer@eu-iru', unit: overrides.unit ?? 'eu-iru' },
    report,
  };
};

/** An SQS record as Lambda's event source mapping delivers it. */
export const makeSqsRecord = (body: string, overrides: Partial<SQSRecord> = {}): SQSRecord => ({
  messageId: crypto.randomUUID(),
  receiptHandle: 'handle',
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:ingest',
  awsRegion: 'eu-west-1',
  ...overrides,
});

export const postJson = (url: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
