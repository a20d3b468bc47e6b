import { request as httpRequest } from 'node:http';
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

/**
 * POST on a fresh connection that is not reused: for bodies the server refuses before
 * reading them all (413), where a pooled keep-alive socket would be left half-written.
 */
export const rawPost = (url: string, token: string, body: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may close the socket before the whole body is written.
    request.on('error', (error) => reject(error));
    request.end(body);
  });
