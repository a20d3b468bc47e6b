import { describe, expect, it } from 'vitest';
import type { Principal } from '../contract/principal';
import { auditEventSeenBy, holdEntrySeenBy, legalEventSeenBy, maskedOfficerId, withheldReason } from './audit-view';

const reader: Principal = { officerId: 'liaison.lena', roles: ['liaison'], unit: 'eu-iru', platforms: ['telegram'] };
const colleague = { kind: 'officer' as const, id: 'liaison.omar', unit: 'eu-iru' };
const stranger = { kind: 'officer' as const, id: 'liaison.marc', unit: 'fr-pharos' };

describe('audit trails read across units', () => {
  it('lifecycle: another unit\'s officer masked and note left out; the own unit\'s as written', () => {
    const event = { referralId: 'ref_1', version: 2, action: 'transition' as const, at: '2026-01-01T00:00:00.000Z', from: 'new' as const, to: 'sent' as const, note: 'our case 0815' };
    expect(auditEventSeenBy({ ...event, actor: colleague }, reader)).toEqual({ ...event, actor: colleague });
    expect(auditEventSeenBy({ ...event, actor: stranger }, reader)).toEqual({ ...event, note: undefined, actor: { kind: 'officer', id: maskedOfficerId, unit: 'fr-pharos' } });
    expect(JSON.stringify(auditEventSeenBy({ ...event, actor: stranger }, reader))).not.toContain('0815');
  });

  it('rule of law: facts of the record shown, what another unit\'s officer wrote withheld', () => {
    const event = { referralId: 'ref_1', subject: 'hold' as const, subjectId: 'hold', version: 2, action: 'extended', at: '2026-01-01T00:00:00.000Z', details: { until: '2027-01-01T00:00:00.000Z', reason: 'instruction judiciaire 26/0815' } };
    expect(legalEventSeenBy({ ...event, actor: colleague }, reader).details).toEqual(event.details);
    expect(legalEventSeenBy({ ...event, actor: stranger }, reader)).toMatchObject({ actor: { id: maskedOfficerId, unit: 'fr-pharos' }, details: { until: event.details.until } });
    expect(JSON.stringify(legalEventSeenBy({ ...event, actor: stranger }, reader))).not.toContain('0815');
    // A platform's or a stage's event is the same for every unit.
    const platform = { ...event, actor: { kind: 'platform' as const, id: 'telegram' } };
    expect(legalEventSeenBy(platform, reader)).toEqual(platform);
  });

  it('hold history: another unit\'s reason withheld, the statutory preservation shown', () => {
    expect(holdEntrySeenBy({ action: 'extended', at: 't', reason: 'our proceedings', unit: 'fr-pharos' }, reader).reason).toBe(withheldReason);
    expect(holdEntrySeenBy({ action: 'extended', at: 't', reason: 'our proceedings', unit: 'eu-iru' }, reader).reason).toBe('our proceedings');
    expect(holdEntrySeenBy({ action: 'preserved', at: 't', reason: 'Art. 6(2)' }, reader).reason).toBe('Art. 6(2)');
  });
});
