import { referralCounterPartition } from '../../core/trends/counter-cells';

/**
 * Every key of the one DynamoDB table (`pk`/`sk`, and the two indexes `gsi1q`, `gsi2d`). Stores
 * build keys here and nowhere else; `accessPatterns` (access-patterns.ts) names each read and write
 * with the key it uses, and functions/storage-design.md lists the same rows (keys.test.ts compares them).
 */

export interface TableKey {
  pk: string;
  sk: string;
}

/** Zero-padded so that sort keys order numerically. */
const padded = (n: number, width: number): string => String(n).padStart(width, '0');

/** Partition keys read as a whole or by a sort-key range. */
export const partitions = {
  /** A referral and everything about it: reports, audit, deliveries, rule-of-law records. */
  referral: (referralId: string) => `REF#${referralId}`,
  indicator: (type: string, value: string) => `IND#${type}#${value}`,
  evidence: (sha256: string) => `EVIDENCE#${sha256}`,
  /** One shard of a trend dimension's counters: the shard is in the partition key, so a dimension's writes spread over `counterShardCount` partitions. */
  counter: (dimension: string, shard: number | string) => `STAT#${dimension}#${shard}`,
  /** Which counters one id (a submission, referral, order or complaint) was counted in: the records that make each count exactly once. */
  counted: (memberId: string) => `COUNTED#${memberId}`,
  counterRollup: (dimension: string) => `STATDAY#${dimension}`,
  unit: (unit: string) => `UNITCONF#${unit}`,
  /** Open legal clocks, one small partition ordered by due time: the scheduler reads what is due soon. */
  openClocks: 'CLOCK#OPEN',
  /** Referrals whose retention is to be checked from a day on (the day they closed, or a hold ends). */
  retentionDue: 'RETAIN#DUE',
  retentionLog: 'RETENTION#LOG',
  platform: (platform: string) => `PLATFORM#${platform}`,
  callbacks: (platform: string) => `CALLBACK#${platform}`,
  /** The hash banks there are, with their match distances: read whole when the process stage loads banks. */
  hashBanks: 'HASHBANKS',
  /** One bank's PDQ hashes, read whole into the in-memory index (core/media/pdq-index.ts). */
  hashBank: (bank: string) => `HASHBANK#${bank}`,
  /** Unacknowledged pages ordered by the time their acknowledgement is due: the scheduler reads what ran out. */
  openEscalations: 'ESCALATION#OPEN',
  /** The open incidents with their seeds: read whole by the process stage for every report. */
  openIncidents: 'INCIDENTS#OPEN',
  /** The closed incidents ordered by when they closed: the incidents screen lists them newest first, a page at a time. */
  closedIncidents: 'INCIDENTS#CLOSED',
  incident: (incidentId: string) => `INCIDENT#${incidentId}`,
  /** A held post, channel or indicator: every unit's hold on it and their events, read whole by a lookup. */
  heldTarget: (targetKey: string) => `OPHOLD#${targetKey}`,
  /** The audit chains that moved on a UTC day, with their head at the end of it: what the day's anchor stamps. */
  chainHeadsOfDay: (day: string) => `CHAINDAY#${day}`,
  /** Every list entry naming one wallet or IBAN: read whole when an indicator is screened. */
  sanctionedIdentifier: (type: string, value: string) => `SANCTIONED#${type}#${value}`,
  /** The versions of one sanctions list imported, by publication date. */
  sanctionsList: (list: string) => `SANCTIONS#${list}`,
  /** An indicator's dossier: its summary, counter shards, referrals by first report, and money-trail links. */
  dossier: (type: string, value: string) => `DOSSIER#${type}#${value}`,
  /** The financial indicators seen in one channel: the dossier's "same channel" co-occurrence. */
  channelIndicators: (channel: string) => `CHANNELIND#${channel}`,
} as const;

