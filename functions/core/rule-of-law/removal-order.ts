import { removalOrderRequest, type CannotComplyReason, type OrderAnswerRequest, type DisclosureDelayExtensionRequest, type OrderRestart, type OrderRestartRequest, type OrderScrutinyRequest, type RemovalOrderRequest } from '../../contract/rule-of-law';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { clockView, isInFuture, scrutinyRequestWindowMs, type LegalClock } from './clocks';
import { refuse, type Decision, type LegalActor, type LegalEvent, type Refusal } from './legal-event';
import { checkProceduralNotice, type ProviderHistory } from './procedural-notice';

export type RemovalOrderStatus = 'issued' | 'received' | 'completed' | 'cannot_comply' | 'revoked';

/** A removal order as Referral Desk keeps it: the Annex I fields and what happened since. */
export interface RemovalOrder extends RemovalOrderRequest {
  referralId: string;
  orderId: string;
  issuedAt: string;
  issuingUnit: string;
  /** The issuing officer: audit only, never printed on the order (it names the authority). */
  issuedBy: string;
  status: RemovalOrderStatus;
  version: number;
  receivedAt?: string;
  answer?: { outcome: 'removed' | 'disabled' | 'cannot_comply'; at: string; reason?: CannotComplyReason; explanation?: string };
  /** Art. 3(7) and (8): each time the one-hour deadline applied again after an Annex III answer. */
  restarts?: OrderRestart[];
  /** Art. 11(3): the one extension of the "do not disclose" period. */
  disclosureExtension?: { weeks: number; decidedAt: string; reason: string };
  scrutiny?: { copyTransmittedAt?: string; requestedAt?: string; requestedBy?: string; decision?: 'no_infringement' | 'infringement'; decidedAt?: string; summary?: string };
}

/** What the order needs to know about its referral. */
export interface OrderReferral {
  referralId: string;
  contentKey: string;
  legalRoute: string;
  platform: string;
}

export const orderIdFor = (referralId: string): string => referralId.replace(/^ref_/, 'ord_');

const event = (order: RemovalOrder, action: string, at: string, actor: LegalActor, details?: Record<string, string>): LegalEvent => ({
  referralId: order.referralId,
  subject: 'order',
  subjectId: order.orderId,
  version: order.version,
  action,
  at,
  actor,
  ...(details ? { details } : {}),
});

/** Same values, ignoring key order: a repeated PUT of the same order is answered, not re-applied. */
const sameFields = (order: RemovalOrder, request: RemovalOrderRequest): boolean => {
  const stable = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  const fields = Object.keys(removalOrderRequest.shape).filter((field) => field !== 'issuedAt') as (keyof RemovalOrderRequest)[];
  const pick = (o: RemovalOrderRequest) => Object.fromEntries(fields.map((field) => [field, o[field]]));
  return stable(pick(order)) === stable(pick(request)) && (request.issuedAt === undefined || request.issuedAt === order.issuedAt);
};

/**
 * Issues (or, before the provider confirmed receipt, amends) the removal order of a referral.
 * Schema checks already refused missing Annex I fields and grounds outside Art. 2(7)(a)-(e).
 */
