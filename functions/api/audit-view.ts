import type { AuditEvent } from '../contract/lifecycle';
import type { Principal } from '../contract/principal';

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
  return { ...rest, actor: actorSeenBy(event.actor, principal) };
};
