import type { IngestMessageV1 } from '../contract/ingest-message';
import type { Stores } from '../adapters/create-stores';
import type { EvidenceStore } from '../adapters/evidence-store';
import { sha256Of } from '../adapters/evidence-store';
import type { EvidenceCheck } from '../adapters/table/items';
import { canonicalizeUrl } from '../core/canonical-url/canonical-url';
import { indicatorsInCapture, mergeIndicators, type CapturedText, type SourcedIndicator } from '../core/indicators/sourced-indicators';
import type { QrReader } from '../core/media/qr-code';
import { classifyReport } from '../core/classification/classify-report';
import { readManualIndicator } from '../core/indicators/manual-indicator';
import { isFinancial, sanctionsLabel, sanctionsMatchKey } from '../core/sanctions/screening';
import { detectPlatform, isPlatformId, platformById } from '../core/platforms/platforms';
import { assumeHttps } from '../contract/http-url';
import { referralIdFor, utcDay } from '../core/referral-id';
import { routeReferral, type RoutingTarget } from '../core/routing';
import { referralCells } from '../core/trends/counter-cells';
import { contentHashesOf } from '../core/content-hashes';
import { incidentLabel, matchIncident, mediaPdqsOf } from '../core/incidents/incident-seeds';
import { imageFormatOf } from '../core/media/image-format';
import { pdqEvidenceCheck, type ImageHasher, type ImageHashResult } from '../core/media/media-check';
import type { MediaBanks } from './media-banks';
import type { TimestampAuthority, TrustedTimestamp } from '../adapters/timestamp-authority';
import { captureManifestBytes } from '../core/trusted-time/manifest-bytes';
import type { CaptureManifestV1 } from '../contract/report';
import { readEvidenceContent } from './evidence-content';

/** Indicators kept per report, over all its sources. */
const maxIndicators = 200;

/** What the referral item keeps of an indicator: its value, where it was found and the text around it. */
const indicatorRefOf = (indicator: SourcedIndicator) => ({ type: indicator.type, value: indicator.value, source: indicator.source, evidence: indicator.evidence });

/** Referrals without a registry entry get the default follow-up time of a small platform. */
const defaultReferralDeadlineHours = 72;

export interface RoutingSender {
  /** `unit` is the unit of the report being processed: the escalation stage pages that unit's on-call rota. */
  send(target: RoutingTarget, referral: { referralId: string; platform: string; priority: string; contentKey: string; unit: string }): Promise<void>;
}

export interface ProcessDependencies {
  stores: Pick<Stores, 'submissions' | 'referrals' | 'counters' | 'indicatorLinks' | 'legalAudit'> & Partial<Pick<Stores, 'sanctions' | 'incidents'>>;
  evidence?: EvidenceStore;
  routing: RoutingSender;
  now: () => Date;
  /** Recomputes the PDQ of image artifacts; without it image artifacts get no PDQ check. */
  hashImage?: ImageHasher;
  /** Hash banks that videos' frame hashes, and image artifacts (with `hashImage`), are matched against. */
  mediaBanks?: MediaBanks;
  /** The deployment's RFC 3161 TSA; without it a verified manifest's record says no token was asked for. */
  timestampAuthority?: TimestampAuthority;
  /** Reads QR codes in image artifacts; without it only snapshots' text is searched for indicators. */
  readQrCode?: QrReader;
}

export type ProcessOutcome =
  | { status: 'processed'; referralId: string; counted: boolean; created: boolean }
  | { status: 'rejected'; code: string; message: string };

/**
 * Content linked from a post (a beacon's mirror, an import row's parent_url) names the post's
 * referral, so the dashboard can show a post's children and a child's parent.
 */
const postedInOf = (postedIn: string | undefined): { referralId: string; contentKey: string } | undefined => {
  if (postedIn === undefined) return undefined;
  const parent = canonicalizeUrl(assumeHttps(postedIn).url);
  return parent.ok ? { referralId: referralIdFor(parent.value.contentKey), contentKey: parent.value.contentKey } : undefined;
};

