import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { previousDay } from '../../core/unit-reports/listing-days';
import type { UnitReportPosition } from '../../core/unit-reports/unit-report-cursor';
import { indexNames, unitDayPartition } from '../table/keys';
import { unitReportEntryItem, type UnitReportEntryItem } from '../table/index-entries';
import type { TableHandle } from '../table/operations';

export interface UnitReportPageRequest {
  /** Where to start: a day, and the last report read in it when a page ended inside it. */
  from: UnitReportPosition;
  /** The oldest day the listing reaches (included). */
  oldestDay: string;
  limit: number;
  /** Most Query requests this page may send (one per day partition, or more for a day over 1 MB). */
  maxQueries: number;
}

/**
 * A unit's own reports through the unit-day index (gsi2d, `UNIT#<unit>#<yyyy-mm-dd>`), newest
 * first: each day's partition newest first, then the day before, back to `oldestDay`. A page ends
 * when it holds `limit` reports, when it has sent `maxQueries` queries (then it may hold fewer,
 * even none), or at the oldest day (then it has no `next`).
 */
export class UnitReportStore {
  constructor(private readonly table: TableHandle) {}

  async page(unit: string, request: UnitReportPageRequest): Promise<{ items: UnitReportEntryItem[]; next?: UnitReportPosition }> {
    const items: UnitReportEntryItem[] = [];
    let day = request.from.day;
    let after = request.from.after;
    for (let queries = 0; day >= request.oldestDay; queries++) {
      if (items.length >= request.limit || queries >= request.maxQueries) return { items, next: { day, ...(after ? { after } : {}) } };
      const partition = unitDayPartition(unit, day);
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: indexNames.unitDaysAndBankAdditions,
          KeyConditionExpression: 'gsi2pk = :day',
          ExpressionAttributeValues: { ':day': partition },
          ScanIndexForward: false,
          Limit: request.limit - items.length,
          ...(after ? { ExclusiveStartKey: { pk: after.pk, sk: after.sk, gsi2pk: partition, gsi2sk: after.gsi2sk } } : {}),
        }),
      );
      items.push(...(page.Items ?? []).map((item) => unitReportEntryItem.parse(item)));
      const last = page.LastEvaluatedKey;
      if (last) {
        after = { pk: String(last['pk']), sk: String(last['sk']), gsi2sk: String(last['gsi2sk']) };
      } else {
        day = previousDay(day);
        after = undefined;
      }
    }
    return { items };
  }
}
