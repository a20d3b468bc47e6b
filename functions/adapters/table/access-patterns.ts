import { partitions, sortPrefixes, keys, queueIndexKey, unitIndexKey, type TableKey } from './keys';

// Every read and write of the one table, named, with the key the builders of keys.ts make for it.

export interface AccessPattern {
  /** What is read or written, in the domain's words. */
  name: string;
  index: 'table' | 'gsi1' | 'gsi2';
  /** The key condition, built by the key builders of keys.ts from placeholder arguments. */
  key: string;
}

const exact = (key: TableKey) => `pk = ${key.pk}, sk = ${key.sk}`;
const within = (pk: string, sk: string) => `pk = ${pk}, ${sk}`;
const indexed = (key: Record<string, string>) => Object.entries(key).map(([name, value]) => `${name} = ${value}`).join(', ');

/**
 * Every way the stores read or write the table, with the key it uses. storage-design.md's
 * "Access patterns" table lists the same rows in the same order (keys.test.ts).
 */
export const accessPatterns: readonly AccessPattern[] = [
  { name: 'submission', index: 'table', key: exact(keys.submission('<submissionId>')) },
  { name: 'referral', index: 'table', key: exact(keys.referral('<referralId>')) },
  { name: 'report', index: 'table', key: exact(keys.report('<referralId>', '<submissionId>')) },
  { name: "a referral's reports", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.report}`) },
  { name: "a referral's whole partition (purge)", index: 'table', key: within(partitions.referral('<referralId>'), 'every sk') },
  { name: 'lifecycle audit event (of version 7)', index: 'table', key: exact(keys.audit('<referralId>', 7)) },
  { name: "a referral's lifecycle audit", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.audit}`) },
  { name: 'delivery attempt (the third)', index: 'table', key: exact(keys.deliveryAttempt('<referralId>', '<deliveryId>', 3)) },
  { name: "a referral's delivery attempts", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.delivery}`) },
  { name: 'urgent delivery post claim', index: 'table', key: exact(keys.deliveryPost('<referralId>', '<deliveryId>')) },
  { name: 'indicator link', index: 'table', key: exact(keys.indicatorLink('<type>', '<value>', '<referralId>')) },
  { name: 'referrals sharing an indicator', index: 'table', key: within(partitions.indicator('<type>', '<value>'), 'every sk') },
  { name: 'posted-in link', index: 'table', key: exact(keys.postedIn('<post referralId>', '<linked referralId>')) },
  { name: "what a post links to", index: 'table', key: within(partitions.referral('<post referralId>'), `sk begins_with ${sortPrefixes.postedIn}`) },
  { name: 'content hash claim', index: 'table', key: exact(keys.contentHash('<text or screenshot>', '<sha256>')) },
  { name: 'evidence citation', index: 'table', key: exact(keys.evidenceCitation('<sha256>', '<referralId>')) },
  { name: 'whether an artifact is still cited', index: 'table', key: within(partitions.evidence('<sha256>'), 'every sk, limit 1') },
  { name: 'trend counter (shard 5)', index: 'table', key: exact(keys.counter('<dimension>', '<yyyy-mm-dd>', '<value>', 5)) },
  { name: 'referral cells (shard 5)', index: 'table', key: exact(keys.referralCounter('<yyyy-mm-dd>', 5)) },
  { name: 'counter shards of a day range', index: 'table', key: within(partitions.counter('<dimension>'), 'sk between <from> and <to>#\\uffff') },
  { name: 'counter rollup', index: 'table', key: exact(keys.counterRollup('<dimension>', '<yyyy-mm-dd>', '<value>')) },
  { name: 'counter rollups of closed days', index: 'table', key: within(partitions.counterRollup('<dimension>'), 'sk between <from> and <marker>') },
  { name: 'counter compaction marker', index: 'table', key: exact(keys.counterCompactionMarker('<partition>')) },
  { name: 'removal order', index: 'table', key: exact(keys.order('<referralId>')) },
  { name: 'legal hold', index: 'table', key: exact(keys.hold('<referralId>')) },
  { name: "a unit's four-eyes review", index: 'table', key: exact(keys.review('<referralId>', '<unit>')) },
  { name: "a referral's four-eyes reviews (one per unit)", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.review}`) },
  { name: 'complaint', index: 'table', key: exact(keys.complaint('<referralId>', '<complaintId>')) },
  { name: "a referral's complaints", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.complaint}`) },
  {
    name: 'rule-of-law audit event (of version 7)',
    index: 'table',
    key: exact(keys.legalAudit({ referralId: '<referralId>', subject: '<subject>', subjectId: '<subjectId>', version: 7 })),
  },
  { name: 'evidence read (who read which artifact, when)', index: 'table', key: exact(keys.evidenceRead('<referralId>', '<sha256>', '<at>', '<readId>')) },
  { name: 'refusal under an operational hold', index: 'table', key: exact(keys.holdRefusal('<referralId>', '<at>', '<eventId>')) },
  { name: 'indicator export of a referral (who handed it to partners, when)', index: 'table', key: exact(keys.indicatorExport('<referralId>', '<at>', '<exportId>')) },
  { name: 'audit chain link (the seventh)', index: 'table', key: exact(keys.auditLink(partitions.referral('<referralId>'), 7)) },
  { name: "an audit chain's links", index: 'table', key: within('<partition>', `sk begins_with ${sortPrefixes.auditLink}`) },
  { name: 'audit chain head', index: 'table', key: exact(keys.auditChainHead('<partition>')) },
  { name: "a chain's head at the end of a day", index: 'table', key: exact(keys.chainHeadOfDay('<yyyy-mm-dd>', '<partition>')) },
  { name: 'the chain heads of a day', index: 'table', key: within(partitions.chainHeadsOfDay('<yyyy-mm-dd>'), 'every sk') },
  { name: 'audit anchor of a day', index: 'table', key: exact(keys.auditAnchor('<yyyy-mm-dd>')) },
  { name: "a referral's rule-of-law audit", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.legalAudit}`) },
  { name: 'unit settings', index: 'table', key: exact(keys.unitSettings('<unit>')) },
  { name: 'unit settings audit event (of version 7)', index: 'table', key: exact(keys.legalAudit({ referralId: '', subject: 'settings', subjectId: '<unit>', version: 7 })) },
  { name: 'first order to a provider', index: 'table', key: exact(keys.firstOrderTo('<unit>', '<platform or name:addressee>')) },
  { name: 'open legal clock', index: 'table', key: exact(keys.clock('<dueAt>', '<referralId>', '<kind>', '<subjectId>')) },
  { name: 'clocks due soon', index: 'table', key: within(partitions.openClocks, 'sk <= <until>#\\uffff') },
  { name: 'retention check', index: 'table', key: exact(keys.retentionCheck('<yyyy-mm-dd>', '<referralId>')) },
  { name: 'retention checks due', index: 'table', key: within(partitions.retentionDue, 'sk <= <yyyy-mm-dd>#\\uffff') },
  { name: 'purge record', index: 'table', key: exact(keys.purgeLog('<purgedAt>', '<referralId>')) },
  { name: 'platform channel', index: 'table', key: exact(keys.platformChannel('<platform>')) },
  { name: 'platform emergency contact', index: 'table', key: exact(keys.platformEmergencyContact('<platform>')) },
  { name: 'platform channel change', index: 'table', key: exact(keys.channelChange('<platform>', '<at>', '<eventId>')) },
  { name: "a platform's channel changes", index: 'table', key: within(partitions.platform('<platform>'), `sk begins_with ${sortPrefixes.audit}`) },
  { name: 'callback signature', index: 'table', key: exact(keys.callbackSignature('<platform>', '<v1 hex>')) },
  { name: "an unlisted host's abuse contact", index: 'table', key: exact(keys.hostAbuseContact('<host>')) },
  { name: 'hash bank', index: 'table', key: exact(keys.hashBank('<bank>')) },
  { name: 'every hash bank', index: 'table', key: within(partitions.hashBanks, 'every sk') },
  { name: 'hash bank entry (of a referral)', index: 'table', key: exact(keys.hashBankEntry('<bank>', '<pdq hex>', '<referralId>')) },
  { name: 'hash bank video (of a referral)', index: 'table', key: exact(keys.hashBankVideo('<bank>', '<frames digest>', '<referralId>')) },
  { name: "a bank's image hashes", index: 'table', key: within(partitions.hashBank('<bank>'), `sk begins_with ${sortPrefixes.hashBankImage}`) },
  { name: "a bank's videos", index: 'table', key: within(partitions.hashBank('<bank>'), `sk begins_with ${sortPrefixes.hashBankVideo}`) },
  { name: "a bank's additions since a time", index: 'gsi2', key: `gsi2pk = ${partitions.hashBank('<bank>')}, gsi2sk >= <since>` },
  { name: 'escalation of a referral', index: 'table', key: exact(keys.escalation('<referralId>')) },
  { name: 'escalation page (of step 1)', index: 'table', key: exact(keys.escalationPage('<referralId>', 1)) },
  { name: 'escalation event', index: 'table', key: exact(keys.escalationEvent('<referralId>', '<at>', '<kind>', 1)) },
  { name: "a referral's escalation events", index: 'table', key: within(partitions.referral('<referralId>'), `sk begins_with ${sortPrefixes.escalationEvent}`) },
  { name: 'unacknowledged page', index: 'table', key: exact(keys.openEscalation('<ackDueAt>', '<referralId>')) },
  { name: 'pages whose acknowledgement time ran out', index: 'table', key: within(partitions.openEscalations, 'sk <= <now>#\\uffff') },
  { name: "every unacknowledged page (a unit's urgent banner)", index: 'table', key: within(partitions.openEscalations, 'every sk') },
  { name: 'incident', index: 'table', key: exact(keys.incident('<incidentId>')) },
  { name: 'incident audit event', index: 'table', key: exact(keys.incidentEvent('<incidentId>', '<at>', '<declared or closed>')) },
  { name: 'referral added to an incident by hand', index: 'table', key: exact(keys.incidentAddition('<incidentId>', '<referralId>')) },
  { name: 'open incident', index: 'table', key: exact(keys.openIncident('<incidentId>')) },
  { name: 'every open incident (matched against each report)', index: 'table', key: within(partitions.openIncidents, 'every sk') },
  { name: 'operational hold of a unit', index: 'table', key: exact(keys.operationalHold('<target key>', '<unit>')) },
  { name: 'every hold on a target (lookup, send)', index: 'table', key: within(partitions.heldTarget('<target key>'), `sk begins_with ${sortPrefixes.operationalHold}`) },
  { name: "operational hold in the unit's partition", index: 'table', key: exact(keys.unitHold('<unit>', '<target key>')) },
  { name: "a unit's operational holds", index: 'table', key: within(partitions.unit('<unit>'), `sk begins_with ${sortPrefixes.unitHold}`) },
  { name: 'operational hold event', index: 'table', key: exact(keys.holdEvent('<target key>', '<at>', '<eventId>')) },
  { name: "a held target's events", index: 'table', key: within(partitions.heldTarget('<target key>'), `sk begins_with ${sortPrefixes.audit}`) },
  { name: 'sanctions list version', index: 'table', key: exact(keys.sanctionsListVersion('<list>', '<yyyy-mm-dd>')) },
  { name: 'sanctioned identifier (a list entry naming it)', index: 'table', key: exact(keys.sanctionedIdentifier('<type>', '<value>', '<list>', '<yyyy-mm-dd>', '<entryId>')) },
  { name: 'every listing of a wallet or IBAN (screening)', index: 'table', key: within(partitions.sanctionedIdentifier('<type>', '<value>'), 'every sk') },
  { name: 'dossier summary (first and last seen)', index: 'table', key: exact(keys.dossierSummary('<type>', '<value>')) },
  { name: 'dossier counter (shard 5)', index: 'table', key: exact(keys.dossierCounter('<type>', '<value>', 5)) },
  { name: "a dossier's counter shards", index: 'table', key: within(partitions.dossier('<type>', '<value>'), `sk begins_with ${sortPrefixes.dossierCounter}`) },
  { name: 'dossier referral', index: 'table', key: exact(keys.dossierReferral('<type>', '<value>', '<firstReportedAt>', '<referralId>')) },
  { name: "a dossier's referrals, newest first, a page at a time", index: 'table', key: within(partitions.dossier('<type>', '<value>'), `sk begins_with ${sortPrefixes.dossierReferral}, descending, limit`) },
  { name: 'dossier link (shard 5)', index: 'table', key: exact(keys.dossierLink('<type>', '<value>', '<indicator, channel or group>', '<name>', 5)) },
  { name: "a dossier's links, bounded", index: 'table', key: within(partitions.dossier('<type>', '<value>'), `sk begins_with ${sortPrefixes.dossierLink}, limit`) },
  { name: 'indicator seen in a channel', index: 'table', key: exact(keys.channelIndicator('<channel>', '<type>', '<value>')) },
  { name: "a channel's indicators, bounded", index: 'table', key: within(partitions.channelIndicators('<channel>'), 'every sk, limit') },
  { name: "a liaison queue (a platform's, or other-hosts), P1 first then oldest", index: 'gsi1', key: indexed(queueIndexKey('<queue>', '<status>', '<priority>', '<firstReportedAt>', '<referralId>')) },
  { name: "a unit's reports, newest first", index: 'gsi2', key: indexed(unitIndexKey('<unit>', '<acceptedAt>', '<submissionId>')) },
];
