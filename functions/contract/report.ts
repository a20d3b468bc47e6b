import * as z from 'zod';
import { httpUrl, reportedUrl } from './http-url';
import { unitId } from './principal';

/** What an officer can say the content is; the pipeline may suggest others, with reasons. */
export const categories = [
  'attack_planning',
  'recruitment',
  'fundraising',
  'propaganda',
  'instructional',
  'other',
] as const;
export const category = z.enum(categories);
export type Category = z.infer<typeof category>;

/** Voluntary referral under the platform's terms, or a binding removal order (Regulation (EU) 2021/784 Art. 3). */
export const legalRoutes = ['referral', 'removal_order'] as const;
export const legalRoute = z.enum(legalRoutes);
export type LegalRoute = z.infer<typeof legalRoute>;

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256 digest');

/** `media`: an image the officer flagged, fetched by the extension at capture (its bytes as the page served them). */
export const evidenceKinds = ['screenshot', 'mhtml', 'selection', 'media'] as const;
export const evidenceArtifactV1 = z.strictObject({
  kind: z.enum(evidenceKinds),
  sha256: sha256Hex,
  bytes: z.number().int().nonnegative().max(50_000_000),
  mediaType: z.string().max(100),
  /** PDQ of an image artifact as the extension computed it at capture; the server recomputes and compares. */
  pdq: z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a PDQ hash: 64 lowercase hex digits'), quality: z.number().int().min(0).max(100) }).optional(),
});
export type EvidenceArtifactV1 = z.infer<typeof evidenceArtifactV1>;

/** Ten minutes at one frame a second: the longest stretch of a video the extension samples. */
export const maxVideoFrames = 600;

/** One sampled frame of a flagged video: its PDQ hash and quality, and its time in the video. */
export const videoFrameHashV1 = z.strictObject({
  pdq: z.string().regex(/^[0-9a-f]{64}$/, 'expected a PDQ hash: 64 lowercase hex digits'),
  quality: z.number().int().min(0).max(100),
  /** Seconds from the start of the video. */
  timestamp: z.number().min(0).max(maxVideoFrames),
});
export type VideoFrameHashV1 = z.infer<typeof videoFrameHashV1>;

/**
 * A video the officer flagged, as vPDQ describes it: one frame hash a second over at most its
 * first ten minutes (600 frames, about 62 KB of JSON), sampled by the extension. The video's
 * bytes are not uploaded (they can be hundreds of megabytes); their SHA-256 records what was hashed.
 */
export const capturedVideoV1 = z.strictObject({
  url: httpUrl,
  sha256: sha256Hex,
  bytes: z.number().int().positive(),
  mediaType: z.string().max(100),
  /** The whole video's length; frames cover at most the first `maxVideoFrames` seconds. */
  durationSeconds: z.number().min(0).max(1_000_000),
  frames: z.array(videoFrameHashV1).min(1).max(maxVideoFrames),
});
export type CapturedVideoV1 = z.infer<typeof capturedVideoV1>;

/** Capture manifest: what was captured, when (UTC), from where and with what. */
export const captureManifestV1 = z.strictObject({
  capturedAt: z.iso.datetime({ offset: false }),
  url: httpUrl,
  extensionVersion: z.string().max(40),
  browser: z.string().max(200),
  /** Who captured it and for which unit, as the extension's token says; the API checks both against the caller. */
  officer: z.string().min(1).max(200).optional(),
  unit: unitId.optional(),
  artifacts: z.array(evidenceArtifactV1).max(10),
  /** The flagged video's frame hashes: one video a report keeps a report under the API's 256 KB body. */
  videos: z.array(capturedVideoV1).max(1).optional(),
});
export type CaptureManifestV1 = z.infer<typeof captureManifestV1>;

/** A BCP 47 language tag of at most 35 characters (RFC 5646 section 4.4.1), as `<html lang>` holds it. */
export const pageLanguageTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/u, 'expected a BCP 47 language tag such as "en-GB"');

/**
 * One officer's tagging of one piece of content (a report), as the extension submits it.
 * `submissionId` is chosen by the extension once and reused on every retry, so the
 * server can deduplicate retries.
 */
export const reportV1 = z.strictObject({
  submissionId: z.uuid(),
  /** Without a scheme (`t.me/s/chan/12`), https:// is assumed; the API answers with a note and queues the https:// form. */
  url: reportedUrl,
  title: z.string().max(2_000).optional(),
  // 40,000 characters keep a report under SQS's 256 KB message and DynamoDB's 400 KB item limits.
  selectedText: z.string().max(40_000).optional(),
  linkUrl: httpUrl.optional(),
  mediaUrl: httpUrl.optional(),
  category,
  subTags: z.array(z.string().min(1).max(64)).max(20).default([]),
  group: z.string().min(1).max(200).optional(),
  handle: z.string().min(1).max(200).optional(),
  /** Threat to life: the officer's own urgency flag. */
  urgent: z.boolean().default(false),
  legalRoute: legalRoute.default('referral'),
  /** Internal notes stay inside the unit: never delivered to a platform. */
  notes: z.string().max(10_000).optional(),
  capture: captureManifestV1.optional(),
  /** The tagged page's declared language (`<html lang>`): evidence for the language of text too short to detect. */
  pageLanguage: pageLanguageTag.optional(),
  /** Set by a bulk import: the file and line the report came from, named in the referral's audit. */
  importedFrom: z.strictObject({ file: z.string().min(1).max(255), line: z.number().int().positive() }).optional(),
  /**
   * Links the post points to (a "beacon": one post, the same video on many hosts). Each
   * becomes a report of its own, posted in this one, referred to its own platform.
   */
  outLinks: z.array(reportedUrl).max(50).optional(),
  /** The post this content was linked from (set on the reports made from `outLinks`, or by an import's parent_url column). */
  postedIn: reportedUrl.optional(),
  /**
   * Indicators the officer typed by hand (a wallet read off a video, an IBAN from a call), one
   * per entry; the process stage accepts each as the extractors would and records it as `manual`.
   */
  manualIndicators: z.array(z.string().min(1).max(200)).max(20).optional(),
});
export type ReportV1 = z.infer<typeof reportV1>;
export type ReportV1Input = z.input<typeof reportV1>;
