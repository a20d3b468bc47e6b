import type { Context } from 'hono';
import { holdRefusal } from '../hold-refusal';
import * as z from 'zod';
import { issuesFromZod } from '../../contract/api-error';
import type { Principal } from '../../contract/principal';
import {
  complaintDecisionRequest,
  complaintRequest,
  holdReleaseRequest,
  holdRequest,
  orderAnswerRequest,
  disclosureDelayExtensionRequest,
  orderRestartRequest,
  orderLanguage,
  orderReceiptRequest,
  orderScrutinyRequest,
  reinstatementRequest,
  removalOrderRequest,
  reviewDecisionRequest,
  transparencyReportQuery,
  unitSettingsRequest,
  type UnitSettingsRequest,
  type ComplaintView,
  type HoldView,
  type RemovalOrderView,
  type ReviewView,
  type ReviewsView,
} from '../../contract/rule-of-law';
import type { ReferralItem, UnitSettings } from '../../adapters/table/items';
import type { Stores } from '../../adapters/create-stores';
import type { SaveResult } from '../../adapters/stores/legal-records';
import { canonicalJson, type JsonValue } from '../../core/canonical-json';
import { rotaWithoutSecrets } from '../../core/escalation/escalation-steps';
import { isPlatformId, platformById } from '../../core/platforms/platforms';
import { buildArticle16Notice } from '../../core/rule-of-law/article-16-notice';
import { complaintClockView, complaintIdFor, decideComplaint, recordComplaint, recordReinstatement, type Complaint } from '../../core/rule-of-law/complaints';
import { ruleOfLawDimensions } from '../../core/rule-of-law/counters';
import { decideReview, deliveryGate, requestReview, type ReferralVersion, type Review } from '../../core/rule-of-law/four-eyes';
import type { LegalActor, Refusal } from '../../core/rule-of-law/legal-event';
import { extendHold, isHeld, releaseHold, type LegalHold } from '../../core/rule-of-law/legal-hold';
import { buildOrderDocument, renderOrderHtml, renderOrderPdf } from '../../core/rule-of-law/removal-order-document';
import { disclosureDelayEndsAt, extendDisclosureDelay, issueOrder, orderActionRefusal, orderClockViews, recordAnswer, recordReceipt, recordScrutiny, restartDeadline, type OrderAction, type RemovalOrder } from '../../core/rule-of-law/removal-order';
import {
  buildAuthorityReport,
  buildTrustedFlaggerReport,
  renderAuthorityCsv,
  renderAuthorityMarkdown,
  renderTrustedFlaggerCsv,
  renderTrustedFlaggerMarkdown,
  yearRange,
  type CounterRows,
} from '../../core/rule-of-law/transparency-report';
import { allow, limitBody, type ApiApp, type ApiDependencies, type ApiEnv } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';
import { holdEntrySeenBy, legalEventSeenBy } from '../audit-view';
import { openReferral } from '../visible-referral';

const bodyLimit = limitBody(64 * 1024);

const actorOf = (principal: Principal): LegalActor & { unit: string } => ({ kind: 'officer', id: principal.officerId, unit: principal.unit });

const refusal = (c: Context<ApiEnv>, result: Refusal | { ok: false; status: 409; code: 'conflict'; message: string }) =>
  'rule' in result
    ? errorResponse(c, result.status, result.code, result.message, result.issues, { rule: result.rule, ...(result.reason ? { reason: result.reason } : {}), ...(result.params ? { params: result.params } : {}) })
    : errorResponse(c, result.status, result.code, result.message);

const orderView = (order: RemovalOrder, now: Date): RemovalOrderView => {
  const { issuedBy: _officer, ...rest } = order;
  const endsAt = disclosureDelayEndsAt(order);
  return { ...rest, ...(endsAt !== undefined ? { disclosureDelayEndsAt: endsAt } : {}), clocks: orderClockViews(order, now) };
};

const holdView = (referralId: string, hold: LegalHold | undefined, principal: Principal, now: Date): HoldView => ({
  referralId,
  active: isHeld(hold, now),
  ...(hold?.statutoryUntil ? { statutoryUntil: hold.statutoryUntil } : {}),
  ...(hold?.until ? { until: hold.until } : {}),
  ...(hold?.releasedAt ? { releasedAt: hold.releasedAt } : {}),
  history: (hold?.history ?? []).map((entry) => holdEntrySeenBy(entry, principal)),
  version: hold?.version ?? 0,
});

