import * as z from 'zod';
import { escalationEvent } from '../../contract/escalation';
import { incidentFigures, incidentReferralRow, incidentSeeds } from '../../contract/incident';
import { platformEmergencyContact } from '../../contract/lifecycle';

// Stored items of the threat-to-life path and of crisis mode: escalation pages and their clock,
// urgent delivery claims, platforms' emergency lines, declared incidents. Keys in keys.ts; the rest of the table in items.ts.

/** A platform's law-enforcement emergency line: `PLATFORM#<id>` / `EMERGENCY`, set by a deployment admin. */
export const platformEmergencyContactItem = z.object({
  pk: z.string(),
  sk: z.literal('EMERGENCY'),
  entity: z.literal('platform-emergency-contact'),
  platform: z.string(),
  contact: platformEmergencyContact,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type PlatformEmergencyContactItem = z.infer<typeof platformEmergencyContactItem>;

/** Who posts an urgent delivery (`REF#<id>` / `DELIVERYPOST#<deliveryId>`): a lease while posting, then `posted`. */
export const deliveryPostItem = z.object({
  pk: z.string(),
  sk: z.string().startsWith('DELIVERYPOST#'),
  entity: z.literal('delivery-post'),
  status: z.enum(['posting', 'posted']),
  leaseUntil: z.string(),
});

/** `INCIDENT#<id>` / `META`, and its open copy at `INCIDENTS#OPEN` / `<id>`: a declared incident and its seeds. */
export const incidentItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.enum(['incident', 'open-incident', 'closed-incident']),
  incidentId: z.string(),
  name: z.string(),
  startedAt: z.string(),
  status: z.enum(['open', 'closed']),
  declaredAt: z.string(),
  declaredBy: z.string(),
  declaredByUnit: z.string(),
  seeds: incidentSeeds,
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
});
export type IncidentItem = z.infer<typeof incidentItem>;

/** `INCIDENT#<id>` / `TAGGED#<referralId>`: a referral tagged with the incident, and when it first was. */
export const incidentReferralItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('incident-referral'),
  incidentId: z.string(),
  referralId: z.string(),
  taggedAt: z.string(),
});

/** `INCIDENT#<id>` / `DEBRIEF`: the debrief frozen at close, stored in `parts` parts under `DEBRIEF#<sha256>#<part>`. */
export const incidentDebriefItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('incident-debrief'),
  incidentId: z.string(),
  generatedAt: z.string(),
  sha256: z.string(),
  parts: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});

/** `INCIDENT#<id>` / `DEBRIEF#<sha256>#<part>`: a slice of the frozen debrief's UTF-8 JSON. */
export const incidentDebriefPartItem = z.object({ pk: z.string(), sk: z.string(), entity: z.literal('incident-debrief-part'), content: z.instanceof(Uint8Array) });

/** What a frozen debrief holds: every tagged referral's row at close, and the figures over them. */
export const frozenDebriefContent = z.object({ rows: z.array(incidentReferralRow), figures: incidentFigures });
export type FrozenDebriefContent = z.infer<typeof frozenDebriefContent>;

/** `REF#<referralId>` / `ESCALATION#STATE`: the step last paged, when its acknowledgement is due, who acknowledged. */
export const escalationStateItem = z.object({
  pk: z.string(),
  sk: z.literal('ESCALATION#STATE'),
  entity: z.literal('escalation'),
  referralId: z.string(),
  unit: z.string(),
  step: z.number().int(),
  ackDueAt: z.string(),
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
});
export type EscalationStateItem = z.infer<typeof escalationStateItem>;

/** `REF#<referralId>` / `ESCALATION#PAGE#<step>`: claimed before sending, marked sent after the pager accepted it. */
export const escalationPageItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('escalation-page'),
  referralId: z.string(),
  unit: z.string(),
  platform: z.string(),
  priority: z.string(),
  step: z.number().int(),
  lastStep: z.boolean(),
  contact: z.string(),
  dedupKey: z.string(),
  /** Fixed when the page is claimed, so a redelivery repeats the same audit event and clock. */
  pagedAt: z.string(),
  ackDueAt: z.string(),
  status: z.enum(['pending', 'sent']),
});
export type EscalationPageItem = z.infer<typeof escalationPageItem>;

/** `REF#<referralId>` / `ESCALATION#EVENT#<at>#<kind>#<step>`: written once, never updated. */
export const escalationEventItem = escalationEvent.extend({ pk: z.string(), sk: z.string(), entity: z.literal('escalation-event') });

/** `ESCALATION#OPEN` / `<ackDueAt>#<referralId>`: an unacknowledged page, with what the next step's message needs. */
export const openEscalationItem = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('open-escalation'),
  referralId: z.string(),
  unit: z.string(),
  platform: z.string(),
  priority: z.string(),
  step: z.number().int(),
  lastStep: z.boolean(),
  ackDueAt: z.string(),
  /** Set once the unit's head was paged and did not acknowledge either: kept (and counted by the alarm) until someone does. */
  exhaustedAt: z.string().optional(),
});
export type OpenEscalationItem = z.infer<typeof openEscalationItem>;
