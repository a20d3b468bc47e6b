import type { ApiIssue } from '../contract/api-error';
import type { Principal } from '../contract/principal';
import type { ReportV1 } from '../contract/report';

/** The capture manifest is a custody record: it must name the caller, not someone else. */
export const custodyIssues = (report: Pick<ReportV1, 'capture'>, principal: Principal): ApiIssue[] => [
  ...(report.capture?.officer !== undefined && report.capture.officer !== principal.officerId
    ? [{ path: 'capture.officer', message: 'the capture manifest names another officer than the token', code: 'capture_other_officer' }]
    : []),
  ...(report.capture?.unit !== undefined && report.capture.unit !== principal.unit
    ? [{ path: 'capture.unit', message: 'the capture manifest names another unit than the token', code: 'capture_other_unit' }]
    : []),
];