/** Complaint summaries come from the content provider through the platform: kept inside the unit, not in the view. */
const complaintView = (complaint: Complaint, now: Date): ComplaintView => ({
  referralId: complaint.referralId,
  complaintId: complaint.complaintId,
  platform: complaint.platform,
  platformComplaintId: complaint.platformComplaintId,
  receivedAt: complaint.receivedAt,
  status: complaint.status,
  ...(complaint.decision ? { decision: complaint.decision } : {}),
  ...(complaint.decidedAt ? { decidedAt: complaint.decidedAt } : {}),
  ...(complaint.reasoning ? { reasoning: complaint.reasoning } : {}),
  ...(complaint.reinstatedAt ? { reinstatedAt: complaint.reinstatedAt } : {}),
  clock: complaintClockView(complaint, now),
  version: complaint.version,
});

/** The referral as a reviewer sees it (four-eyes approvals hold for this). */
const referralVersionOf = (referral: ReferralItem): ReferralVersion => ({ version: referral.version, reportCount: referral.reportCount });

/** Officer ids and a refusal's reason are shown to officers of the reviewing unit only. */
const reviewView = (review: Review, principal: Principal, referral: ReferralVersion): ReviewView => {
  const sameUnit = review.unit === principal.unit;
  return {
    referralId: review.referralId,
    unit: review.unit,
    status: review.status,
    requestedAt: review.requestedAt,
    ...(review.decidedAt ? { decidedAt: review.decidedAt } : {}),
    ...(sameUnit ? { requestedBy: review.requestedBy, ...(review.reviewedBy ? { reviewedBy: review.reviewedBy } : {}), ...(review.reason ? { reason: review.reason } : {}) } : {}),
    requestedByMe: review.requestedBy === principal.officerId,
    ...(review.approved ? { approved: review.approved } : {}),
    current: review.status === 'approved' && review.approved?.version === referral.version && review.approved.reportCount === referral.reportCount,
    version: review.version,
  };
};


const answerSaved = <T,>(c: Context<ApiEnv>, result: SaveResult<T>, view: (doc: T) => unknown, created = false) =>
  result.ok ? c.json(view(result.doc) as object, created && result.changed ? 201 : 200) : refusal(c, result);

/**
 * Four-eyes gate before delivery (used by the lifecycle routes for `send` and `sent`): the
 * units of the referral and the caller's unit that require a second officer, and whether each
 * of them approved the referral as it is now. Returns the 409 naming the units still to
 * approve, or undefined when delivery may go ahead.
 */
export const fourEyesRefusal = async (c: Context<ApiEnv>, deps: ApiDependencies, referral: ReferralItem): Promise<Response | undefined> => {
  const units = [...new Set([...referral.units, c.get('principal').unit])];
  const requiring: string[] = [];
  for (const unit of units) if ((await deps.stores.unitSettings.get(unit))?.fourEyes) requiring.push(unit);
  if (requiring.length === 0) return undefined;
  const gate = deliveryGate({ requiringUnits: requiring, reviews: await deps.stores.reviews.list(referral.referralId), referral: referralVersionOf(referral) });
  if (gate.ok) return undefined;
  return errorResponse(c, 409, 'conflict', gate.message, undefined, { reason: 'four_eyes_required', params: { units: gate.units.join(', ') } });
};

const documentQuery = z.object({ format: z.enum(['json', 'html', 'pdf']).default('json'), lang: orderLanguage.optional() });
const yearParam = z.coerce.number().int().min(2022).max(2100);
const unitParam = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

/** The settings stored are this officer's save of exactly these fields at this version: a repeat of it, not a stale one. */
const isOwnSettingsRetry = (stored: UnitSettings, fields: Omit<UnitSettingsRequest, 'expectedVersion'>, version: number, officerId: string): boolean => {
  const { pk: _pk, sk: _sk, entity: _entity, unit: _unit, updatedAt: _at, updatedBy, version: storedVersion, ...storedFields } = stored;
  return storedVersion === version && updatedBy === officerId && canonicalJson(storedFields as JsonValue) === canonicalJson(fields as JsonValue);
};