export const issueOrder = (input: {
  existing?: RemovalOrder;
  referral: OrderReferral;
  request: RemovalOrderRequest;
  actor: LegalActor & { unit: string };
  /** The issuing unit's history with the provider, for a new order (Art. 3(2)). */
  provider: ProviderHistory;
  now: Date;
}): Decision<RemovalOrder> => {
  const { existing, referral, request, actor, now } = input;
  if (referral.legalRoute !== 'removal_order') {
    return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 3', 'this referral travels as a voluntary referral (legal route "referral"); a removal order needs the legal route removal_order', undefined, {
      reason: 'order_needs_removal_order_route',
    });
  }
  const canonical = canonicalizeUrl(request.content.url);
  if (!canonical.ok || canonical.value.contentKey !== referral.contentKey) {
    return refuse(400, 'invalid_body', 'Annex I Section B', 'content.url must be the exact URL of the referred content', [{ path: 'content.url', message: 'not the content of this referral' }]);
  }
  if (request.issuedAt !== undefined && isInFuture(request.issuedAt, now)) {
    return refuse(400, 'invalid_body', 'Annex I Section A', 'the date and time of issuing cannot be in the future', [{ path: 'issuedAt', message: 'in the future' }], { reason: 'time_in_future' });
  }
  const at = now.toISOString();
  if (existing) {
    if (sameFields(existing, request)) return { ok: true, unchanged: existing };
    if (existing.status !== 'issued') {
      return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 3(5)', `the order is ${existing.status}; an order the provider has received cannot be amended`);
    }
    if (existing.issuingUnit !== actor.unit) return refuse(403, 'forbidden', 'Regulation (EU) 2021/784 Art. 3(1)', 'only the issuing authority amends its order', undefined, { reason: 'order_of_other_unit', params: { unit: existing.issuingUnit } });
    if (request.issuedAt !== undefined && request.issuedAt !== existing.issuedAt) {
      return refuse(409, 'conflict', 'Annex I Section A', `the order was issued at ${existing.issuedAt}; an amendment keeps that time`);
    }
    const next: RemovalOrder = { ...existing, ...request, issuedAt: existing.issuedAt, version: existing.version + 1 };
    return { ok: true, next, event: event(next, 'amended', at, actor) };
  }
  const issuedAt = request.issuedAt ?? at;
  const notice = checkProceduralNotice({ provider: input.provider, issuedAt, emergency: request.emergency, platform: referral.platform === 'other' ? request.addressee.name : referral.platform });
  if (notice) return notice;
  const next: RemovalOrder = {
    ...request,
    referralId: referral.referralId,
    orderId: orderIdFor(referral.referralId),
    issuedAt,
    issuingUnit: actor.unit,
    issuedBy: actor.id,
    status: 'issued',
    version: 1,
  };
  return {
    ok: true,
    next,
    event: event(next, 'issued', at, actor, {
      grounds: request.grounds.join(','),
      crossBorder: request.crossBorder ? request.crossBorder.hostMemberState : 'none',
      ...(request.emergency ? { emergency: request.emergency.reason } : {}),
    }),
  };
};

/** What an officer records about an order after issuing it; scrutiny steps by their action. */
export type OrderAction = 'receipt' | 'answer' | 'restart' | 'disclosure_delay' | OrderScrutinyRequest['action'];

/** Art. 4(3), 4(4): a request for scrutiny goes to, and is decided by, the host Member State's authority. */
const hostAuthorityActions: readonly OrderAction[] = ['requested', 'decided'];

/**
 * Who may record what happens to an order: the issuing authority (Art. 3(1)), which receives the
 * provider's receipt and answers (Art. 3(5), 3(6), Annex II, III) and sends the copy (Art. 4(1));
 * and, for the request for scrutiny and its decision, the host authority when the order names its
 * unit. Officers of other units work the same platform but not this order: an infringement they
 * recorded would end the order's legal effects (Art. 4(7)).
 */
export const orderActionRefusal = (order: RemovalOrder, action: OrderAction, actor: { unit: string }): Refusal | undefined => {
  if (actor.unit === order.issuingUnit) return undefined;
  const host = order.crossBorder?.authorityUnit;
  if (host !== undefined && actor.unit === host && hostAuthorityActions.includes(action)) return undefined;
  const scrutiny = hostAuthorityActions.includes(action) ? ` or the host authority named in Section D${host ? ` (${host})` : ''}` : '';
  return refuse(403, 'forbidden', 'Regulation (EU) 2021/784 Art. 3(1), Art. 4', `the order belongs to its issuing unit ${order.issuingUnit}; only that unit${scrutiny} records what happens to it`, undefined, {
    reason: 'order_of_other_unit',
    params: { unit: order.issuingUnit },
  });
};

