import { defaultAckMinutes, type OnCallRotaView, type UnitSettingsView } from '../../contract';

/**
 * The unit settings form as the page holds it: strings as typed, so a half-typed value stays in
 * its field and zod (unitSettingsRequest, the API's own schema) judges it on save.
 */
export interface PagerDraft {
  name: string;
  kind: 'sns' | 'webhook';
  url: string;
  routingKey: string;
  /** Write-only at the API: never shown again, so typed anew for each save of a webhook contact. */
  signingSecret: string;
}

export interface TcoDraft {
  provider: string;
  /** yyyy-mm-ddThh:mm, read as UTC. */
  sentAt: string;
}

export interface SettingsDraft {
  /** The version the form was read at (0 for a unit without settings): the API refuses a save on an older one. */
  version: number;
  displayName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  fourEyes: boolean;
  tcoProcedures: TcoDraft[];
  /** Whether the unit pages anyone for P1 referrals (threat to life). */
  rota: boolean;
  contacts: PagerDraft[];
  unitHead: PagerDraft;
  ackMinutes: string;
}

/** The API keeps at most this many rota contacts (onCallRota in functions/contract/escalation.ts). */
export const maxRotaContacts = 10;

export const emptyPager = (): PagerDraft => ({ name: '', kind: 'sns', url: '', routingKey: '', signingSecret: '' });

const pagerDraft = (contact: OnCallRotaView['unitHead']): PagerDraft =>
  contact.channel.kind === 'webhook'
    ? { name: contact.name, kind: 'webhook', url: contact.channel.url, routingKey: contact.channel.routingKey, signingSecret: '' }
    : { ...emptyPager(), name: contact.name };

/** The form for the settings the API holds, or an empty one for a unit without settings yet. */
export const draftFromSettings = (settings: UnitSettingsView | undefined): SettingsDraft => ({
  version: settings?.version ?? 0,
  displayName: settings?.displayName ?? '',
  contactName: settings?.contact.name ?? '',
  contactEmail: settings?.contact.email ?? '',
  contactPhone: settings?.contact.phone ?? '',
  fourEyes: settings?.fourEyes ?? false,
  tcoProcedures: (settings?.tcoProcedures ?? []).map((entry) => ({ provider: entry.provider, sentAt: entry.sentAt.slice(0, 16) })),
  rota: settings?.onCall !== undefined,
  contacts: settings?.onCall?.contacts.map(pagerDraft) ?? [emptyPager()],
  unitHead: settings?.onCall ? pagerDraft(settings.onCall.unitHead) : emptyPager(),
  ackMinutes: String(settings?.onCall?.ackMinutes ?? defaultAckMinutes),
});

const pagerBody = (draft: PagerDraft) => ({
  name: draft.name,
  channel: draft.kind === 'sns' ? { kind: 'sns' } : { kind: 'webhook', url: draft.url.trim(), routingKey: draft.routingKey, signingSecret: draft.signingSecret },
});

/** A UTC minute as typed (yyyy-mm-ddThh:mm) as the ISO instant the API takes; anything else is left for zod to refuse. */
const utcInstant = (typed: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(typed) ? `${typed}:00Z` : typed);

/** The PUT body the draft stands for, unchecked: the caller validates it with unitSettingsRequest. */
export const settingsBody = (draft: SettingsDraft): unknown => ({
  expectedVersion: draft.version,
  fourEyes: draft.fourEyes,
  displayName: draft.displayName,
  contact: { name: draft.contactName, email: draft.contactEmail.trim(), ...(draft.contactPhone.trim() !== '' ? { phone: draft.contactPhone } : {}) },
  tcoProcedures: draft.tcoProcedures.map((entry) => ({ provider: entry.provider, sentAt: utcInstant(entry.sentAt) })),
  ...(draft.rota
    ? {
        onCall: {
          contacts: draft.contacts.map(pagerBody),
          unitHead: pagerBody(draft.unitHead),
          ackMinutes: draft.ackMinutes.trim() === '' ? undefined : Number(draft.ackMinutes),
        },
      }
    : {}),
});

/** The id of the input a zod issue path points at (`onCall.contacts.1.channel.url` → `admin-onCall-contacts-1-channel-url`). */
export const fieldIdOf = (path: string): string => `admin-${path.replace(/\./g, '-')}`;

/** Moves the item at `from` one place up (-1) or down (+1); the order of a rota is the order of paging. */
export const moved = <T>(items: readonly T[], from: number, by: -1 | 1): T[] => {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(from, 1) as [T];
  copy.splice(to, 0, item);
  return copy;
};
