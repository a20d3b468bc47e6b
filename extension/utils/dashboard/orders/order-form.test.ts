import { describe, expect, it } from 'vitest';
import { disclosureDelayExtensionRequest, orderAnswerRequest, orderRestartRequest, removalOrderRequest } from '../../contract';
import { fieldErrors } from '../ui/form-errors';
import { disclosureExtensionFrom, orderAnswerFrom, orderRequestFrom, orderRestartFrom, utcNow } from './order-form';

const annexI: [string, string][] = [
  ['language', 'fr'],
  ['issuingAuthority.name', 'OCLCTIC'],
  ['issuingAuthority.memberState', 'FR'],
  ['issuingAuthority.address', '101 rue des Trois Fontanot, Nanterre'],
  ['issuingAuthority.reference', 'OCLCTIC-2026-0042'],
  ['issuingAuthority.contactPoint.name', 'PHAROS orders desk'],
  ['issuingAuthority.contactPoint.email', 'tco@interieur.example'],
  ['issuingAuthority.contactPoint.phone', ''],
  ['addressee.name', 'Telegram Messenger Inc.'],
  ['addressee.contactPoint.name', 'Legal desk'],
  ['addressee.contactPoint.email', 'tco@telegram.example'],
  ['content.url', 'https://t.me/s/example_channel/101'],
  ['grounds', 'a'],
  ['grounds', 'c'],
  ['reasoning', 'The post glorifies a recent attack and calls readers to join.'],
  ['contentProvider.doNotDisclose', 'on'],
  ['contentProvider.delayWeeks', '6'],
  ['crossBorder.hostMemberState', ''],
  ['crossBorder.authorityName', ''],
  ['followUpContact.name', 'PHAROS follow-up'],
  ['followUpContact.email', 'followup@interieur.example'],
  ['redress', 'Administrative court of Paris, within two months of receipt (Art. 9).'],
  ['emergency.reason', '   '],
];

describe('the removal-order forms, read as the API schemas expect them', () => {
  it('reads the Annex I form into a request the API schema accepts, leaving empty sections out', () => {
    const parsed = removalOrderRequest.safeParse(orderRequestFrom(annexI));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ language: 'fr', grounds: ['a', 'c'], contentProvider: { doNotDisclose: true, delayWeeks: 6 } });
    expect(parsed.data).not.toHaveProperty('crossBorder');
    expect(parsed.data).not.toHaveProperty('emergency');
    expect(parsed.data?.issuingAuthority.contactPoint).toEqual({ name: 'PHAROS orders desk', email: 'tco@interieur.example' });
  });

  it("names the field of each schema error by the form field's own name", () => {
    const broken = annexI.filter(([name]) => name !== 'grounds' && name !== 'contentProvider.delayWeeks').map(([name, value]): [string, string] => (name === 'issuingAuthority.contactPoint.email' ? [name, 'not an email'] : [name, value]));
    const parsed = removalOrderRequest.safeParse(orderRequestFrom([...broken, ['crossBorder.hostMemberState', 'Belgium']]));
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!);
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['issuingAuthority.contactPoint.email', 'grounds', 'contentProvider.delayWeeks', 'crossBorder.hostMemberState', 'crossBorder.authorityName']));
    expect(errors['grounds']).toContain('Art. 2(7)');
    expect(errors['contentProvider.delayWeeks']).toContain('Art. 11(3)');
  });

  it('names each missing field of an empty form, not the section it belongs to', () => {
    const errors = fieldErrors(removalOrderRequest.safeParse(orderRequestFrom([])).error!);
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining(['issuingAuthority.name', 'issuingAuthority.contactPoint.email', 'addressee.contactPoint.name', 'content.url', 'followUpContact.email', 'grounds', 'reasoning', 'redress']),
    );
    expect(Object.keys(errors)).not.toContain('issuingAuthority');
    expect(Object.keys(errors).some((path) => path.startsWith('crossBorder') || path.startsWith('emergency'))).toBe(false);
  });

  it('reads Annex II and Annex III answers, the restart of the hour and the disclosure extension', () => {
    const at = '2026-03-01T10:30:00Z';
    expect(orderAnswerRequest.parse(orderAnswerFrom([['outcome', 'removed'], ['at', at], ['reason', 'force_majeure'], ['explanation', '']]))).toEqual({ outcome: 'removed', actionAt: at });
    expect(orderAnswerRequest.parse(orderAnswerFrom([['outcome', 'cannot_comply'], ['at', at], ['reason', 'manifest_errors'], ['explanation', 'The URL names a deleted post.']]))).toEqual({
      outcome: 'cannot_comply',
      answeredAt: at,
      reason: 'manifest_errors',
      explanation: 'The URL names a deleted post.',
    });
    expect(orderRestartRequest.parse(orderRestartFrom([['cause', 'grounds_ceased'], ['at', at], ['clarification', 'ignored']]))).toEqual({ cause: 'grounds_ceased', at });
    expect(orderRestartRequest.safeParse(orderRestartFrom([['cause', 'clarification_received'], ['at', at]])).success).toBe(false);
    expect(disclosureDelayExtensionRequest.parse(disclosureExtensionFrom([['extendByWeeks', '4'], ['decidedAt', at], ['reason', 'The investigation into the channel is still covert.']]))).toMatchObject({ extendByWeeks: 4 });
    expect(fieldErrors(disclosureDelayExtensionRequest.safeParse(disclosureExtensionFrom([['extendByWeeks', '7'], ['decidedAt', at], ['reason', 'short']])).error!)).toMatchObject({
      extendByWeeks: expect.stringContaining('six weeks'),
      reason: expect.stringContaining('Art. 11(3)'),
    });
  });

  it('starts time fields at now in UTC, rounded up to the second, in the form the schemas accept', () => {
    expect(utcNow(Date.parse('2026-03-01T10:00:00.987Z'))).toBe('2026-03-01T10:00:01Z');
    expect(utcNow(Date.parse('2026-03-01T10:00:00.000Z'))).toBe('2026-03-01T10:00:00Z');
  });
});