/** Art. 3(3): the provider's confirmed receipt starts the one-hour clock. */
export const recordReceipt = (order: RemovalOrder, receivedAt: string, actor: LegalActor, now: Date): Decision<RemovalOrder> => {
  if (order.receivedAt === receivedAt) return { ok: true, unchanged: order };
  if (order.status !== 'issued') return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 3(3)', `receipt was already confirmed at ${order.receivedAt ?? '(unknown)'}; the order is ${order.status}`);
  if (Date.parse(receivedAt) < Date.parse(order.issuedAt)) {
    return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 3(5)', `receipt (${receivedAt}) cannot precede issuing (${order.issuedAt})`, [{ path: 'receivedAt', message: 'before the order was issued' }]);
  }
  if (isInFuture(receivedAt, now)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 3(5)', 'receipt cannot be in the future', [{ path: 'receivedAt', message: 'in the future' }], { reason: 'time_in_future' });
  const next: RemovalOrder = { ...order, receivedAt, status: 'received', version: order.version + 1 };
  return { ok: true, next, event: event(next, 'received', now.toISOString(), actor, { receivedAt }) };
};

/** Annex II (removed or disabled, with the time) or Annex III (cannot comply, and why). */
export const recordAnswer = (order: RemovalOrder, answer: OrderAnswerRequest, actor: LegalActor, now: Date): Decision<RemovalOrder> => {
  const at = answer.outcome === 'cannot_comply' ? answer.answeredAt : answer.actionAt;
  if (order.answer && order.answer.outcome === answer.outcome && order.answer.at === at) return { ok: true, unchanged: order };
  if (order.status !== 'received') {
    return order.status === 'issued'
      ? refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 3(3)', 'record the provider\'s confirmed receipt first: the one-hour clock starts there')
      : refuse(409, 'conflict', 'Annex II', `the order already has its answer (${order.status})`);
  }
  const clockStart = removalClockStart(order) ?? order.issuedAt;
  if (Date.parse(at) < Date.parse(clockStart)) {
    const since = order.restarts?.length ? `the restart of the deadline (${clockStart})` : `receipt (${order.receivedAt})`;
    return refuse(400, 'invalid_body', 'Annex II', `the answer (${at}) cannot precede ${since}`, [{ path: answer.outcome === 'cannot_comply' ? 'answeredAt' : 'actionAt', message: `before ${order.restarts?.length ? 'the restart' : 'receipt'}` }]);
  }
  if (isInFuture(at, now)) return refuse(400, 'invalid_body', 'Annex II', 'the time of the answer cannot be in the future', undefined, { reason: 'time_in_future' });
  const next: RemovalOrder = {
    ...order,
    status: answer.outcome === 'cannot_comply' ? 'cannot_comply' : 'completed',
    answer:
      answer.outcome === 'cannot_comply'
        ? { outcome: 'cannot_comply', at, reason: answer.reason, explanation: answer.explanation }
        : { outcome: answer.outcome, at },
    version: order.version + 1,
  };
  return { ok: true, next, event: event(next, answer.outcome === 'cannot_comply' ? 'cannot_comply' : 'complied', now.toISOString(), actor, { outcome: answer.outcome, at, ...(answer.outcome === 'cannot_comply' ? { reason: answer.reason } : {}) }) };
};

/** Which Annex III reasons each restart cause ends: Art. 3(7) and Art. 3(8). */
const restartRule = {
  grounds_ceased: { article: 'Regulation (EU) 2021/784 Art. 3(7)', reasons: ['force_majeure', 'de_facto_impossibility'] as CannotComplyReason[] },
  clarification_received: { article: 'Regulation (EU) 2021/784 Art. 3(8)', reasons: ['manifest_errors', 'insufficient_information'] as CannotComplyReason[] },
} as const;

/**
 * After an Annex III answer, the one-hour deadline applies again: from when the force majeure or
 * impossibility ended (Art. 3(7)), or from the provider's receipt of the clarification of a
 * manifest error or missing information (Art. 3(8)). The order is back to `received`, waiting for
 * its answer; the Annex III answer stays in the order's restarts (and in the yearly counts).
 */
export const restartDeadline = (order: RemovalOrder, request: OrderRestartRequest, actor: LegalActor, now: Date): Decision<RemovalOrder> => {
  const last = order.restarts?.at(-1);
  if (last && last.cause === request.cause && last.at === request.at && order.status !== 'cannot_comply') return { ok: true, unchanged: order };
  const rule = restartRule[request.cause];
  const answer = order.answer;
  if (order.status !== 'cannot_comply' || !answer?.reason) {
    return refuse(409, 'conflict', rule.article, `the deadline restarts only after an Annex III answer (cannot comply); the order is ${order.status}`);
  }
  if (!rule.reasons.includes(answer.reason)) {
    const other = request.cause === 'grounds_ceased' ? restartRule.clarification_received : restartRule.grounds_ceased;
    const how = request.cause === 'grounds_ceased' ? 'when the provider has received the clarification (cause clarification_received)' : 'when the grounds are no longer present (cause grounds_ceased)';
    return refuse(409, 'conflict', other.article, `the provider could not comply because of ${answer.reason.replaceAll('_', ' ')}: the deadline applies again ${how}`);
  }
  if (Date.parse(request.at) < Date.parse(answer.at)) {
    return refuse(400, 'invalid_body', rule.article, `the restart (${request.at}) cannot precede the Annex III answer (${answer.at})`, [{ path: 'at', message: 'before the answer' }]);
  }
  if (isInFuture(request.at, now)) return refuse(400, 'invalid_body', rule.article, 'the time cannot be in the future', [{ path: 'at', message: 'in the future' }], { reason: 'time_in_future' });
  const restart: OrderRestart = {
    cause: request.cause,
    at: request.at,
    ...(request.cause === 'clarification_received' ? { clarification: request.clarification } : {}),
    after: { reason: answer.reason, at: answer.at, ...(answer.explanation !== undefined ? { explanation: answer.explanation } : {}) },
  };
  const { answer: _ended, ...rest } = order;
  const next: RemovalOrder = { ...rest, status: 'received', restarts: [...(order.restarts ?? []), restart], version: order.version + 1 };
  return { ok: true, next, event: event(next, 'deadline_restarted', now.toISOString(), actor, { cause: request.cause, at: request.at, after: answer.reason }) };
};

