import type { EscalationEvent } from '../contract/escalation';
import type { AuditEvent } from '../contract/lifecycle';
import type { Principal } from '../contract/principal';
import type { LegalEvent } from '../core/rule-of-law/legal-event';
import type { HoldEntry } from '../core/rule-of-law/legal-hold';

/** What stands in for an officer of another unit in an audit trail. */
export const maskedOfficerId = '(another unit)';

interface AuditActor {
  kind: 'officer' | 'platform' | 'system';
  id: string;
  unit?: string;
}

/**
 * Units share referrals but not their people: an officer of another unit shows as that unit
 * only, so no unit learns who works the other's cases. Platforms and stages show as they are.
 */
export const actorSeenBy = <A extends AuditActor>(actor: A, principal: Principal): A | AuditActor =>
  actor.kind === 'officer' && actor.unit !== principal.unit ? { kind: 'officer', id: maskedOfficerId, ...(actor.unit ? { unit: actor.unit } : {}) } : actor;

/**
 * One lifecycle audit event as the caller may read it: another unit's officer masked, and
 * another unit's internal note left out (a note stays inside the unit that wrote it).
 */
export const auditEventSeenBy = (event: AuditEvent, principal: Principal): AuditEvent => {
  if (event.actor.kind !== 'officer' || event.actor.unit === principal.unit) return event;
  const { note: _note, ...rest } = event;
  // The colleague given the referral is of the actor's unit: masked with the actor.
  return { ...rest, actor: actorSeenBy(event.actor, principal), ...(event.assignee === undefined ? {} : { assignee: maskedOfficerId }) };
};

/**
 * Details of rule-of-law events that are facts of the record (dates, codes, the grounds of an
 * order), shown to every unit. Anything else an officer wrote (a hold's or a refusal's reason, an
 * emergency's justification) stays inside the officer's unit; a detail added later is withheld
 * until it is listed here.
 */
const sharedLegalDetails = new Set([
  'at', 'after', 'by', 'cause', 'crossBorder', 'decidedAt', 'decision', 'endsAt', 'grounds', 'holdingUnit', 'hostMemberState', 'kind',
  'outcome', 'platformComplaintId', 'receivedAt', 'refused', 'reinstatedAt', 'referralVersion', 'reportCount', 'targetKind', 'until', 'versionId', 'weeks',
]);

/** One rule-of-law audit event as the caller may read it: another unit's officer masked, and what they wrote left out. */
export const legalEventSeenBy = (event: LegalEvent, principal: Principal): LegalEvent => {
  if (event.actor.kind !== 'officer' || event.actor.unit === principal.unit) return event;
  const { details, ...rest } = event;
  const shared = Object.entries(details ?? {}).filter(([key]) => sharedLegalDetails.has(key));
  return { ...rest, actor: actorSeenBy(event.actor, principal), ...(shared.length > 0 ? { details: Object.fromEntries(shared) } : {}) };
};

/** What stands in for another unit's reason in a hold's history. */
export const withheldReason = '(reason kept by the unit that gave it)';

/** A hold's history entry as the caller may read it: another unit's reason withheld. */
export const holdEntrySeenBy = (entry: HoldEntry, principal: Principal): HoldEntry =>
  entry.unit !== undefined && entry.unit !== principal.unit ? { ...entry, reason: withheldReason } : entry;

/** Another unit sees that the referral was paged and acknowledged, not whom its rota paged nor who acknowledged. */
export const escalationEventSeenBy = (event: EscalationEvent, principal: Principal): EscalationEvent =>
  event.unit === principal.unit ? event : { ...event, by: maskedOfficerId };
