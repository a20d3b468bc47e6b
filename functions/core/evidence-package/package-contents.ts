import type { CaptureManifestV1 } from '../../contract/report';
import { captureManifestBytes } from '../trusted-time/manifest-bytes';

/**
 * What an evidence package holds, decided without I/O: the files, in order, each either bytes
 * built here or an artifact the route reads from the evidence store. Standard tools verify it:
 * `sha256sum -c SHA256SUMS`, `openssl dgst -sha256 -verify` over SHA256SUMS, and `openssl ts
 * -verify` for each capture manifest's RFC 3161 token.
 */

export interface PackageReport {
  submissionId: string;
  unit: string;
  officerId: string;
  acceptedAt: string;
  capture?: CaptureManifestV1 | undefined;
  evidenceChecks?: readonly { sha256: string; status: string }[] | undefined;
  manifestTimestamp?: { status: string; token?: string | undefined; time?: string; tsaUrl?: string } | undefined;
}

export type PackageEntry = { path: string; bytes: Uint8Array } | { path: string; artifact: { sha256: string; bytes: number; versionId?: string | undefined } };

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const json = (value: unknown): Uint8Array => text(`${JSON.stringify(value, null, 2)}\n`);

/** File names inside the package: an artifact by its hash, so two reports citing it share one file. */
export const artifactPath = (sha256: string, mediaType: string): string => `artifacts/${sha256}${extensionOf(mediaType)}`;
const extensionOf = (mediaType: string): string =>
  ({ 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp', 'multipart/related': '.mhtml', 'text/plain': '.txt' })[mediaType] ?? '.bin';

/**
 * Officer identities only for the exporting unit's own reports: another unit's officer is named
 * by the unit alone. Its manifest then differs from the stamped bytes, so its token is left out
 * and the statement says which unit holds the verifiable original.
 */
const ownReport = (report: PackageReport, unit: string): boolean => report.unit === unit;

export interface PackageInput {
  referral: { referralId: string; url: string; canonicalUrl: string; platform: string; category: string; status: string; firstReportedAt: string };
  reports: readonly PackageReport[];
  /** The lifecycle and rule-of-law audit of the referral, as the caller may see them. */
  audit: unknown;
  exportedBy: { officerId: string; unit: string };
  exportedAt: string;
  signatureAlgorithm: string;
  tsaCaPem?: string | undefined;
}

export const buildPackageEntries = (input: PackageInput): PackageEntry[] => {
  const entries: PackageEntry[] = [];
  const seen = new Set<string>();
  const statement: string[] = [
    `Evidence package for referral ${input.referral.referralId}`,
    '',
    `Content: ${input.referral.url}`,
    `Canonical URL: ${input.referral.canonicalUrl} (platform ${input.referral.platform}, category ${input.referral.category}, status ${input.referral.status})`,
    `First reported: ${input.referral.firstReportedAt}`,
    `Exported by ${input.exportedBy.officerId} (unit ${input.exportedBy.unit}) at ${input.exportedAt}`,
    '',
    'Captures',
  ];
  for (const report of input.reports) {
    const own = ownReport(report, input.exportedBy.unit);
    const who = own ? `officer ${report.officerId} of unit ${report.unit}` : `an officer of unit ${report.unit}`;
    statement.push('', `- Report ${report.submissionId}, accepted ${report.acceptedAt}, filed by ${who}.`);
    if (!report.capture) {
      statement.push('  No capture manifest (nothing was captured with this report).');
      continue;
    }
    const manifest = own ? report.capture : { ...report.capture, officer: undefined };
    const manifestPath = `manifests/${report.submissionId}.json`;
    // The exact bytes the timestamp covers (RFC 8785 canonical JSON) for the unit's own reports.
    entries.push({ path: manifestPath, bytes: own ? captureManifestBytes(report.capture) : json(manifest) });
    statement.push(`  Captured ${report.capture.capturedAt} from ${report.capture.url} with ${report.capture.browser}, extension ${report.capture.extensionVersion}.`);
    for (const artifact of report.capture.artifacts) {
      const path = artifactPath(artifact.sha256, artifact.mediaType);
      const check = report.evidenceChecks?.find((c) => c.sha256 === artifact.sha256)?.status ?? 'unchecked';
      statement.push(`  ${artifact.kind}: ${path}, ${artifact.bytes} bytes, SHA-256 ${artifact.sha256}; the server re-hashed the stored bytes: ${check}.`);
      if (!seen.has(artifact.sha256) && check === 'verified') {
        seen.add(artifact.sha256);
        entries.push({ path, artifact: { sha256: artifact.sha256, bytes: artifact.bytes } });
      }
    }
    const stamp = report.manifestTimestamp;
    if (own && stamp?.token) {
      entries.push({ path: `timestamps/${report.submissionId}.tsr`, bytes: Uint8Array.from(Buffer.from(stamp.token, 'base64')) });
      statement.push(`  RFC 3161 timestamp (${stamp.status}) from ${stamp.tsaUrl ?? 'the TSA'} at ${stamp.time ?? 'unknown'}: timestamps/${report.submissionId}.tsr over ${manifestPath}.`);
    } else if (stamp?.token) {
      statement.push(`  Timestamped (${stamp.status}); the manifest above is shown without the officer, so unit ${report.unit} holds the stamped original.`);
    } else {
      statement.push(`  No trusted timestamp (${stamp?.status ?? 'not requested'}).`);
    }
  }
  statement.push('', 'Custody and audit: audit.json lists every lifecycle and rule-of-law event of the referral, including evidence reads and exports.');
  entries.push({ path: 'audit.json', bytes: json(input.audit) });
  entries.push({ path: 'STATEMENT.txt', bytes: text(`${statement.join('\n')}\n`) });
  entries.push({ path: 'README.txt', bytes: text(readme(input)) });
  if (input.tsaCaPem) entries.push({ path: 'tsa-ca.pem', bytes: text(input.tsaCaPem) });
  return entries;
};

const readme = (input: PackageInput): string => `Evidence package of referral ${input.referral.referralId}, exported ${input.exportedAt}.

Verify with standard tools only, from this folder once unpacked:

1. Every file is the file that was packed:
     sha256sum -c SHA256SUMS
2. SHA256SUMS was signed by the deployment that exported it (${input.signatureAlgorithm}):
     openssl dgst -sha256 -verify signing-key.pub.pem -signature SHA256SUMS.sig SHA256SUMS
   Compare signing-key.pub.pem with the public key the deployment publishes.
3. Each capture manifest existed at the time its RFC 3161 token states:
     openssl ts -verify -token_in -in timestamps/<report>.tsr -data manifests/<report>.json -CAfile tsa-ca.pem
   Compare tsa-ca.pem with the time-stamping authority's published CA certificate.
4. Each artifact's SHA-256 is named in its capture manifest (manifests/*.json, "artifacts"),
   so a verified manifest fixes the artifacts' contents at that time.

STATEMENT.txt says who captured what, when, and how it was verified; audit.json is the
referral's audit trail.
`;

/** `sha256sum` format: two spaces between the hex digest and the path (text mode). */
export const sha256sumsLine = (sha256: string, path: string): string => `${sha256}  ${path}\n`;