/**
 * Processes one accepted report. Each step is an idempotent single-item write, ordered
 * so that a crash between any two steps is repaired by the redelivery: the submission
 * is marked processed last, and every earlier step is safe to repeat.
 */
export const processReport = async (message: IngestMessageV1, deps: ProcessDependencies): Promise<ProcessOutcome> => {
  const { report, submitter } = message;
  const canonical = canonicalizeUrl(report.url);
  if (!canonical.ok) {
    await deps.stores.submissions.markRejected({
      submissionId: message.submissionId,
      code: canonical.error.code,
      message: canonical.error.message,
      processedAt: deps.now().toISOString(),
    });
    return { status: 'rejected', code: canonical.error.code, message: canonical.error.message };
  }
  const { contentKey, canonicalUrl } = canonical.value;
  const platformMatch = detectPlatform(canonical.value.host);
  const referralDeadlineHours = isPlatformId(platformMatch.platform)
    ? platformById(platformMatch.platform).referralDeadlineHours
    : defaultReferralDeadlineHours;

  const referralId = referralIdFor(contentKey);
  // Read before anything is written, so the indicators of the page and its QR codes are the
  // referral's from its first report; the checks are written with the report item.
  const evidence = await inspectEvidence(message, referralId, deps);
  // The title and selection first: an indicator the officer saw is cited from there.
  const captured: CapturedText[] = [
    { source: 'title', text: report.title ?? '' },
    { source: 'selection', text: report.selectedText ?? '' },
  ];
  const manual = (report.manualIndicators ?? []).flatMap((text): SourcedIndicator[] => {
    const read = readManualIndicator(text);
    return read.ok ? [{ ...read.indicator, source: 'manual' }] : [];
  });
  const indicators = mergeIndicators([indicatorsInCapture(captured, maxIndicators), manual, ...evidence.indicators], maxIndicators);
  // Every wallet and IBAN is screened against the imported sanctions lists as it is extracted;
  // an import screens the indicators already stored (infra/local/sanctions-cli.ts).
  const sanctionsMatches = deps.stores.sanctions ? await deps.stores.sanctions.screen(indicators.filter((indicator) => isFinancial(indicator.type))) : [];
  // Crisis mode: a report matching a seed of an open incident is labelled with it and raised to at least P2.
  const openIncidents = deps.stores.incidents ? await deps.stores.incidents.openForMatching() : [];
  const facts = {
    acceptedAt: message.acceptedAt,
    contentKey,
    canonicalUrl,
    ...(report.handle === undefined ? {} : { handle: report.handle }),
    ...(report.title === undefined ? {} : { title: report.title }),
    ...(report.selectedText === undefined ? {} : { selectedText: report.selectedText }),
    sha256s: [...(report.capture?.artifacts ?? []).map((artifact) => artifact.sha256), ...contentHashesOf(report).map((hash) => hash.sha256)],
    // Only images whose bytes verified are matched, as for hash banks; a video's frames as declared.
    pdqs: openIncidents.some((incident) => incident.seeds.pdqHashes.length > 0) ? mediaPdqsOf(evidence.images, report.capture?.videos ?? []) : [],
  };
  const incidentLabels = openIncidents.flatMap((incident) => {
    const matches = matchIncident(incident, facts);
    return matches.length > 0 ? [incidentLabel(incident, matches)] : [];
  });
  const classification = classifyReport({
    report,
    platform: { id: platformMatch.platform, rule: platformMatch.rule, evidence: platformMatch.evidence, referralDeadlineHours },
    indicators,
    sanctions: sanctionsMatches.map(sanctionsLabel),
    incidents: incidentLabels,
    receivedAt: message.acceptedAt,
  });

  const postedIn = postedInOf(report.postedIn);
  const shortLinkRule = canonical.value.shortLink === true ? canonical.value.rules.find((rule) => rule.endsWith('-short-link-unresolved')) : undefined;
  const labels = [
    { name: 'content-key', value: contentKey, rule: canonical.value.rules.join(' > ') || 'canonical-url', evidence: [report.url] },
    // A short link stays its own referral until someone attaches the URL it resolves to.
    ...(shortLinkRule === undefined ? [] : [{ name: 'short-link', value: 'unresolved', rule: shortLinkRule, evidence: [report.url, 'only the platform can resolve this link: attach the resolved URL'] }]),
    ...(canonical.value.notes ?? []).map((note) => ({ name: 'url-note', value: note, rule: 'canonical-url', evidence: [report.url] })),
    ...(postedIn === undefined ? [] : [{ name: 'posted-in', value: postedIn.referralId, rule: 'out-link of a post', evidence: [report.postedIn ?? '', postedIn.contentKey] }]),
    ...classification.labels,
  ];

  // The checks and the manifest's timestamp go on the report item when it is first written:
  // one write of the report, not a put and then an update.
  const manifestTimestamp = evidence.checks.length > 0 ? await stampManifest(report.capture, evidence.checks, deps) : undefined;
  const attached = await deps.stores.referrals.fileReport(
    {
      referralId,
      contentKey,
      canonicalUrl,
      url: report.url,
      title: report.title,
      platform: classification.platform,
      category: report.category,
      legalRoute: report.legalRoute,
      priority: classification.priority,
      deadlineAt: classification.deadlineAt,
      language: classification.language,
      groups: classification.groups,
      labels,
      indicators: indicators.map(indicatorRefOf),
      reportedAt: message.acceptedAt,
    },
    {
      referralId,
      submissionId: message.submissionId,
      unit: submitter.unit,
      officerId: submitter.officerId,
      acceptedAt: message.acceptedAt,
      url: report.url,
      title: report.title,
      selectedText: report.selectedText,
      linkUrl: report.linkUrl,
      mediaUrl: report.mediaUrl,
      category: report.category,
      subTags: report.subTags,
      group: report.group,
      handle: report.handle,
      urgent: report.urgent,
      legalRoute: report.legalRoute,
      notes: report.notes,
      capture: report.capture,
      ...(evidence.checks.length > 0 ? { evidenceChecks: evidence.checks } : {}),
      ...(manifestTimestamp ? { manifestTimestamp } : {}),
    },
  );

  // A later, more urgent report raises the referral's priority; repeating it is a no-op.
  // The report that created the referral set its priority, so it has nothing to raise.
  const raised = attached.created ? false : await deps.stores.referrals.raisePriority(referralId, classification.priority, classification.deadlineAt);

  // The attach write returns the referral; a repeat or a raised priority reads it again.
  const referral = attached.referral && !raised ? attached.referral : await deps.stores.referrals.get(referralId);
  if (!referral) throw new Error(`referral ${referralId} missing right after it was written`);

  // Everything below until routing is an idempotent single-item write that no other step
  // reads, so they run concurrently; the submission is still marked processed last.
  const writes: Promise<unknown>[] = indicators.map((indicator) =>
    deps.stores.indicatorLinks.link({
      type: indicator.type,
      value: indicator.value,
      referralId,
      platform: referral.platform,
      linkedAt: referral.firstReportedAt,
    }),
  );

  // The referral's trend cells are counted by the report that created the referral. `!counted`
  // is a redelivery of a submission already attached, which may be that creator after a crash,
  // so it counts too (countReferral makes the repeat a no-op). Any other report of existing
  // content skips it: it would be a conditional write bound to fail.
  if (attached.created || !attached.counted) {
    writes.push(deps.stores.counters.countReferral(utcDay(referral.firstReportedAt), referralId, referralCells(referral)));
  }
  // Labels are written by the report that creates the referral; the link to the post by every report.
  if (postedIn !== undefined) writes.push(deps.stores.referrals.linkPostedIn({ parentReferralId: postedIn.referralId, childReferralId: referralId, linkedAt: message.acceptedAt }));
  // A later report may carry a wallet the first did not: indicators are counted per report.
  const indicatorDay = utcDay(referral.firstReportedAt);
  for (const indicator of indicators) writes.push(deps.stores.counters.countOnce('indicator', indicatorDay, `${indicator.type}:${indicator.value}`, referralId));
  // Reports, not referrals, are what a unit contributes: counted per submission.
  writes.push(deps.stores.counters.countOnce('unit', utcDay(message.acceptedAt), submitter.unit, message.submissionId));
  writes.push(linkMirrors(message, referralId, deps));
  if (report.importedFrom) {
    writes.push(
      deps.stores.legalAudit.put({
        referralId,
        subject: 'report',
        subjectId: message.submissionId,
        version: 1,
        action: 'filed',
        at: message.acceptedAt,
        actor: { kind: 'officer', id: submitter.officerId, unit: submitter.unit },
        details: { import: report.importedFrom.file, line: String(report.importedFrom.line) },
      }),
    );
  }
  // Keyed per match, so the report that created the referral and any later one label it once.
  const { sanctions } = deps.stores;
  if (sanctions) for (const match of sanctionsMatches) writes.push(sanctions.labelReferral(referralId, sanctionsMatchKey(match), sanctionsLabel(match)));
  // Keyed per incident: the first matching report labels the referral, later ones and redeliveries find it labelled.
  const { incidents } = deps.stores;
  if (incidents) for (const label of incidentLabels) writes.push(incidents.labelReferral(referralId, label.value, label, message.acceptedAt));
  await Promise.all(writes);
  // Only stored, re-hashed images are matched and banked.
  const { images } = evidence;
  if (deps.mediaBanks && images.size > 0) await deps.mediaBanks.matchAndRemember(referralId, images, deps.now().toISOString());
  // A video's frames are hashed by the extension: the server has no video decoder to check them
  // with, so they are matched as declared, and the label's evidence names the capture's video.
  const videos = report.capture?.videos ?? [];
  if (deps.mediaBanks && videos.length > 0) await deps.mediaBanks.matchAndRememberVideos(referralId, videos, deps.now().toISOString());

  // Routing is decided per report (a later report may bring the wallet or the urgency), and each
  // target once: a referral routed to financial intelligence is still paged when a later report makes
  // it P1. One routed before targets were kept (`routedAt` without `routedTo`) is not routed again.
  // Only a referral that was routed is marked, so one with nothing to route costs no write.
  const webhookPlatform = isPlatformId(referral.platform) && platformById(referral.platform).channel === 'webhook';
  const routedTo = new Set<string>(referral.routedTo ?? []);
  const routedBefore = referral.routedAt !== undefined && referral.routedTo === undefined;
  const targets = routedBefore ? [] : routeReferral({ priority: referral.priority, indicatorTypes: indicators.map((i) => i.type), webhookPlatform }).filter((target) => !routedTo.has(target));
  if (targets.length > 0) {
    for (const target of targets) {
      await deps.routing.send(target, { referralId, platform: referral.platform, priority: referral.priority, contentKey, unit: submitter.unit });
    }
    // Marked after sending: a crash in between sends again, and consumers deduplicate by referral id.
    await deps.stores.referrals.markRouted(referralId, targets, deps.now().toISOString());
  }

  await deps.stores.submissions.markProcessed({
    submissionId: message.submissionId,
    referralId,
    processedAt: deps.now().toISOString(),
    duplicateOfExisting: !attached.created && attached.counted ? true : referral.reportCount > 1,
    unit: submitter.unit,
    officerId: submitter.officerId,
    acceptedAt: message.acceptedAt,
  });
  return { status: 'processed', referralId, counted: attached.counted, created: attached.created };
};