/** When the running one-hour deadline started: the last restart, else the confirmed receipt. */
export const removalClockStart = (order: Pick<RemovalOrder, 'receivedAt' | 'restarts'>): string | undefined => order.restarts?.at(-1)?.at ?? order.receivedAt;

const weekMs = 7 * 24 * 60 * 60 * 1000;

/** Art. 11(3): when the "do not disclose" period ends (from the issuing), with its extension; undefined without one. */
export const disclosureDelayEndsAt = (order: Pick<RemovalOrder, 'contentProvider' | 'issuedAt' | 'disclosureExtension'>): string | undefined => {
  if (!order.contentProvider.doNotDisclose || order.contentProvider.delayWeeks === undefined) return undefined;
  const weeks = order.contentProvider.delayWeeks + (order.disclosureExtension?.weeks ?? 0);
  return new Date(Date.parse(order.issuedAt) + weeks * weekMs).toISOString();
};

/**
 * Art. 11(3): the issuing authority may extend its "do not disclose" period once, by up to six
 * weeks, decided before the period ends, while the non-disclosure is still justified.
 */
export const extendDisclosureDelay = (order: RemovalOrder, request: DisclosureDelayExtensionRequest, actor: LegalActor & { unit?: string }, now: Date): Decision<RemovalOrder> => {
  const rule = 'Regulation (EU) 2021/784 Art. 11(3)';
  const existing = order.disclosureExtension;
  if (existing && existing.weeks === request.extendByWeeks && existing.decidedAt === request.decidedAt) return { ok: true, unchanged: order };
  if (actor.unit !== order.issuingUnit) return refuse(403, 'forbidden', rule, 'only the issuing authority extends its own non-disclosure decision');
  const endsAt = disclosureDelayEndsAt(order);
  if (endsAt === undefined) return refuse(409, 'conflict', rule, 'the order lets the provider inform the content provider: there is no non-disclosure period to extend');
  if (existing) return refuse(409, 'conflict', rule, `the period was already extended once (by ${existing.weeks} week(s), on ${existing.decidedAt})`);
  if (order.status === 'revoked') return refuse(409, 'conflict', rule, 'the order no longer has legal effects (Art. 4(7))');
  if (isInFuture(request.decidedAt, now)) return refuse(400, 'invalid_body', rule, 'the decision cannot be in the future', [{ path: 'decidedAt', message: 'in the future' }], { reason: 'time_in_future' });
  if (Date.parse(request.decidedAt) < Date.parse(order.issuedAt)) return refuse(400, 'invalid_body', rule, 'the extension cannot precede the order', [{ path: 'decidedAt', message: 'before the order was issued' }]);
  if (Date.parse(request.decidedAt) > Date.parse(endsAt)) {
    return refuse(409, 'conflict', rule, `the non-disclosure period ended at ${endsAt}; an extension must be decided before it ends`);
  }
  const next: RemovalOrder = { ...order, disclosureExtension: { weeks: request.extendByWeeks, decidedAt: request.decidedAt, reason: request.reason }, version: order.version + 1 };
  return { ok: true, next, event: event(next, 'disclosure_delay_extended', now.toISOString(), actor, { weeks: String(request.extendByWeeks), decidedAt: request.decidedAt, endsAt: disclosureDelayEndsAt(next) ?? '' }) };
};

