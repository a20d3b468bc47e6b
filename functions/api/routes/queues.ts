import * as z from 'zod';
import { referralStatus } from '../../contract/responses';
import { decodeQueueCursor, encodeQueueCursor, type QueuePosition } from '../../core/lifecycle/queue-cursor';
import { queueCsvHeader, queueCsvRow, queueNdjsonLine } from '../../core/lifecycle/queue-export';
import { mayUseOnPlatform } from '../access-policy';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';
import { queuePartition } from '../../adapters/table/keys';
import { otherHostsQueue, workQueueOf } from '../../core/platforms/work-queue';
import { isAssignedTo, toQueueItem } from './lifecycle-views';
import { assigneeFilter } from '../../contract/assignment';
import type { QueueItem, QueuePage } from '../../contract/lifecycle';
import { issuesFromZod } from '../../contract/api-error';

const queueQuery = z.strictObject({
  status: referralStatus.default('new'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1_000).optional(),
  format: z.enum(['json', 'csv', 'ndjson']).default('json'),
  /** `me`: only what colleagues gave the caller ("mine"). */
  assignee: assigneeFilter.optional(),
});

/** Largest export in one response; beyond it the X-Next-Cursor header continues. */
const maxExportRows = 5_000;

/**
 * Most queue rows one `?assignee=me` request reads: "mine" filters the queue's pages, so on a long
 * queue it answers fewer rows with a cursor rather than reading the whole queue (the dashboard
 * polls the shown page every few seconds).
 */
const maxRowsReadForMine = 1_000;

export const platformParam = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,199}$/, 'platform must be a registry id or a domain');

/** Read only for rows on the removal-order route: a page holds few, each one GetItem by key. */
const removalOrderStageOf = async (deps: ApiDependencies, item: QueueItem): Promise<Pick<QueueItem, 'removalOrder'>> => {
  if (item.legalRoute !== 'removal_order') return {};
  const order = await deps.stores.orders.get(item.referralId);
  if (order === undefined) return { removalOrder: 'to_prepare' };
  return { removalOrder: order.receivedAt === undefined ? 'issued' : 'received' };
};

export const registerQueueRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/queues/:platform', async (c) => {
    const denied = allow(c, 'GET /v1/queues/{platform}');
    if (denied) return denied;
    const platform = platformParam.safeParse(c.req.param('platform'));
    if (!platform.success) return errorResponse(c, 400, 'invalid_query', 'platform is malformed', [{ path: 'platform', message: 'malformed' }]);
    const principal = c.get('principal');
    if (!mayUseOnPlatform(principal, 'GET /v1/queues/{platform}', platform.data)) return errorResponse(c, 403, 'forbidden', `you are not assigned to platform ${platform.data}`);
    const query = queueQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', issuesFromZod(query.error));
    const { status, limit, cursor, format, assignee } = query.data;
    const queueKey = queuePartition(workQueueOf(platform.data), status);
    let start: QueuePosition | undefined;
    if (cursor) {
      const decoded = decodeQueueCursor(deps.cursorKey, cursor, queueKey);
      if (!decoded.ok) return errorResponse(c, 400, 'invalid_query', decoded.message, [{ path: 'cursor', message: decoded.message }]);
      start = decoded.position;
    }
    const now = deps.now();
    const items: QueueItem[] = [];
    let last: QueuePosition | undefined = start;
    // JSON answers one page; exports follow pages up to maxExportRows.
    const wanted = format === 'json' ? limit : maxExportRows;
    const otherHosts = workQueueOf(platform.data) === otherHostsQueue;
    let read = 0;
    do {
      const page = await deps.stores.lifecycle.queuePage(platform.data, status, Math.min(200, wanted - items.length), last);
      read += page.items.length;
      // The other-hosts queue is per unit: a unit works the unlisted hosts of the content it reported.
      const ours = otherHosts ? page.items.filter((item) => item.units.includes(principal.unit)) : page.items;
      const shown = assignee === 'me' ? ours.filter((item) => isAssignedTo(item, principal)) : ours;
      items.push(...shown.map((item) => toQueueItem(item, principal, now)));
      last = page.last;
    } while (last && items.length < wanted && (assignee === undefined || read < maxRowsReadForMine));
    await Promise.all(items.map(async (item) => Object.assign(item, await removalOrderStageOf(deps, item))));
    // Grouped by host (the platform of an unlisted site is its domain), priority order kept within each.
    if (otherHosts) items.sort((a, b) => a.platform.localeCompare(b.platform));
    const nextCursor = last ? encodeQueueCursor(deps.cursorKey, last) : undefined;
    if (format === 'json') {
      const hostContacts = otherHosts ? await deps.stores.hostContacts.getMany(items.map((item) => item.platform)) : undefined;
      return c.json<QueuePage>({ platform: platform.data, status, items, ...(nextCursor ? { nextCursor } : {}), ...(hostContacts ? { hostContacts } : {}) });
    }
    const headers: Record<string, string> = {
      'content-disposition': `attachment; filename="queue-${platform.data}-${status}.${format}"`,
      ...(nextCursor ? { 'x-next-cursor': nextCursor } : {}),
    };
    if (format === 'csv') {
      return c.body(queueCsvHeader() + items.map(queueCsvRow).join(''), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
    }
    return c.body(items.map(queueNdjsonLine).join(''), 200, { ...headers, 'content-type': 'application/x-ndjson' });
  });
};