/** Sort-key prefixes of the items a partition query selects. */
export const sortPrefixes = {
  report: 'REPORT#',
  audit: 'AUDIT#',
  delivery: 'DELIVERY#',
  complaint: 'LEGAL#COMPLAINT#',
  review: 'LEGAL#REVIEW#',
  legalAudit: 'LEGAL#AUDIT#',
  escalationEvent: 'ESCALATION#EVENT#',
  postedIn: 'POSTED#',
  operationalHold: 'HOLD#',
  unitHold: 'OPHOLD#',
  /** A hash bank's image hashes and its videos share the bank's partition, told apart by prefix. */
  hashBankImage: 'PDQ#',
  hashBankVideo: 'VPDQ#',
  /** A referral whose media left the bank with its retention purge. */
  hashBankPurge: 'PURGED#',
  /** A partition's audit chain links, by sequence. */
  auditLink: 'CHAIN#',
  dossierReferral: 'REF#',
  dossierCounter: 'COUNT#',
  dossierLink: 'LINK#',
  /** The referrals tagged with an incident, in the incident's partition. */
  incidentReferral: 'TAGGED#',
  /** The parts of an incident's frozen debrief, in the incident's partition. */
  incidentDebriefPart: 'DEBRIEF#',
  /** Every item of the partition. */
  all: '',
} as const;