/** Art. 4: the copy to the host Member State, a request for scrutiny, and the decision. */
export const recordScrutiny = (order: RemovalOrder, request: OrderScrutinyRequest, actor: LegalActor, now: Date): Decision<RemovalOrder> => {
  const scrutiny = order.scrutiny ?? {};
  if (isInFuture(request.at, now)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 4', 'the time cannot be in the future', [{ path: 'at', message: 'in the future' }], { reason: 'time_in_future' });
  if (Date.parse(request.at) < Date.parse(order.issuedAt)) return refuse(400, 'invalid_body', 'Regulation (EU) 2021/784 Art. 4', 'the time cannot precede the order', [{ path: 'at', message: 'before the order was issued' }]);
  const at = now.toISOString();
  switch (request.action) {
    case 'copy_transmitted': {
      if (!order.crossBorder) return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(1)', 'the order names no host Member State (Annex I Section D); there is no copy to track');
      if (scrutiny.copyTransmittedAt === request.at) return { ok: true, unchanged: order };
      if (scrutiny.copyTransmittedAt !== undefined) return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(1)', `the copy was already transmitted at ${scrutiny.copyTransmittedAt}`);
      const next = { ...order, scrutiny: { ...scrutiny, copyTransmittedAt: request.at }, version: order.version + 1 };
      return { ok: true, next, event: event(next, 'copy_transmitted', at, actor, { at: request.at, hostMemberState: order.crossBorder.hostMemberState }) };
    }
    case 'requested': {
      if (scrutiny.requestedAt === request.at && scrutiny.requestedBy === request.by) return { ok: true, unchanged: order };
      if (scrutiny.requestedAt !== undefined) return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(3)', `scrutiny was already requested at ${scrutiny.requestedAt}`);
      if (order.receivedAt === undefined) return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(3)', 'scrutiny is requested after receipt of the order; record the receipt first');
      if (Date.parse(request.at) - Date.parse(order.receivedAt) > scrutinyRequestWindowMs) {
        return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(3)', `a request for scrutiny must come within 48 hours of receipt (${order.receivedAt})`);
      }
      const next = { ...order, scrutiny: { ...scrutiny, requestedAt: request.at, requestedBy: request.by }, version: order.version + 1 };
      return { ok: true, next, event: event(next, 'scrutiny_requested', at, actor, { at: request.at, by: request.by }) };
    }
    case 'decided': {
      if (scrutiny.decision === request.decision && scrutiny.decidedAt === request.at) return { ok: true, unchanged: order };
      if (scrutiny.decision !== undefined) return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4(4)', `the scrutiny was already decided (${scrutiny.decision})`);
      if (scrutiny.copyTransmittedAt === undefined && scrutiny.requestedAt === undefined) {
        return refuse(409, 'conflict', 'Regulation (EU) 2021/784 Art. 4', 'nothing to decide: no copy was transmitted and no scrutiny was requested');
      }
      // Art. 4(7): an order found to infringe the Regulation or the Charter ceases to have legal effects.
      const next: RemovalOrder = {
        ...order,
        ...(request.decision === 'infringement' ? { status: 'revoked' as const } : {}),
        scrutiny: { ...scrutiny, decision: request.decision, decidedAt: request.at, summary: request.summary },
        version: order.version + 1,
      };
      return { ok: true, next, event: event(next, 'scrutiny_decided', at, actor, { decision: request.decision, at: request.at }) };
    }
  }
};

/** The order's legal clocks, started by its own events. */
export const orderClocks = (order: RemovalOrder): LegalClock[] => {
  const clocks: LegalClock[] = [];
  if (order.receivedAt !== undefined) {
    // One clock per period: receipt to the first Annex III answer, then each restart to the next answer.
    const starts = [order.receivedAt, ...(order.restarts ?? []).map((restart) => restart.at)];
    const stops = (order.restarts ?? []).map((restart) => restart.after.at);
    starts.forEach((startedAt, i) => {
      const stoppedAt = stops[i] ?? (order.answer ? order.answer.at : order.status === 'revoked' ? (order.scrutiny?.decidedAt ?? startedAt) : undefined);
      clocks.push({ kind: 'tco-removal', startedAt, ...(stoppedAt !== undefined ? { stoppedAt } : {}) });
    });
  }
  const scrutiny = order.scrutiny;
  if (scrutiny?.copyTransmittedAt !== undefined) clocks.push({ kind: 'tco-scrutiny-copy', startedAt: scrutiny.copyTransmittedAt, ...(scrutiny.decidedAt ? { stoppedAt: scrutiny.decidedAt } : {}) });
  if (scrutiny?.requestedAt !== undefined) clocks.push({ kind: 'tco-scrutiny-request', startedAt: scrutiny.requestedAt, ...(scrutiny.decidedAt ? { stoppedAt: scrutiny.decidedAt } : {}) });
  return clocks;
};

export const orderClockViews = (order: RemovalOrder, now: Date) => orderClocks(order).map((clock) => clockView(clock, now));

/** Seconds from the start of the deadline (receipt, or its restart) to removal; undefined until complied. */
export const secondsToComply = (order: RemovalOrder): number | undefined => {
  const start = removalClockStart(order);
  return order.answer && order.answer.outcome !== 'cannot_comply' && start !== undefined ? Math.max(0, (Date.parse(order.answer.at) - Date.parse(start)) / 1000) : undefined;
};
