import { describe, expect, it } from 'vitest';
import { onCallRota, type OnCallRota } from '../../contract/escalation';
import { ackDueAt, afterAckTimeout, contactAtStep, decideEscalation, pageDedupKey, parsePageDedupKey, rotaWithoutSecrets } from './escalation-steps';
import { pagerTrigger } from './pager-event';

const contact = (name: string) => ({ name, channel: { kind: 'webhook' as const, url: 'https://events.pagerduty.com/v2/enqueue', routingKey: `key-${name}`, signingSecret: 's'.repeat(32) } });
const rota: OnCallRota = onCallRota.parse({ contacts: [contact('duty-1'), contact('duty-2')], unitHead: contact('head') });

describe('escalation steps', () => {
  it('pages the contacts in order, then the unit head, then nobody', () => {
    expect(contactAtStep(rota, 0)).toEqual({ contact: rota.contacts[0], role: 'contact' });
    expect(contactAtStep(rota, 1)?.contact.name).toBe('duty-2');
    expect(contactAtStep(rota, 2)).toEqual({ contact: rota.unitHead, role: 'unit_head' });
    expect(contactAtStep(rota, 3)).toBeUndefined();
  });

  it('gives ten minutes to acknowledge unless the unit sets its own time', () => {
    expect(rota.ackMinutes).toBe(10);
    expect(ackDueAt(rota, new Date('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(ackDueAt({ ackMinutes: 3 }, new Date('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-01T10:03:00.000Z');
  });

  it('never pages after an acknowledgement, nor an earlier step again', () => {
    expect(decideEscalation(rota, undefined, 0)).toEqual({ action: 'page', step: 0 });
    expect(decideEscalation(rota, { step: 0, ackDueAt: 'x' }, 0)).toEqual({ action: 'page', step: 0 });
    expect(decideEscalation(rota, { step: 1, ackDueAt: 'x' }, 0)).toEqual({ action: 'skip', reason: 'already_escalated' });
    expect(decideEscalation(rota, { step: 0, ackDueAt: 'x', acknowledgedAt: 'y' }, 1)).toEqual({ action: 'skip', reason: 'acknowledged' });
    expect(decideEscalation(rota, undefined, 3)).toEqual({ action: 'skip', reason: 'past_last_step' });
  });

  it('escalates only once the acknowledgement time has passed, and never after an acknowledgement', () => {
    const page = { step: 0, lastStep: false, ackDueAt: '2026-01-01T10:10:00.000Z' };
    const state = { step: 0, ackDueAt: page.ackDueAt };
    expect(afterAckTimeout(page, state, new Date('2026-01-01T10:09:59Z'))).toEqual({ action: 'wait' });
    expect(afterAckTimeout(page, state, new Date('2026-01-01T10:10:00Z'))).toEqual({ action: 'page', step: 1 });
    expect(afterAckTimeout(page, { ...state, acknowledgedAt: 'x' }, new Date('2026-01-01T11:00:00Z'))).toEqual({ action: 'drop' });
    expect(afterAckTimeout(page, { ...state, step: 1 }, new Date('2026-01-01T11:00:00Z'))).toEqual({ action: 'drop' });
    expect(afterAckTimeout({ ...page, step: 2, lastStep: true }, { ...state, step: 2 }, new Date('2026-01-01T11:00:00Z'))).toEqual({ action: 'exhausted' });
  });

  it('shows the rota without its signing secrets', () => {
    const view = rotaWithoutSecrets(rota);
    expect(JSON.stringify(view)).not.toContain('signingSecret');
    expect(view.contacts.map((c) => (c.channel.kind === 'webhook' ? c.channel.routingKey : 'sns'))).toEqual(['key-duty-1', 'key-duty-2']);
  });

  it('shows a page-topic contact as it is: it has no secret to hide', () => {
    const view = rotaWithoutSecrets({ ...rota, unitHead: { name: 'Head of unit', channel: { kind: 'sns' } } });
    expect(view.unitHead).toEqual({ name: 'Head of unit', channel: { kind: 'sns' } });
  });

  it('keys each page by referral and step, and reads the key back', () => {
    expect(pageDedupKey('r-1', 2)).toBe('referral-desk/r-1/step-2');
    expect(parsePageDedupKey('referral-desk/r-1/step-2')).toEqual({ referralId: 'r-1', step: 2 });
    expect(parsePageDedupKey('other/r-1/step-2')).toBeUndefined();
  });
});

describe('pagerTrigger', () => {
  it('is a PagerDuty Events API v2 trigger naming no content', () => {
    const event = pagerTrigger({ referralId: 'r-1', platform: 'telegram', unit: 'eu-iru', step: 2, role: 'unit_head', contact: rota.unitHead, at: new Date('2026-01-01T10:00:00Z') });
    expect(event).toMatchObject({
      routing_key: 'key-head',
      event_action: 'trigger',
      dedup_key: 'referral-desk/r-1/step-2',
      payload: { severity: 'critical', source: 'referral-desk/eu-iru', timestamp: '2026-01-01T10:00:00.000Z' },
    });
    expect(event.payload?.summary).toContain('unit head');
  });
});
