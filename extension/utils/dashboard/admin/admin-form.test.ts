import { describe, expect, it } from 'vitest';
import { unitSettingsRequest, type UnitSettingsView } from '../../contract';
import { validateForm } from '../ui/form-errors';
import { draftFromSettings, emptyPager, fieldIdOf, moved, settingsBody } from './admin-form';

const saved: UnitSettingsView = {
  unit: 'eu-iru',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
  fourEyes: true,
  displayName: 'EU IRU',
  contact: { name: 'Desk', email: 'desk@example.eu' },
  tcoProcedures: [{ provider: 'telegram', sentAt: '2025-11-02T09:30:00Z' }],
  onCall: {
    contacts: [
      { name: 'Duty officer', channel: { kind: 'webhook', url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'key-1' } },
      { name: 'Deputy', channel: { kind: 'sns' } },
    ],
    unitHead: { name: 'Head', channel: { kind: 'sns' } },
    ackMinutes: 15,
  },
};

describe('the unit settings form', () => {
  it('starts empty for a unit without settings, and zod names each missing field', () => {
    const empty = draftFromSettings(undefined);
    // A unit without settings is created on version 0.
    expect(settingsBody(empty)).toMatchObject({ expectedVersion: 0 });
    const result = validateForm(unitSettingsRequest, settingsBody(empty));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['contact.email', 'contact.name', 'displayName']);
  });

  it('round-trips saved settings, asking the write-only signing secret again', () => {
    const draft = draftFromSettings(saved);
    expect(draft.tcoProcedures).toEqual([{ provider: 'telegram', sentAt: '2025-11-02T09:30' }]);
    const refused = validateForm(unitSettingsRequest, settingsBody(draft));
    expect(refused.ok ? {} : refused.errors).toEqual({ 'onCall.contacts.0.channel.signingSecret': 'the signing secret needs at least 32 characters' });
    draft.contacts[0] = { ...draft.contacts[0]!, signingSecret: 's'.repeat(32) };
    const accepted = validateForm(unitSettingsRequest, settingsBody(draft));
    expect(accepted.ok && accepted.value).toEqual({
      // Saved on the version the form was read at: a save after another admin's is refused, not merged.
      expectedVersion: 3,
      fourEyes: true,
      displayName: 'EU IRU',
      contact: { name: 'Desk', email: 'desk@example.eu' },
      tcoProcedures: [{ provider: 'telegram', sentAt: '2025-11-02T09:30:00Z' }],
      onCall: {
        contacts: [
          { name: 'Duty officer', channel: { kind: 'webhook', url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'key-1', signingSecret: 's'.repeat(32) } },
          { name: 'Deputy', channel: { kind: 'sns' } },
        ],
        unitHead: { name: 'Head', channel: { kind: 'sns' } },
        ackMinutes: 15,
      },
    });
  });

  it('sends no rota when the unit pages nobody, and the default wait when none is typed', () => {
    const draft = { ...draftFromSettings(saved), rota: false };
    expect(settingsBody(draft)).not.toHaveProperty('onCall');
    const paging = { ...draftFromSettings(undefined), displayName: 'U', contactName: 'D', contactEmail: 'd@example.eu', rota: true, ackMinutes: '', contacts: [{ ...emptyPager(), name: 'A' }], unitHead: { ...emptyPager(), name: 'H' } };
    const result = validateForm(unitSettingsRequest, settingsBody(paging));
    expect(result.ok && result.value.onCall?.ackMinutes).toBe(10);
  });

  it('points a zod path at its input and reorders the rota without losing anyone', () => {
    expect(fieldIdOf('onCall.contacts.1.channel.url')).toBe('admin-onCall-contacts-1-channel-url');
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });
});
