import type { ReportV1 } from '../contract/report';
import { findImminence } from './classification/imminence';
import { scanField, type ScannedField } from './classification/text-matching';

/** The two queues an accepted report can wait in before the process stage reads it. */
export type IngestLane = 'ingest' | 'urgent';

/**
 * Which queue an accepted report waits in. A report that may be a threat to life goes to the
 * urgent lane, which a process stage of its own reads with executions of its own, so that a
 * page never waits behind an action day's backlog. "May be" covers every way the priority
 * rules (core/classification/priority.ts) reach P1: the officer's urgent flag, and a time marker
 * near an attack term in the report's text. Sending more than that costs only a place in a
 * short queue: the process stage still decides the priority, with its reasons.
 */
export function ingestLaneFor(report: Pick<ReportV1, 'urgent' | 'title' | 'selectedText'>): IngestLane {
  if (report.urgent) return 'urgent';
  const fields: ScannedField[] = [];
  if (report.title) fields.push(scanField('title', report.title));
  if (report.selectedText) fields.push(scanField('selectedText', report.selectedText));
  return findImminence(fields, 1).length > 0 ? 'urgent' : 'ingest';
}
