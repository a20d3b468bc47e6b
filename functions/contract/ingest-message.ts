import * as z from 'zod';
import { reportV1 } from './report';
import { unitId } from './principal';

/** What the API puts on the ingest queue for one accepted report. */
export const ingestMessageV1 = z.strictObject({
  type: z.literal('report.accepted'),
  version: z.literal(1),
  submissionId: z.uuid(),
  acceptedAt: z.iso.datetime(),
  submitter: z.strictObject({ officerId: z.string().min(1).max(200), unit: unitId }),
  report: reportV1,
});
export type IngestMessageV1 = z.infer<typeof ingestMessageV1>;
