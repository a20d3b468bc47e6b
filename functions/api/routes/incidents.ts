import * as z from 'zod';
import {
  incidentAdditionRequest,
  incidentCloseRequest,
  incidentDeclaration,
  incidentListQuery,
  type IncidentAddition,
  type IncidentClosed,
  type IncidentDetail,
  type IncidentFigures,
  type IncidentList,
  type IncidentListItem,
  type IncidentReferralRow,
  type IncidentView,
} from '../../contract/incident';
import type { Principal } from '../../contract/principal';
import type { IncidentRecord } from '../../adapters/stores/incident-store';
import type { FrozenDebrief } from '../../adapters/stores/incident-debrief-store';
import type { ReferralItem } from '../../adapters/table/items';
import { incidentFigures, incidentTimeline } from '../../core/incidents/incident-figures';
import { debriefDocument, renderDebriefMarkdown } from '../../core/incidents/debrief';
import { renderOrderPdf } from '../../core/rule-of-law/removal-order-document';
import { seedContentKey } from '../../core/incidents/incident-seeds';
import { canonicalJson } from '../../core/canonical-json';
import { decodeClosedIncidentCursor, encodeClosedIncidentCursor } from '../../core/incidents/closed-incident-cursor';
import { mayUseOnPlatform } from '../access-policy';
import { allow, limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { maskedOfficerId } from '../audit-view';
import { errorResponse, readJsonBody } from '../http-errors';
import { issuesFromZod } from '../../contract/api-error';

/** An incident's id from the path: only a UUID can name one (anything else is no incident, not a bad key). */
const incidentIdParam = (value: string | undefined): string | undefined => {
  const parsed = incidentDeclaration.shape.incidentId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** An incident as the caller may read it: the declaring officer is named to their own unit only. */
const incidentSeenBy = ({ closedBy: _closedBy, ...incident }: IncidentRecord, principal: Principal): IncidentView => ({
  ...incident,
  declaredBy: incident.declaredByUnit === principal.unit ? incident.declaredBy : maskedOfficerId,
});

/** A tagged referral as the incident view lists it: its state, never who claimed or worked it. */
const incidentRowOf = (referral: ReferralItem): IncidentReferralRow => ({
  referralId: referral.referralId,
  url: referral.url,
  platform: referral.platform,
  priority: referral.priority,
  status: referral.status,
  ...(referral.outcome === undefined ? {} : { outcome: referral.outcome }),
  reportCount: referral.reportCount,
  firstReportedAt: referral.firstReportedAt,
  ...(referral.sentAt === undefined ? {} : { sentAt: referral.sentAt }),
  ...(referral.closedAt === undefined ? {} : { closedAt: referral.closedAt }),
});

/** The incident, the figures over every tagged referral, and the rows and timeline the caller may read. */
const detailOf = (incident: IncidentRecord, rows: IncidentReferralRow[], figures: IncidentFigures, principal: Principal, route: 'GET /v1/incidents/{id}' | 'GET /v1/incidents/{id}/debrief'): IncidentDetail => {
  const shown = rows.filter((row) => mayUseOnPlatform(principal, route, row.platform));
  const shownIds = new Set(shown.map((row) => row.referralId));
  return {
    incident: incidentSeenBy(incident, principal),
    figures,
    timeline: incidentTimeline(incident, rows).filter((entry) => entry.referralId === undefined || shownIds.has(entry.referralId)),
    referrals: shown,
    referralsNotShown: rows.length - shown.length,
  };
};

/** Every tagged referral as it stands now, and the figures over them. */
const currentRows = async (deps: ApiDependencies, incidentId: string): Promise<{ rows: IncidentReferralRow[]; figures: IncidentFigures }> => {
  const rows = (await deps.stores.incidents.taggedReferrals(incidentId)).map(incidentRowOf);
  return { rows, figures: incidentFigures(rows, await deps.stores.incidents.reportTimes(rows.map((row) => row.referralId))) };
};

/**
 * The debrief of a closed incident, frozen by the first close that reaches it (a close that
 * crashed before freezing it, or one closed before debriefs were frozen, is frozen by the next
 * close or read), so the Markdown and the PDF read the same whenever they are fetched.
 */
const frozenDebriefOf = async (deps: ApiDependencies, incident: IncidentRecord, by: string): Promise<FrozenDebrief> => {
  const stored = await deps.stores.incidentDebriefs.get(incident.incidentId);
  if (stored) return stored;
  const { debrief, frozenNow } = await deps.stores.incidentDebriefs.freeze(incident.incidentId, await currentRows(deps, incident.incidentId), deps.now().toISOString(), by);
  if (frozenNow) deps.log('info', 'incident debrief frozen', { incidentId: incident.incidentId, referrals: debrief.rows.length });
  return debrief;
};

const debriefPath = (incidentId: string, format: 'md' | 'pdf') => `/v1/incidents/${incidentId}/debrief?format=${format}`;

/** The API function has 10 s; the tags and referrals are read first. */
const debriefPdfBudgetMs = 6_000;

const debriefQuery = z.object({ format: z.enum(['md', 'pdf']).default('md') });

/** What a repeat of a declaration must equal: everything the caller chose. */
const declaredContent = (incident: Pick<IncidentRecord, 'name' | 'startedAt' | 'seeds'>) => canonicalJson({ name: incident.name, startedAt: new Date(incident.startedAt).toISOString(), seeds: incident.seeds });

/**
 * Crisis mode. An incident is deployment-wide (an attack's content crosses every unit's work), so
 * an admin of any unit declares it and every officer reads the open ones; the process stage matches
 * each new report against their seeds.
 */
export const registerIncidentRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/incidents', limitBody(256 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/incidents');
    if (denied) return denied;
    const body = await readJsonBody(c, incidentDeclaration);
    if (!body.ok) return body.response;
    // A seed URL that names no content would match nothing, silently: refused with its place.
    const unusable = body.data.seeds.urls.flatMap((url, i) => {
      const seed = seedContentKey(url);
      return seed.ok ? [] : [{ path: `seeds.urls.${i}`, message: seed.reason }];
    });
    if (unusable.length > 0) return errorResponse(c, 400, 'invalid_body', 'a seed URL names no content', unusable.slice(0, 20));
    const principal = c.get('principal');
    const incident: IncidentRecord = {
      incidentId: body.data.incidentId,
      name: body.data.name,
      startedAt: new Date(body.data.startedAt).toISOString(),
      status: 'open',
      declaredAt: deps.now().toISOString(),
      declaredBy: principal.officerId,
      declaredByUnit: principal.unit,
      seeds: body.data.seeds,
    };
    const { created, stored } = await deps.stores.incidents.declare(incident);
    if (!created && declaredContent(stored) !== declaredContent(incident)) {
      return errorResponse(c, 409, 'conflict', `incident ${incident.incidentId} was declared with other content; declare a new incident with a new id`);
    }
    if (created) deps.log('info', 'incident declared', { incidentId: incident.incidentId, seeds: Object.values(incident.seeds).reduce((n, list) => n + list.length, 0) });
    return c.json<IncidentView>(incidentSeenBy(stored, principal), created ? 201 : 200);
  });

  app.post('/v1/incidents/:id/close', limitBody(4 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/incidents/{id}/close');
    if (denied) return denied;
    const id = incidentIdParam(c.req.param('id'));
    if (id === undefined) return errorResponse(c, 404, 'not_found', 'no such incident');
    const body = await readJsonBody(c, incidentCloseRequest);
    if (!body.ok) return body.response;
    const principal = c.get('principal');
    const closed = await deps.stores.incidents.close(id, deps.now().toISOString(), principal.officerId);
    if (!closed) return errorResponse(c, 404, 'not_found', 'no such incident');
    if (closed.closedNow) deps.log('info', 'incident closed', { incidentId: id });
    // Closing produces the debrief; a repeated close answers with the one the first froze.
    const debrief = await frozenDebriefOf(deps, closed.stored, principal.officerId);
    return c.json<IncidentClosed>({
      ...incidentSeenBy(closed.stored, principal),
      debrief: { generatedAt: debrief.generatedAt, sha256: debrief.sha256, referrals: debrief.rows.length, markdown: debriefPath(id, 'md'), pdf: debriefPath(id, 'pdf') },
    });
  });

  // A report the seeds did not catch (an earlier one, another wording): whoever may work the referral adds it.
  app.post('/v1/incidents/:id/referrals', limitBody(4 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/incidents/{id}/referrals');
    if (denied) return denied;
    const body = await readJsonBody(c, incidentAdditionRequest);
    if (!body.ok) return body.response;
    const principal = c.get('principal');
    const id = incidentIdParam(c.req.param('id'));
    const incident = id === undefined ? undefined : await deps.stores.incidents.get(id);
    if (!incident) return errorResponse(c, 404, 'not_found', 'no such incident');
    const referral = await deps.stores.referrals.get(body.data.referralId);
    // A liaison officer of other platforms does not learn that the referral exists.
    if (!referral || !mayUseOnPlatform(principal, 'POST /v1/incidents/{id}/referrals', referral.platform)) return errorResponse(c, 404, 'not_found', 'no such referral');
    if (incident.status !== 'open') return errorResponse(c, 409, 'conflict', 'the incident is closed: nothing is added to it');
    const addition = await deps.stores.incidents.recordAddition(incident.incidentId, referral.referralId, deps.now().toISOString(), principal.officerId, principal.unit);
    // The label names the unit, not the officer: labels are read by every unit working the referral.
    await deps.stores.incidents.labelReferral(
      referral.referralId,
      incident.incidentId,
      {
        name: 'incident',
        value: incident.incidentId,
        rule: 'incident-added-by-hand',
        evidence: [`incident "${incident.name}" (began ${incident.startedAt})`, `added by an officer of ${addition.unit} at ${addition.at}`],
      },
      addition.at,
    );
    await deps.stores.referrals.raisePriority(referral.referralId, 'P2');
    const now = await deps.stores.referrals.get(referral.referralId);
    return c.json<IncidentAddition>({ incidentId: incident.incidentId, referralId: referral.referralId, added: addition.first, priority: now?.priority ?? referral.priority });
  });

  // Open incidents first (a handful, whole), then closed ones a page at a time, so a closed
  // incident and its debrief are found without their link; read as the open ones are, by every officer.
  app.get('/v1/incidents', async (c) => {
    const denied = allow(c, 'GET /v1/incidents');
    if (denied) return denied;
    // A repeated parameter is ambiguous: refused, not silently read as its first value.
    const repeated = ['status', 'limit', 'cursor'].filter((name) => (c.req.queries(name)?.length ?? 0) > 1);
    const query = incidentListQuery.safeParse(c.req.query());
    if (repeated.length > 0 || !query.success) {
      return errorResponse(c, 400, 'invalid_query', 'status must be open, closed or all; limit 1 to 100; cursor the nextCursor of a page', [
        ...repeated.map((name) => ({ path: name, message: 'given more than once' })),
        ...(query.success ? [] : issuesFromZod(query.error)),
      ]);
    }
    const { status, limit, cursor } = query.data;
    if (cursor !== undefined && status === 'open') return errorResponse(c, 400, 'invalid_query', 'the open incidents come whole: a cursor pages the closed ones', [{ path: 'cursor', message: 'not with status=open' }]);
    const decoded = cursor === undefined ? undefined : decodeClosedIncidentCursor(deps.cursorKey, cursor);
    if (decoded && !decoded.ok) return errorResponse(c, 400, 'invalid_query', decoded.message, [{ path: 'cursor', message: 'invalid' }]);
    const principal = c.get('principal');
    const open = status !== 'closed' && decoded === undefined ? await deps.stores.incidents.listOpen() : [];
    const closed = status === 'open' ? { incidents: [] } : await deps.stores.incidents.listClosed({ limit, ...(decoded?.ok ? { after: decoded.after } : {}) });
    const listed: IncidentListItem[] = [
      ...open.map((incident) => incidentSeenBy(incident, principal)),
      ...closed.incidents.map((incident) => ({ ...incidentSeenBy(incident, principal), debrief: { markdown: debriefPath(incident.incidentId, 'md'), pdf: debriefPath(incident.incidentId, 'pdf') } })),
    ];
    return c.json<IncidentList>({ incidents: listed, ...(closed.next === undefined ? {} : { nextCursor: encodeClosedIncidentCursor(deps.cursorKey, closed.next) }) });
  });

  // Every officer reads an incident (it is deployment-wide); its referrals are listed to whoever may
  // work each one, while the figures count them all and name no officer.
  app.get('/v1/incidents/:id', async (c) => {
    const denied = allow(c, 'GET /v1/incidents/{id}');
    if (denied) return denied;
    const id = incidentIdParam(c.req.param('id'));
    const incident = id === undefined ? undefined : await deps.stores.incidents.get(id);
    if (!incident) return errorResponse(c, 404, 'not_found', 'no such incident');
    const { rows, figures } = await currentRows(deps, incident.incidentId);
    return c.json<IncidentDetail>(detailOf(incident, rows, figures, c.get('principal'), 'GET /v1/incidents/{id}'));
  });

  // The debrief is the view printed: the same figures and rows, so each figure traces to referrals.
  app.get('/v1/incidents/:id/debrief', async (c) => {
    const denied = allow(c, 'GET /v1/incidents/{id}/debrief');
    if (denied) return denied;
    // A repeated format is ambiguous: refused, not silently read as its first value.
    const query = debriefQuery.safeParse((c.req.queries('format')?.length ?? 0) > 1 ? { format: c.req.queries('format') } : c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'format must be md or pdf', issuesFromZod(query.error));
    const id = incidentIdParam(c.req.param('id'));
    const incident = id === undefined ? undefined : await deps.stores.incidents.get(id);
    if (!incident) return errorResponse(c, 404, 'not_found', 'no such incident');
    // An open incident's debrief is an interim one, of the referrals as they stand; a closed one's was frozen at its close.
    const principal = c.get('principal');
    const frozen = incident.status === 'closed' ? await frozenDebriefOf(deps, incident, principal.officerId) : undefined;
    const { rows, figures } = frozen ?? (await currentRows(deps, incident.incidentId));
    const detail = detailOf(incident, rows, figures, principal, 'GET /v1/incidents/{id}/debrief');
    const generatedAt = frozen?.generatedAt ?? deps.now().toISOString();
    const name = `debrief-${incident.incidentId}`;
    if (query.data.format === 'md') return c.body(renderDebriefMarkdown(detail, generatedAt), 200, { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `inline; filename="${name}.md"` });
    // An attack day prints a line per referral (some hundred pages): more time than an order gets,
    // still inside the function's timeout with the reads before it. Beyond that, the Markdown.
    const rendered = await renderOrderPdf(debriefDocument(detail, generatedAt), new Date(generatedAt), await deps.orderFonts(), { budgetMs: debriefPdfBudgetMs });
    if (!rendered.ok) {
      deps.log('error', 'incident debrief PDF over its time budget', { incidentId: incident.incidentId, referrals: detail.referrals.length });
      return errorResponse(c, 503, 'internal', 'the PDF could not be laid out in time; the same debrief is available as format=md');
    }
    return c.body(rendered.pdf.slice().buffer, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"` });
  });
};
