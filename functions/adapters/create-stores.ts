import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './aws-clients';
import type { EvidenceStore } from './evidence-store';
import type { RuntimeConfig } from './runtime-config';
import { ChannelStore } from './stores/channel-store';
import { ClockStore } from './stores/clock-store';
import { ComplaintStore } from './stores/complaint-store';
import { CounterCompactionStore } from './stores/counter-compaction-store';
import { CounterStore } from './stores/counter-store';
import { defaultCounterClaimLeaseSeconds } from './stores/counter-claims';
import { DeliveryAttemptStore } from './stores/delivery-attempt-store';
import { HashBankStore } from './stores/hash-bank-store';
import { HostContactStore } from './stores/host-contact-store';
import { IndicatorLinkStore } from './stores/indicator-link-store';
import { AuditChainStore } from './stores/audit-chain-store';
import { LegalAuditStore } from './stores/legal-audit-store';
import { LegalHoldStore } from './stores/legal-hold-store';
import { LifecycleStore } from './stores/lifecycle-store';
import { ReferralStore } from './stores/referral-store';
import { RemovalOrderStore } from './stores/removal-order-store';
import { RetentionStore } from './stores/retention-store';
import { ReviewStore } from './stores/review-store';
import { ruleOfLawFollowUp } from './stores/rule-of-law-follow-up';
import { StatsStore } from './stores/stats-store';
import { SubmissionStore } from './stores/submission-store';
import { UnitReportStore } from './stores/unit-report-store';
import { UnitSettingsStore } from './stores/unit-settings-store';
import { EscalationStore } from './stores/escalation-store';
import { OperationalHoldStore } from './stores/operational-hold-store';
import { SanctionsStore } from './stores/sanctions-store';
import { IncidentStore } from './stores/incident-store';
import { IncidentDebriefStore } from './stores/incident-debrief-store';
import { DossierStore } from './stores/dossier-store';

/** Every store of the table, one per aggregate (see functions/storage-design.md). */
export interface Stores {
  submissions: SubmissionStore;
  referrals: ReferralStore;
  counters: CounterStore;
  indicatorLinks: IndicatorLinkStore;
  /** Trend reads over the counters. */
  stats: StatsStore;
  counterCompaction: CounterCompactionStore;
  unitReports: UnitReportStore;
  lifecycle: LifecycleStore;
  deliveries: DeliveryAttemptStore;
  channels: ChannelStore;
  /** Abuse contacts of hosts outside the registry, shown in the other-hosts queue. */
  hostContacts: HostContactStore;
  orders: RemovalOrderStore;
  holds: LegalHoldStore;
  reviews: ReviewStore;
  complaints: ComplaintStore;
  unitSettings: UnitSettingsStore;
  legalAudit: LegalAuditStore;
  auditChain: AuditChainStore;
  clocks: ClockStore;
  retention: RetentionStore;
  /** Hash banks (PDQ lists and the media of referrals) the process stage matches images against. */
  hashBanks: HashBankStore;
  /** P1 pages, their acknowledgement clock and audit events. */
  escalations: EscalationStore;
  /** Units' operational holds on posts, channels and indicators (deconfliction with investigations). */
  operationalHolds: OperationalHoldStore;
  /** Imported sanctions lists, indexed by wallet / IBAN, and the labels a match puts on a referral. */
  sanctions: SanctionsStore;
  /** Declared incidents (crisis mode) and the incident labels their seeds put on referrals. */
  incidents: IncidentStore;
  /** The debrief of each closed incident, frozen at its close. */
  incidentDebriefs: IncidentDebriefStore;
  /** Indicator dossiers the financial stage keeps: referrals, units, platforms, co-occurrence. */
  dossiers: DossierStore;
}

export interface StoreClients {
  /** Defaults to a client for the configured region and endpoint; tests pass a wrapped one (fault injection). */
  documentClient?: DynamoDBDocumentClient;
  /** Where captured artifacts live: the retention purge deletes those no other referral cites. */
  evidence?: EvidenceStore;
  /** Epoch milliseconds; tests pass a clock they move. */
  now?: () => number;
}

/**
 * The composition root of the stores: the API, every stage handler and the local stack build
 * their stores here and nowhere else (a guard test checks), so each store is built once, with
 * the stores it works with passed in rather than built by it.
 */
export const createStores = (
  config: Pick<RuntimeConfig, 'TABLE_NAME' | 'AWS_REGION' | 'AWS_ENDPOINT_URL_DYNAMODB'> & Partial<Pick<RuntimeConfig, 'COUNTER_CLAIM_LEASE_SECONDS'>>,
  clients: StoreClients = {},
): Stores => {
  const table = { client: clients.documentClient ?? createDocumentClient(config), name: config.TABLE_NAME };
  const referrals = new ReferralStore(table, clients.now);
  const counters = new CounterStore(table, { now: clients.now, leaseMs: (config.COUNTER_CLAIM_LEASE_SECONDS ?? defaultCounterClaimLeaseSeconds) * 1000 });
  const auditChain = new AuditChainStore(table);
  const legalAudit = new LegalAuditStore(table, auditChain);
  const clocks = new ClockStore(table, legalAudit);
  const hashBanks = new HashBankStore(table);
  const retention = new RetentionStore(table, clients.evidence, hashBanks);
  const holds = new LegalHoldStore(table, { audit: legalAudit, retention });
  const orders = new RemovalOrderStore(table, { audit: legalAudit, counters, clocks, referrals });
  return {
    submissions: new SubmissionStore(table),
    escalations: new EscalationStore(table, auditChain),
    referrals,
    counters,
    indicatorLinks: new IndicatorLinkStore(table),
    stats: new StatsStore(table),
    counterCompaction: new CounterCompactionStore(table),
    unitReports: new UnitReportStore(table),
    lifecycle: new LifecycleStore(table, referrals, counters, auditChain, ruleOfLawFollowUp({ referrals, counters, retention, holds, orders })),
    deliveries: new DeliveryAttemptStore(table),
    channels: new ChannelStore(table),
    hostContacts: new HostContactStore(table),
    orders,
    holds,
    reviews: new ReviewStore(table, legalAudit),
    complaints: new ComplaintStore(table, { audit: legalAudit, counters, clocks }),
    unitSettings: new UnitSettingsStore(table, legalAudit),
    legalAudit,
    auditChain,
    clocks,
    retention,
    hashBanks,
    operationalHolds: new OperationalHoldStore(table, auditChain),
    sanctions: new SanctionsStore(table),
    incidents: new IncidentStore(table),
    incidentDebriefs: new IncidentDebriefStore(table),
    dossiers: new DossierStore(table, clients.now),
  };
};
