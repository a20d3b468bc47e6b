import * as z from 'zod';
import type { UnitReportView } from '../../contract/lifecycle';
import { listingWindow, maxDayQueriesPerPage } from '../../core/unit-reports/listing-days';
import { decodeUnitReportCursor, encodeUnitReportCursor, type UnitReportPosition } from '../../core/unit-reports/unit-report-cursor';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(1_000).optional() });

/**
 * GET /v1/reports: the caller's unit's reports, newest first, over the listing window (the
 * retention period), read day by day from the unit-day index. Another unit's reports are never
 * listed. A page may hold fewer than `limit` reports when it crossed many days without reports;
 * `nextCursor` is absent only once the window is read to its end.
 */
export const registerUnitReportRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/reports', async (c) => {
    const denied = allow(c, 'GET /v1/reports');
    if (denied) return denied;
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters');
    const principal = c.get('principal');
    const window = listingWindow(deps.now());
    let from: UnitReportPosition = { day: window.newestDay };
    if (query.data.cursor) {
      const decoded = decodeUnitReportCursor(deps.cursorKey, query.data.cursor, principal.unit);
      if (!decoded.ok) return errorResponse(c, 400, 'invalid_query', decoded.message, [{ path: 'cursor', message: 'invalid' }]);
      from = decoded.position;
    }
    const page = await deps.stores.unitReports.page(principal.unit, { from, oldestDay: window.oldestDay, limit: query.data.limit, maxQueries: maxDayQueriesPerPage });
    const reports: UnitReportView[] = page.items.map((item) => ({
      submissionId: item.submissionId,
      referralId: item.referralId,
      acceptedAt: item.acceptedAt,
      url: item.url,
      ...(item.title === undefined ? {} : { title: item.title }),
      category: item.category,
      legalRoute: item.legalRoute,
      urgent: item.urgent,
      mine: item.officerId === principal.officerId,
    }));
    const nextCursor = page.next ? encodeUnitReportCursor(deps.cursorKey, principal.unit, page.next) : undefined;
    return c.json({ unit: principal.unit, reports, ...(nextCursor ? { nextCursor } : {}) });
  });
};