export const registerRuleOfLawRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  // --- Removal orders (Regulation (EU) 2021/784 Art. 3, Annex I to III, Art. 4) ---
  app.put('/v1/referrals/:id/removal-order', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'PUT /v1/referrals/{id}/removal-order', { body: removalOrderRequest });
    if (found.response) return found.response;
    const { referral } = found;
    const principal = c.get('principal');
    // A removal order takes the content down as surely as a referral does: refused under another unit's hold.
    const held = await holdRefusal(c, deps, referral, principal, 'removal-order');
    if (held) return held;
    const existing = await deps.stores.orders.get(referral.referralId);
    const provider = existing ? { previousOrder: true } : await deps.stores.unitSettings.providerHistory(principal.unit, referral.platform, found.body.addressee.name);
    const decision = issueOrder({ ...(existing ? { existing } : {}), referral, request: found.body, actor: actorOf(principal), provider, now: deps.now() });
    const saved = await deps.stores.orders.save(decision);
    if (saved.ok && saved.changed) deps.log('info', 'removal order saved', { referralId: referral.referralId, status: saved.doc.status });
    // After the order is saved: a crash in between leaves the next first order needing the notice again (the safe side).
    if (saved.ok) await deps.stores.unitSettings.markOrderIssued(saved.doc.issuingUnit, referral.platform, saved.doc.addressee.name, saved.doc);
    return answerSaved(c, saved, (order) => orderView(order, deps.now()), !existing);
  });

  app.get('/v1/referrals/:id/removal-order', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/removal-order');
    if (found.response) return found.response;
    const query = documentQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'format must be json, html or pdf; lang en, fr or de', issuesFromZod(query.error));
    const order = await deps.stores.orders.get(found.referral.referralId);
    if (!order) return errorResponse(c, 404, 'not_found', 'this referral has no removal order');
    if (query.data.format === 'json') return c.json(orderView(order, deps.now()));
    const document = buildOrderDocument(order, query.data.lang ?? order.language);
    const name = `${order.orderId}-${document.language}`;
    if (query.data.format === 'html') {
      return c.body(renderOrderHtml(document), 200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': `inline; filename="${name}.html"`, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    }
    const rendered = await renderOrderPdf(document, new Date(order.issuedAt), await deps.orderFonts());
    if (!rendered.ok) {
      deps.log('error', 'removal order PDF over its time budget', { referralId: found.referral.referralId, orderId: order.orderId });
      return errorResponse(c, 503, 'internal', 'the PDF could not be laid out in time; the same order is available as format=html');
    }
    return c.body(rendered.pdf.slice().buffer, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"` });
  });

  const orderAction = <S extends z.ZodType>(
    path: string,
    route: Parameters<typeof allow>[1],
    schema: S,
    action: (body: z.infer<S>) => OrderAction,
    decide: (order: RemovalOrder, body: z.infer<S>, actor: LegalActor, now: Date) => ReturnType<typeof recordReceipt>,
  ) =>
    app.post(path, bodyLimit, async (c) => {
      const found = await openReferral<S, RemovalOrder>(c, deps, route, { body: schema, record: { load: (referral) => deps.stores.orders.get(referral.referralId), missing: 'this referral has no removal order; issue it first with PUT /v1/referrals/{id}/removal-order' } });
      if (found.response) return found.response;
      const order = found.record;
      const actor = actorOf(c.get('principal'));
      const notTheirs = orderActionRefusal(order, action(found.body), actor);
      if (notTheirs) return refusal(c, notTheirs);
      const saved = await deps.stores.orders.save(decide(order, found.body, actor, deps.now()));
      return answerSaved(c, saved, (next) => orderView(next, deps.now()));
    });
  orderAction('/v1/referrals/:id/removal-order/receipt', 'POST /v1/referrals/{id}/removal-order/receipt', orderReceiptRequest, () => 'receipt', (order, body, actor, now) => recordReceipt(order, body.receivedAt, actor, now));
  orderAction('/v1/referrals/:id/removal-order/answer', 'POST /v1/referrals/{id}/removal-order/answer', orderAnswerRequest, () => 'answer', (order, body, actor, now) => recordAnswer(order, body, actor, now));
  orderAction('/v1/referrals/:id/removal-order/restart', 'POST /v1/referrals/{id}/removal-order/restart', orderRestartRequest, () => 'restart', (order, body, actor, now) => restartDeadline(order, body, actor, now));
  orderAction('/v1/referrals/:id/removal-order/disclosure-delay', 'POST /v1/referrals/{id}/removal-order/disclosure-delay', disclosureDelayExtensionRequest, () => 'disclosure_delay', (order, body, actor, now) => extendDisclosureDelay(order, body, actor, now));
  orderAction('/v1/referrals/:id/removal-order/scrutiny', 'POST /v1/referrals/{id}/removal-order/scrutiny', orderScrutinyRequest, (body) => body.action, (order, body, actor, now) => recordScrutiny(order, body, actor, now));

  // --- Preservation and legal hold (Art. 6) ---
  app.get('/v1/referrals/:id/hold', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/hold');
    if (found.response) return found.response;
    return c.json(holdView(found.referral.referralId, await deps.stores.holds.get(found.referral.referralId), c.get('principal'), deps.now()));
  });

  app.post('/v1/referrals/:id/hold', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'POST /v1/referrals/{id}/hold', { body: holdRequest });
    if (found.response) return found.response;
    const id = found.referral.referralId;
    const saved = await deps.stores.holds.save(extendHold(await deps.stores.holds.get(id), id, found.body, actorOf(c.get('principal')), deps.now()));
    return answerSaved(c, saved, (hold) => holdView(id, hold, c.get('principal'), deps.now()));
  });

  app.post('/v1/referrals/:id/hold/release', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'POST /v1/referrals/{id}/hold/release', { body: holdReleaseRequest });
    if (found.response) return found.response;
    const id = found.referral.referralId;
    const saved = await deps.stores.holds.save(releaseHold(await deps.stores.holds.get(id), found.body, actorOf(c.get('principal')), deps.now()));
    return answerSaved(c, saved, (hold) => holdView(id, hold, c.get('principal'), deps.now()));
  });

  // --- Complaints and reinstatement (Art. 10) ---
  app.get('/v1/referrals/:id/complaints', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/complaints');
    if (found.response) return found.response;
    const complaints = await deps.stores.complaints.list(found.referral.referralId);
    return c.json({ referralId: found.referral.referralId, complaints: complaints.map((complaint) => complaintView(complaint, deps.now())) });
  });

  app.post('/v1/referrals/:id/complaints', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'POST /v1/referrals/{id}/complaints', { body: complaintRequest });
    if (found.response) return found.response;
    const { referral } = found;
    const principal = c.get('principal');
    const order = await deps.stores.orders.get(referral.referralId);
    const existing = await deps.stores.complaints.get(referral.referralId, complaintIdFor(referral.platform, found.body.platformComplaintId));
    const decision = recordComplaint(existing, { referralId: referral.referralId, platform: referral.platform, unit: order?.issuingUnit ?? principal.unit, request: found.body, referralStatus: referral.status }, actorOf(principal), deps.now());
    return answerSaved(c, await deps.stores.complaints.save(decision), (complaint) => complaintView(complaint, deps.now()), !existing);
  });

  const complaintAction = <S extends z.ZodType>(path: string, route: Parameters<typeof allow>[1], schema: S, decide: (complaint: Complaint, body: z.infer<S>, actor: LegalActor, now: Date) => ReturnType<typeof decideComplaint>) =>
    app.post(path, bodyLimit, async (c) => {
      const found = await openReferral<S, Complaint>(c, deps, route, { body: schema, record: { load: (referral) => deps.stores.complaints.get(referral.referralId, c.req.param('complaintId') ?? ''), missing: 'no such complaint on this referral' } });
      if (found.response) return found.response;
      const complaint = found.record;
      const saved = await deps.stores.complaints.save(decide(complaint, found.body, actorOf(c.get('principal')), deps.now()));
      return answerSaved(c, saved, (next) => complaintView(next, deps.now()));
    });
  complaintAction('/v1/referrals/:id/complaints/:complaintId/decision', 'POST /v1/referrals/{id}/complaints/{complaintId}/decision', complaintDecisionRequest, decideComplaint);
  complaintAction('/v1/referrals/:id/complaints/:complaintId/reinstatement', 'POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement', reinstatementRequest, (complaint, body, actor, now) => recordReinstatement(complaint, body.reinstatedAt, actor, now));

  // --- Four-eyes review ---
  app.get('/v1/referrals/:id/review', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/review');
    if (found.response) return found.response;
    const reviews = await deps.stores.reviews.list(found.referral.referralId);
    const seen = referralVersionOf(found.referral);
    return c.json<ReviewsView>({ referralId: found.referral.referralId, reviews: reviews.map((review) => reviewView(review, c.get('principal'), seen)) });
  });

  app.post('/v1/referrals/:id/review', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'POST /v1/referrals/{id}/review');
    if (found.response) return found.response;
    const principal = c.get('principal');
    const seen = referralVersionOf(found.referral);
    const existing = await deps.stores.reviews.get(found.referral.referralId, principal.unit);
    const saved = await deps.stores.reviews.save(requestReview(existing, found.referral.referralId, actorOf(principal), seen, deps.now()));
    return answerSaved(c, saved, (review) => reviewView(review, principal, seen), true);
  });

  app.post('/v1/referrals/:id/review/decision', bodyLimit, async (c) => {
    const found = await openReferral(c, deps, 'POST /v1/referrals/{id}/review/decision', { body: reviewDecisionRequest });
    if (found.response) return found.response;
    const principal = c.get('principal');
    const id = found.referral.referralId;
    const seen = referralVersionOf(found.referral);
    const { expectedVersion, ...decided } = found.body;
    const input = { ...decided, reporterIds: await deps.stores.referrals.reporterIds(id), referral: seen, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
    const decision = decideReview(await deps.stores.reviews.get(id, principal.unit), input, actorOf(principal), deps.now());
    return answerSaved(c, await deps.stores.reviews.save(decision), (review) => reviewView(review, principal, seen));
  });

  // --- DSA Art. 16 notice for platforms filed by hand ---
  app.get('/v1/referrals/:id/notice', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/notice');
    if (found.response) return found.response;
    const { referral } = found;
    const platform = isPlatformId(referral.platform) ? platformById(referral.platform) : undefined;
    if (platform?.channel === 'webhook') return errorResponse(c, 409, 'conflict', `${platform.name} takes referrals by webhook; the notice is only for platforms filed by hand`);
    const principal = c.get('principal');
    const settings = await deps.stores.unitSettings.get(principal.unit);
    if (!settings) return errorResponse(c, 409, 'conflict', `DSA Art. 16(2)(c): the notice names the notifier; an admin of ${principal.unit} sets the unit's contact with PUT /v1/units/${principal.unit}/settings`);
    const notice = buildArticle16Notice(
      {
        referralId: referral.referralId,
        platform: referral.platform,
        platformName: platform?.name ?? referral.platform,
        url: referral.url,
        canonicalUrl: referral.canonicalUrl,
        category: referral.category,
        labels: referral.labels.map((label) => ({ name: label.name, value: label.value })),
        firstReportedAt: referral.firstReportedAt,
        ...(referral.title ? { title: referral.title } : {}),
      },
      { unitName: settings.displayName, contact: settings.contact },
    );
    if (c.req.query('format') === 'text') return c.body(`Subject: ${notice.subject}\n\n${notice.emailBody}\n`, 200, { 'content-type': 'text/plain; charset=utf-8' });
    return c.json(notice);
  });

  app.get('/v1/referrals/:id/legal-audit', async (c) => {
    const found = await openReferral(c, deps, 'GET /v1/referrals/{id}/legal-audit');
    if (found.response) return found.response;
    const principal = c.get('principal');
    const events = await deps.stores.legalAudit.list(found.referral.referralId);
    return c.json({ referralId: found.referral.referralId, events: events.map((event) => legalEventSeenBy(event, principal)) });
  });

  // --- Unit settings ---
  app.get('/v1/units/:unit/settings', async (c) => {
    const denied = allow(c, 'GET /v1/units/{unit}/settings');
    if (denied) return denied;
    const unit = c.req.param('unit');
    if (unit !== c.get('principal').unit) return errorResponse(c, 404, 'not_found', 'no such unit');
    const settings = await deps.stores.unitSettings.get(unit);
    if (!settings) return errorResponse(c, 404, 'not_found', 'the unit has no settings yet');
    const { pk: _pk, sk: _sk, entity: _entity, updatedBy: _by, onCall, ...view } = settings;
    return c.json({ ...view, ...(onCall ? { onCall: rotaWithoutSecrets(onCall) } : {}) });
  });

  app.put('/v1/units/:unit/settings', bodyLimit, async (c) => {
    const denied = allow(c, 'PUT /v1/units/{unit}/settings');
    if (denied) return denied;
    const unit = c.req.param('unit');
    const principal = c.get('principal');
    if (unit !== principal.unit) return errorResponse(c, 403, 'forbidden', 'an admin changes the settings of their own unit only');
    const body = await readJsonBody(c, unitSettingsRequest);
    if (!body.ok) return body.response;
    const { expectedVersion, ...fields } = body.data;
    const version = expectedVersion + 1;
    const updatedAt = deps.now().toISOString();
    // One conditional put on the version the admin read: of two admins saving at once, one wins and
    // the other is told, never overwritten unseen (no transaction: one item, one condition).
    const saved = await deps.stores.unitSettings.put({ ...fields, unit, updatedAt, updatedBy: principal.officerId, version }, expectedVersion, actorOf(principal));
    if (!saved) {
      const current = await deps.stores.unitSettings.get(unit);
      // This admin's own save arriving again (a retry after a lost answer) is answered, not refused.
      if (current && isOwnSettingsRetry(current, fields, version, principal.officerId)) {
        const { onCall, ...rest } = fields;
        return c.json({ ...rest, ...(onCall ? { onCall: rotaWithoutSecrets(onCall) } : {}), unit, updatedAt: current.updatedAt, version });
      }
      return errorResponse(c, 409, 'stale_version', `the settings changed since you read them: you saw version ${expectedVersion}, they are at ${current?.version ?? 0}; reload them and save again`);
    }
    const { onCall, ...rest } = fields;
    return c.json({ ...rest, ...(onCall ? { onCall: rotaWithoutSecrets(onCall) } : {}), unit, updatedAt, version });
  });

  // --- Transparency reports (Regulation (EU) 2021/784 Art. 8; DSA Art. 22(3)) ---
  app.get('/v1/transparency-reports/:year', async (c) => {
    const denied = allow(c, 'GET /v1/transparency-reports/{year}');
    if (denied) return denied;
    const year = yearParam.safeParse(c.req.param('year'));
    const query = transparencyReportQuery.safeParse(c.req.query());
    if (!year.success || !query.success) {
      return errorResponse(c, 400, 'invalid_query', 'year must be 2022 to 2100; kind authority or trusted-flagger; format json, md or csv', [
        ...(year.success ? [] : [{ path: 'year', message: 'expected a year' }]),
        ...(query.success ? [] : issuesFromZod(query.error)),
      ]);
    }
    const principal = c.get('principal');
    const unit = query.data.unit ?? principal.unit;
    if (unit !== principal.unit && !principal.roles.includes('admin')) return errorResponse(c, 403, 'forbidden', 'analysts report on their own unit');
    if (!unitParam.safeParse(unit).success) return errorResponse(c, 400, 'invalid_query', 'unit must be a unit slug');
    const report = await transparencyReport(deps, { unit, year: year.data, kind: query.data.kind });
    const name = `${query.data.kind}-report-${unit}-${year.data}`;
    if (query.data.format === 'md') {
      const markdown = report.kind === 'authority' ? renderAuthorityMarkdown(report) : renderTrustedFlaggerMarkdown(report);
      return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${name}.md"` });
    }
    if (query.data.format === 'csv') {
      const csv = report.kind === 'authority' ? renderAuthorityCsv(report) : renderTrustedFlaggerCsv(report);
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
    }
    return c.json(report);
  });
};

/** A yearly report from exact counters: one range query per dimension, whatever the volume. */
export const transparencyReport = async (deps: { stores: Pick<Stores, 'stats' | 'unitSettings'> }, input: { unit: string; year: number; kind: 'authority' | 'trusted-flagger' }) => {
  const { from, to } = yearRange(input.year);
  const dimensions = input.kind === 'authority' ? [ruleOfLawDimensions.order, ruleOfLawDimensions.complaint] : [ruleOfLawDimensions.notice, ruleOfLawDimensions.action, ruleOfLawDimensions.timeToAction];
  const rows: Record<string, { day: string; value: string; count: number }[]> = {};
  for (const dimension of dimensions) rows[dimension] = (await deps.stores.stats.counters(dimension, from, to)).rows;
  const unitName = (await deps.stores.unitSettings.get(input.unit))?.displayName ?? input.unit;
  const base = { unit: input.unit, unitName, year: input.year, rows: rows as CounterRows };
  return input.kind === 'authority' ? buildAuthorityReport(base) : buildTrustedFlaggerReport(base);
};