export const keys = {
  submission: (submissionId: string): TableKey => ({ pk: `SUB#${submissionId}`, sk: 'META' }),
  referral: (referralId: string): TableKey => ({ pk: partitions.referral(referralId), sk: 'META' }),
  report: (referralId: string, submissionId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.report}${submissionId}` }),
  /** A lifecycle audit event, by the version it produced: written once, never updated. */
  audit: (referralId: string, version: number): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.audit}${padded(version, 10)}` }),
  /**
   * A link of the audit chain of a partition (a referral's, or a unit's for its settings), by its
   * sequence: put only if absent, so two writers cannot both take a number.
   */
  auditLink: (partition: string, sequence: number): TableKey => ({ pk: partition, sk: `${sortPrefixes.auditLink}${padded(sequence, 10)}` }),
  /** The last sequence and hash a partition's chain reached: without it, events cut from the end would leave no trace. */
  auditChainHead: (partition: string): TableKey => ({ pk: partition, sk: 'CHAINHEAD' }),
  /** A chain's head at the end of a UTC day, one item per chain that moved that day. */
  chainHeadOfDay: (day: string, partition: string): TableKey => ({ pk: partitions.chainHeadsOfDay(day), sk: partition }),
  /** The day's anchor: the Merkle root over the day's chain heads and its RFC 3161 token. */
  auditAnchor: (day: string): TableKey => ({ pk: `ANCHOR#${day}`, sk: 'ROOT' }),
  /** One delivery attempt, by SQS receive count: a redelivered attempt overwrites itself. */
  deliveryAttempt: (referralId: string, deliveryId: string, attempt: number): TableKey => ({
    pk: partitions.referral(referralId),
    sk: `${sortPrefixes.delivery}${deliveryId}#${padded(attempt, 4)}`,
  }),
  /**
   * Who is posting an urgent delivery right now, and whether it was posted: a conditional put with
   * a lease, so two copies of the message consumed at once post it once.
   */
  deliveryPost: (referralId: string, deliveryId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `DELIVERYPOST#${deliveryId}` }),
  indicatorLink: (type: string, value: string, referralId: string): TableKey => ({ pk: partitions.indicator(type, value), sk: `REF#${referralId}` }),
  /** Content a post links to, in the post's partition: one item per (post, linked content), whoever created either referral. */
  postedIn: (parentReferralId: string, childReferralId: string): TableKey => ({ pk: partitions.referral(parentReferralId), sk: `${sortPrefixes.postedIn}${childReferralId}` }),
  contentHash: (kind: string, sha256: string): TableKey => ({ pk: `HASH#${kind}#${sha256}`, sk: 'FIRST' }),
  /** One per (artifact, referral) citing it: the purge deletes an artifact when its last citation goes. */
  evidenceCitation: (sha256: string, referralId: string): TableKey => ({ pk: partitions.evidence(sha256), sk: `REF#${referralId}` }),
  /** One shard of a trend counter (core/trends/counter-cells.ts); reads sum the shards. */
  counter: (dimension: string, day: string, value: string, shard: number): TableKey => ({ pk: partitions.counter(dimension, shard), sk: `${day}#${value}` }),
  /** One shard of the day's referral cells: every trend dimension of a new referral in one item. */
  referralCounter: (day: string, shard: number): TableKey => ({ pk: partitions.counter(referralCounterPartition, shard), sk: day }),
  /**
   * The record that `memberId` was counted in a counter (claimed, then counted; counter-claims.ts),
   * in the member's own partition: one small item per count, never on a hot key.
   */
  counterClaim: (memberId: string, dimension: string, day: string, value: string): TableKey => ({ pk: partitions.counted(memberId), sk: `${dimension}#${day}#${value}` }),
  /** A closed day's count of one dimension and value, the sum of its shards (written by compaction). */
  counterRollup: (dimension: string, day: string, value: string): TableKey => ({ pk: partitions.counterRollup(dimension), sk: `${day}#${value}` }),
  /** How far compaction got in one counter partition: days before `compactedBefore` are rolled up. */
  counterCompactionMarker: (partition: string): TableKey => ({ pk: 'STATCOMPACT', sk: partition }),
  // Rule-of-law records of a referral live in its partition under `LEGAL#`.
  order: (referralId: string): TableKey => ({ pk: partitions.referral(referralId), sk: 'LEGAL#ORDER' }),
  hold: (referralId: string): TableKey => ({ pk: partitions.referral(referralId), sk: 'LEGAL#HOLD' }),
  /** One four-eyes review per referral and unit: each unit that requires four eyes approves on its own. */
  review: (referralId: string, unit: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.review}${unit}` }),
  complaint: (referralId: string, complaintId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.complaint}${complaintId}` }),
  /** A read of an artifact's bytes: many per artifact, none ever changed, so keyed by time and a fresh id. */
  evidenceRead: (referralId: string, sha256: string, at: string, readId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.legalAudit}evidence#${sha256}#${at}#${readId}` }),
  /** A referral handed to partners in an indicator export: many per referral, none ever changed, so keyed by time and the export's id. */
  indicatorExport: (referralId: string, at: string, exportId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.legalAudit}export#${at}#${exportId}` }),
  /** A send, removal order or export of the referral refused under another unit's operational hold: one per refusal and hold. */
  holdRefusal: (referralId: string, at: string, eventId: string): TableKey => ({ pk: partitions.referral(referralId), sk: `${sortPrefixes.legalAudit}operational-hold#${at}#${eventId}` }),
  legalAudit: (event: { referralId: string; subject: string; subjectId: string; version: number }): TableKey => ({
    // Unit settings are audited in the unit's own partition.
    pk: event.subject === 'settings' ? partitions.unit(event.subjectId) : partitions.referral(event.referralId),
    sk: `${sortPrefixes.legalAudit}${event.subject}#${event.subjectId}#${padded(event.version, 10)}`,
  }),
  unitSettings: (unit: string): TableKey => ({ pk: partitions.unit(unit), sk: 'SETTINGS' }),
  /** The unit's first removal order to a provider (Art. 3(2)): later ones need no procedural notice. */
  firstOrderTo: (unit: string, providerKey: string): TableKey => ({ pk: partitions.unit(unit), sk: `TCOFIRST#${providerKey}` }),
  clock: (dueAt: string, referralId: string, kind: string, subjectId: string): TableKey => ({ pk: partitions.openClocks, sk: `${dueAt}#${referralId}#${kind}#${subjectId}` }),
  retentionCheck: (day: string, referralId: string): TableKey => ({ pk: partitions.retentionDue, sk: `${day}#${referralId}` }),
  purgeLog: (at: string, referralId: string): TableKey => ({ pk: partitions.retentionLog, sk: `${at}#${referralId}` }),
  platformChannel: (platform: string): TableKey => ({ pk: partitions.platform(platform), sk: 'CHANNEL' }),
  /** The platform's law-enforcement emergency line, set by a deployment admin for any platform (webhook or manual). */
  platformEmergencyContact: (platform: string): TableKey => ({ pk: partitions.platform(platform), sk: 'EMERGENCY' }),
  channelChange: (platform: string, at: string, eventId: string): TableKey => ({ pk: partitions.platform(platform), sk: `${sortPrefixes.audit}${at}#${eventId}` }),
  callbackSignature: (platform: string, signature: string): TableKey => ({ pk: partitions.callbacks(platform), sk: `SIG#${signature}` }),
  /** A host outside the registry is a platform named by its domain: its abuse contact sits in that partition. */
  hostAbuseContact: (host: string): TableKey => ({ pk: partitions.platform(host), sk: 'ABUSE' }),
  hashBank: (bank: string): TableKey => ({ pk: partitions.hashBanks, sk: bank }),
  /** A referral's escalation: the step last paged, when its acknowledgement is due, and who acknowledged. */
  escalation: (referralId: string): TableKey => ({ pk: partitions.referral(referralId), sk: 'ESCALATION#STATE' }),
  /** One page per referral and step, claimed with a conditional put before it is sent: redelivery never pages twice. */
  escalationPage: (referralId: string, step: number): TableKey => ({ pk: partitions.referral(referralId), sk: `ESCALATION#PAGE#${padded(step, 2)}` }),
  /** A page, re-page or acknowledgement: written once, in the same transaction as the change it records. */
  escalationEvent: (referralId: string, at: string, kind: string, step: number): TableKey => ({
    pk: partitions.referral(referralId),
    sk: `${sortPrefixes.escalationEvent}${at}#${kind}#${padded(step, 2)}`,
  }),
  openEscalation: (ackDueAt: string, referralId: string): TableKey => ({ pk: partitions.openEscalations, sk: `${ackDueAt}#${referralId}` }),
  /** A declared incident: its name, start, seeds, who declared it. */
  incident: (incidentId: string): TableKey => ({ pk: partitions.incident(incidentId), sk: 'META' }),
  /** One event of an incident's audit trail (declared, closed), keyed so a repeat writes the same item. */
  incidentEvent: (incidentId: string, at: string, action: string): TableKey => ({ pk: partitions.incident(incidentId), sk: `${sortPrefixes.audit}${at}#${action}` }),
  /** A referral an officer added to an incident by hand: who (unit) and when, written once. */
  incidentAddition: (incidentId: string, referralId: string): TableKey => ({ pk: partitions.incident(incidentId), sk: `ADDED#${referralId}` }),
  /** A referral tagged with an incident (by a seed or by hand): the incident view reads these by key, never the table. */
  incidentReferral: (incidentId: string, referralId: string): TableKey => ({ pk: partitions.incident(incidentId), sk: `${sortPrefixes.incidentReferral}${referralId}` }),
  /** The debrief frozen when the incident closed: which content (its SHA-256), in how many parts, and when. Written once. */
  incidentDebrief: (incidentId: string): TableKey => ({ pk: partitions.incident(incidentId), sk: 'DEBRIEF' }),
  /** One part of a frozen debrief's bytes, keyed by their digest: a repeat writes the same part. */
  incidentDebriefPart: (incidentId: string, sha256: string, part: number): TableKey => ({ pk: partitions.incident(incidentId), sk: `${sortPrefixes.incidentDebriefPart}${sha256}#${padded(part, 3)}` }),
  /** An open incident's copy in the partition the process stage reads. */
  openIncident: (incidentId: string): TableKey => ({ pk: partitions.openIncidents, sk: incidentId }),
  /** A closed incident's copy, keyed by its (first) close's time: written by every close, the same item each time. */
  closedIncident: (incidentId: string, closedAt: string): TableKey => ({ pk: partitions.closedIncidents, sk: `${closedAt}#${incidentId}` }),
  /** Keyed by the hash (and the referral, in the bank of referrals' media): importing a list again writes the same items. */
  /** One unit's hold on a target: placing again renews it; releasing deletes it. */
  operationalHold: (targetKey: string, unit: string): TableKey => ({ pk: partitions.heldTarget(targetKey), sk: `${sortPrefixes.operationalHold}${unit}` }),
  /** The same hold in the unit's partition, so the unit lists its own holds. */
  unitHold: (unit: string, targetKey: string): TableKey => ({ pk: partitions.unit(unit), sk: `${sortPrefixes.unitHold}${targetKey}` }),
  /** A placement, renewal, release or refusal under a hold: written once, never updated. */
  holdEvent: (targetKey: string, at: string, eventId: string): TableKey => ({ pk: partitions.heldTarget(targetKey), sk: `${sortPrefixes.audit}${at}#${eventId}` }),
  /** One version of a sanctions list, as imported: importing the same file again writes the same item. */
  sanctionsListVersion: (list: string, publishedOn: string): TableKey => ({ pk: partitions.sanctionsList(list), sk: `VERSION#${publishedOn}` }),
  /** A list's entry naming an identifier, per version: a later version is written beside it, never over it. */
  sanctionedIdentifier: (type: string, value: string, list: string, publishedOn: string, entryId: string): TableKey => ({
    pk: partitions.sanctionedIdentifier(type, value),
    sk: `${list}#${publishedOn}#${entryId}`,
  }),
  hashBankEntry: (bank: string, pdq: string, referralId?: string): TableKey => ({ pk: partitions.hashBank(bank), sk: `${sortPrefixes.hashBankImage}${pdq}${referralId ? `#${referralId}` : ''}` }),
  /** A video of a bank, named by its frames' digest: the same video of the same referral is one item. */
  hashBankVideo: (bank: string, framesDigest: string, referralId?: string): TableKey => ({ pk: partitions.hashBank(bank), sk: `${sortPrefixes.hashBankVideo}${framesDigest}${referralId ? `#${referralId}` : ''}` }),
  /**
   * The mark a retention purge leaves in a bank: the referral's entries are gone from the table, and
   * process instances (and snapshots) that still hold them drop them when they read it.
   */
  hashBankPurge: (bank: string, referralId: string): TableKey => ({ pk: partitions.hashBank(bank), sk: `${sortPrefixes.hashBankPurge}${referralId}` }),
  /** First and last seen of an indicator, each moved only by a conditional write in its direction. */
  dossierSummary: (type: string, value: string): TableKey => ({ pk: partitions.dossier(type, value), sk: 'SUMMARY' }),
  /** One shard of an indicator's referral count, with the referral ids it counted (like a trend counter shard). */
  dossierCounter: (type: string, value: string, shard: number): TableKey => ({ pk: partitions.dossier(type, value), sk: `${sortPrefixes.dossierCounter}${shard}` }),
  /** A referral in an indicator's dossier, ordered by the referral's first report: pages read newest first. */
  dossierReferral: (type: string, value: string, firstReportedAt: string, referralId: string): TableKey => ({
    pk: partitions.dossier(type, value),
    sk: `${sortPrefixes.dossierReferral}${firstReportedAt}#${referralId}`,
  }),
  /** One shard of a money-trail edge (a co-occurring indicator, a channel, a group), counted exactly like the referrals. */
  dossierLink: (type: string, value: string, kind: string, name: string, shard: number): TableKey => ({
    pk: partitions.dossier(type, value),
    sk: `${sortPrefixes.dossierLink}${kind}#${name}#${shard}`,
  }),
  channelIndicator: (channel: string, type: string, value: string): TableKey => ({ pk: partitions.channelIndicators(channel), sk: `IND#${type}#${value}` }),
};

/**
 * The table's global indexes. Each projects only what its readers read (index-projections.ts),
 * and a projection cannot change in place, so a new projection is a new name: `gsi1q` (the
 * queue's columns) replaced `gsi1`, `gsi2d` (reports keyed by unit and day) replaced `gsi2`.
 */
export const indexNames = { queues: 'gsi1q', unitDaysAndBankAdditions: 'gsi2d' } as const;
export type IndexName = (typeof indexNames)[keyof typeof indexNames];

/**
 * Liaison queue index (gsi1q): a queue for one status, P1 first, then oldest first. The queue is
 * a registry platform's, or the other-hosts queue for a host outside the registry (workQueueOf).
 */
export const queueIndexKey = (queue: string, status: string, prio: string, firstReportedAt: string, referralId: string) => ({
  gsi1pk: queuePartition(queue, status),
  gsi1sk: `${prio}#${firstReportedAt}#${referralId}`,
});
export const queuePartition = (queue: string, status: string): string => `QUEUE#${queue}#${status}`;

/**
 * Unit index (gsi2d) on reports: a unit's reports of one UTC day (the day of `acceptedAt`), newest
 * first. One partition per unit and day, so a unit's action day is not one partition for ever
 * (1,000 write units a second per partition key); the listing walks the days newest first.
 */
export const unitIndexKey = (unit: string, day: string, acceptedAt: string, submissionId: string) => ({
  gsi2pk: unitDayPartition(unit, day),
  gsi2sk: `${acceptedAt}#${submissionId}`,
});
export const unitDayPartition = (unit: string, day: string): string => `UNIT#${unit}#${day}`;

/**
 * Bank index (gsi2d) on hash bank entries, videos and purge marks: a bank's additions (and
 * removals) in the order they were written, so a process instance that read a snapshot reads only
 * what changed since.
 */
export const bankAdditionIndexKey = (bank: string, addedAt: string, sk: string) => ({
  gsi2pk: partitions.hashBank(bank),
  gsi2sk: `${addedAt}#${sk}`,
});
