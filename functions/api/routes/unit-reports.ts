import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { UnitReportView } from '../../contract/lifecycle';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { unitPartition } from '../../adapters/table/keys';
import { errorResponse } from '../http-errors';

const positionSchema = z.strictObject({
  pk: z.string().regex(/^REF#ref_[0-9a-f]{24}$/),
  sk: z.string().regex(/^REPORT#[0-9a-f-]{36}$/),
  gsi2pk: z.string(),
  gsi2sk: z.string().max(200),
});

const tag = (key: string, payload: string) => createHmac('sha256', key).update(`reports:${payload}`).digest('base64url').slice(0, 22);

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(1_000).optional() });

/** GET /v1/reports: the caller's unit's reports, newest first (gsi2). Another unit's reports are never listed. */
export const registerUnitReportRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/reports', async (c) => {
    const denied = allow(c, 'GET /v1/reports');
    if (denied) return denied;
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters');
    const principal = c.get('principal');
    let start: Record<string, unknown> | undefined;
    if (query.data.cursor) {
      const [payload = '', given = ''] = query.data.cursor.split('.');
      const expected = tag(deps.cursorKey, payload);
      let position: z.infer<typeof positionSchema> | undefined;
      if (given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        try {
          const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
          if (parsed.success && parsed.data.gsi2pk === unitPartition(principal.unit)) position = parsed.data;
        } catch {
          position = undefined;
        }
      }
      if (!position) return errorResponse(c, 400, 'invalid_query', 'cursor is malformed, altered or from another unit', [{ path: 'cursor', message: 'invalid' }]);
      start = position;
    }
    const page = await deps.stores.unitReports.page(principal.unit, query.data.limit, start);
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
    let nextCursor: string | undefined;
    if (page.last) {
      const payload = Buffer.from(JSON.stringify(page.last)).toString('base64url');
      nextCursor = `${payload}.${tag(deps.cursorKey, payload)}`;
    }
    return c.json({ unit: principal.unit, reports, ...(nextCursor ? { nextCursor } : {}) });
  });
};