interface InspectedEvidence {
  checks: EvidenceCheck[];
  /** The verified images' hashes by SHA-256. */
  images: Map<string, ImageHashResult>;
  /** Per verified artifact, in report order: what its page text and QR codes carry. */
  indicators: SourcedIndicator[][];
}

/**
 * Re-hashes every stored artifact (a mismatch or a missing upload is flagged on the report) and
 * reads what the verified ones say: a snapshot's text, the QR codes of images. Content that cannot
 * be read is recorded on the artifact's check; it never fails the report.
 */
const inspectEvidence = async (message: IngestMessageV1, referralId: string, deps: ProcessDependencies): Promise<InspectedEvidence> => {
  const inspected: InspectedEvidence = { checks: [], images: new Map(), indicators: [] };
  const artifacts = message.report.capture?.artifacts ?? [];
  if (artifacts.length === 0 || !deps.evidence) return inspected;
  // Cited before they are read: the retention purge deletes an artifact only when no referral cites it.
  await Promise.all(artifacts.map((artifact) => deps.stores.referrals.citeEvidence(artifact.sha256, referralId, artifact.kind)));
  const { checks, images } = inspected;
  for (const artifact of artifacts) {
    // Read no more than the report declared: a larger object cannot be the declared bytes.
    const stored = await deps.evidence.read(artifact.sha256, { maxBytes: artifact.bytes });
    const checkedAt = deps.now().toISOString();
    if (stored.status === 'missing') {
      checks.push({ kind: artifact.kind, sha256: artifact.sha256, status: 'missing', checkedAt });
      continue;
    }
    if (stored.status === 'too_large') {
      checks.push({ kind: artifact.kind, sha256: artifact.sha256, status: 'mismatch', actualBytes: stored.size, checkedAt });
      continue;
    }
    const actual = sha256Of(stored.bytes);
    const provenance = { ...(stored.versionId ? { versionId: stored.versionId } : {}), ...(stored.uploadedFor ? { uploadedFor: stored.uploadedFor } : {}) };
    // The PDQ is of the stored bytes, whatever they turn out to be: a format is recognised by its signature.
    const image = deps.hashImage && (imageFormatOf(stored.bytes) || artifact.pdq) ? await deps.hashImage(stored.bytes) : undefined;
    const media = image ? pdqEvidenceCheck(image, artifact.pdq) : {};
    if (actual !== artifact.sha256) {
      checks.push({ kind: artifact.kind, sha256: artifact.sha256, status: 'mismatch', actualSha256: actual, ...provenance, checkedAt, ...media });
      continue;
    }
    // Only bytes that are what the report declared are matched against hash banks and read.
    if (image) images.set(artifact.sha256, image);
    const content = await readEvidenceContent(artifact, stored.bytes, deps.readQrCode);
    const found = mergeIndicators([content.pageText === undefined ? [] : indicatorsInCapture([{ source: 'page', text: content.pageText }], maxIndicators), content.qrIndicators], maxIndicators);
    inspected.indicators.push(found);
    const read =
      content.pageText !== undefined || found.length > 0 || content.problems.length > 0
        ? { content: { indicators: found.length, ...(content.problems.length > 0 ? { problems: content.problems.slice(0, 10) } : {}) } }
        : {};
    checks.push({ kind: artifact.kind, sha256: artifact.sha256, status: 'verified', ...provenance, checkedAt, ...media, ...read });
  }
  return inspected;
};

