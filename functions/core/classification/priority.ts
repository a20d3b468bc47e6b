import type { Category, LegalRoute } from '../../contract/report';
import type { ExplainedLabel, Priority } from '../../contract/responses';
import type { ImminenceHit } from './imminence';

export interface PriorityInput {
  officerCategory: Category;
  urgent: boolean;
  legalRoute: LegalRoute;
  suggested: readonly Category[];
  /** attack_planning suggested by the lexicon itself, independent of time markers. */
  attackPlanningByLexicon: boolean;
  imminence: readonly ImminenceHit[];
  groups: readonly string[];
  /** Labels of the report's indicators found on a sanctions list (core/sanctions/screening.ts). */
  sanctions?: readonly { value: string; evidence: readonly string[] }[];
  /** Labels of the open incidents whose seeds the report matched (core/incidents/incident-seeds.ts). */
  incidents?: readonly { value: string; evidence: readonly string[] }[];
}

interface Reason {
  priority: Priority;
  rule: string;
  evidence: string;
}

function categorySource(category: Category, input: PriorityInput): string | undefined {
  if (input.officerCategory === category) return `officer category ${category}`;
  if (input.suggested.includes(category)) return `suggested category ${category} (see suggested-category label)`;
  return undefined;
}

/**
 * P1 threat to life, P2 removal order, an indicator on a sanctions list, a seed of an open incident, or attack planning / instructional material,
 * P3 recruitment / fundraising or a designated group, P4 the rest. The label's rule is
 * the first reason at the winning level; its evidence lists every reason at that level.
 */
export function assignPriority(input: PriorityInput): { priority: Priority; label: ExplainedLabel } {
  const reasons: Reason[] = [];

  if (input.urgent) reasons.push({ priority: 'P1', rule: 'officer-urgent', evidence: 'officer flagged threat to life (urgent=true)' });
  // A time marker near an attack word is P1 only when attack planning stands on its own
  // (officer's category, or lexicon evidence); a news report of "the attack tonight" is not.
  const attackPlanningBasis =
    input.officerCategory === 'attack_planning'
      ? 'officer category attack_planning'
      : input.attackPlanningByLexicon
        ? 'suggested category attack_planning by lexicon'
        : undefined;
  if (attackPlanningBasis && input.imminence.length > 0) {
    for (const hit of input.imminence) {
      reasons.push({ priority: 'P1', rule: 'imminent-attack-markers', evidence: `${attackPlanningBasis}; ${hit.evidence}` });
    }
  }

  if (input.legalRoute === 'removal_order') {
    reasons.push({ priority: 'P2', rule: 'removal-order-route', evidence: 'legal route removal_order (Regulation (EU) 2021/784 Art. 3)' });
  }
  // A wallet or account of a listed party is a live financing channel for it: freezing it is
  // actionable at once (OFAC 31 CFR 594.201, Council Regulation (EC) 2580/2001 Art. 2), so it
  // is handled with removal orders rather than after propaganda.
  for (const match of input.sanctions ?? []) {
    reasons.push({ priority: 'P2', rule: 'sanctioned-indicator', evidence: `${match.evidence[0] ?? ''} is on ${match.value} (see sanctions label)` });
  }
  // During a declared incident (EU Crisis Protocol) its content spreads by the minute: every
  // matching report is worked with removal orders, ahead of ordinary propaganda.
  for (const incident of input.incidents ?? []) {
    reasons.push({ priority: 'P2', rule: 'incident-seed', evidence: `${incident.evidence[0] ?? incident.value} (see incident label)` });
  }
  for (const category of ['attack_planning', 'instructional'] as const) {
    const source = categorySource(category, input);
    if (source) reasons.push({ priority: 'P2', rule: `category-${category}`, evidence: source });
  }

  for (const category of ['recruitment', 'fundraising'] as const) {
    const source = categorySource(category, input);
    if (source) reasons.push({ priority: 'P3', rule: `category-${category}`, evidence: source });
  }
  if (input.groups.length > 0) {
    reasons.push({ priority: 'P3', rule: 'designated-group', evidence: `attributed to ${input.groups.join(', ')} (see group labels)` });
  }

  const top = reasons.reduce<Priority>((best, reason) => (reason.priority < best ? reason.priority : best), 'P4');
  const winning = reasons.filter((reason) => reason.priority === top);
  const first = winning[0];
  return {
    priority: top,
    label: {
      name: 'priority',
      value: top,
      rule: first ? first.rule : 'no-escalation-rule',
      evidence: first ? winning.map((reason) => `${reason.rule}: ${reason.evidence}`) : ['no P1-P3 rule matched'],
    },
  };
}

export interface DeadlineInput {
  receivedAt: string;
  legalRoute: LegalRoute;
  priority: Priority;
  platform: { id: string; referralDeadlineHours: number; rule: string };
}

const hourMs = 3_600_000;

/**
 * Regulation (EU) 2021/784 Art. 3(3): one hour from receipt of a removal order. The
 * clock formally starts when the platform receives the order; until delivery times are
 * recorded it runs from our receipt of the report, which is earlier and so stricter.
 * Referrals use the platform's own deadline, capped at one hour for a threat to life.
 */
export function computeDeadline(input: DeadlineInput): { deadlineAt: string; label: ExplainedLabel } {
  const received = Date.parse(input.receivedAt);
  const platformHours = input.platform.referralDeadlineHours;
  let hours: number;
  let rule: string;
  const evidence = [`receivedAt ${input.receivedAt}`];
  if (input.priority === 'P1' && platformHours > 1) {
    hours = 1;
    rule = 'p1-threat-to-life-cap-1h';
    evidence.push(`P1 caps the platform deadline of ${platformHours} h (${input.platform.id}) at 1 hour`);
  } else {
    hours = platformHours;
    // A report choosing the removal-order route asks for an order; none has been issued yet.
    rule = input.legalRoute === 'removal_order' ? 'removal-order-to-prepare' : 'platform-referral-deadline';
    evidence.push(`platform ${input.platform.id}: ${platformHours} h (platform rule: ${input.platform.rule})`);
  }
  if (input.legalRoute === 'removal_order') {
    // The order's own clock is set when the platform's receipt is recorded (rule-of-law removal order).
    evidence.push(
      "order to prepare: the one-hour clock of Regulation (EU) 2021/784 Art. 3(3) starts at the platform's confirmed receipt of the issued order, not at this report",
    );
  }
  const deadlineAt = new Date(received + hours * hourMs).toISOString();
  return { deadlineAt, label: { name: 'deadline', value: deadlineAt, rule, evidence } };
}