/**
 * A trusted timestamp over a manifest whose every artifact verified: it proves the manifest, and
 * so the hashes it lists, existed by the TSA's time rather than the browser's. A redelivery asks
 * again; the later token is as true as the first.
 */
const stampManifest = async (manifest: CaptureManifestV1 | undefined, checks: EvidenceCheck[], deps: ProcessDependencies): Promise<TrustedTimestamp | undefined> => {
  if (!manifest) return undefined;
  if (checks.some((check) => check.status !== 'verified')) return { status: 'not_requested', reason: 'manifest_not_verified' };
  if (!deps.timestampAuthority) return { status: 'not_requested', reason: 'no_tsa_configured' };
  return deps.timestampAuthority(captureManifestBytes(manifest), deps.now);
};

/**
 * The same captured content at another URL is a mirror: the first referral to carry a
 * screenshot or selected-text hash owns it, later ones point to it.
 */
const linkMirrors = async (message: IngestMessageV1, referralId: string, deps: ProcessDependencies): Promise<void> => {
  for (const hash of contentHashesOf(message.report)) {
    const owner = await deps.stores.referrals.claimContentHash(hash.kind, hash.sha256, referralId);
    if (owner !== referralId) {
      await deps.stores.referrals.setMirrorOf(referralId, owner);
      return;
    }
  }
};
