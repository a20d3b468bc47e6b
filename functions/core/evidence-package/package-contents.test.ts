import { describe, expect, it } from 'vitest';
import { captureManifestBytes } from '../trusted-time/manifest-bytes';
import { buildPackageEntries, sha256sumsLine, type PackageReport } from './package-contents';

const sha = (c: string) => c.repeat(64);
const report = (unit: string, officerId: string, submissionId: string, artifactSha: string): PackageReport => ({
  submissionId,
  unit,
  officerId,
  acceptedAt: '2026-12-06T10:00:00.000Z',
  capture: {
    capturedAt: '2026-12-06T09:59:00Z',
    url: 'https://t.me/chan/1',
    extensionVersion: '0.1.0',
    browser: 'Chromium',
    officer: officerId,
    unit,
    artifacts: [{ kind: 'screenshot', sha256: artifactSha, bytes: 10, mediaType: 'image/png' }],
  },
  evidenceChecks: [{ sha256: artifactSha, status: 'verified' }],
  manifestTimestamp: { status: 'verified', token: Buffer.from('token').toString('base64'), time: '2026-12-06T10:00:01Z', tsaUrl: 'http://tsa' },
});

const input = (reports: PackageReport[]) => ({
  referral: { referralId: 'ref_1', url: 'https://t.me/chan/1', canonicalUrl: 'https://t.me/chan/1', platform: 'telegram', category: 'propaganda', status: 'new', firstReportedAt: '2026-12-06T10:00:00.000Z' },
  reports,
  audit: [],
  exportedBy: { officerId: 'ana', unit: 'eu-iru' },
  exportedAt: '2026-12-06T11:00:00.000Z',
  signatureAlgorithm: 'ECDSA P-256',
  tsaCaPem: '-----BEGIN CERTIFICATE-----\n',
});

describe('evidence package contents', () => {
  it('packs the stamped bytes of the unit\'s own manifest and its token, and each artifact once', () => {
    const own = report('eu-iru', 'ana', 's1', sha('a'));
    const entries = buildPackageEntries(input([own, { ...report('eu-iru', 'ana', 's2', sha('a')) }]));
    const manifest = entries.find((entry) => entry.path === 'manifests/s1.json');
    expect(manifest && 'bytes' in manifest ? manifest.bytes : undefined).toEqual(captureManifestBytes(own.capture!));
    expect(entries.filter((entry) => 'artifact' in entry).map((entry) => entry.path)).toEqual([`artifacts/${sha('a')}.png`]);
    expect(entries.map((entry) => entry.path)).toEqual(expect.arrayContaining(['timestamps/s1.tsr', 'timestamps/s2.tsr', 'audit.json', 'STATEMENT.txt', 'README.txt', 'tsa-ca.pem']));
  });

  it("names another unit's officer by the unit only, and leaves its token out", () => {
    const entries = buildPackageEntries(input([report('fr-pharos', 'marc', 's3', sha('b'))]));
    const texts = entries.flatMap((entry) => ('bytes' in entry ? [new TextDecoder().decode(entry.bytes)] : [])).join('\n');
    expect(texts).not.toContain('marc');
    expect(texts).toContain('an officer of unit fr-pharos');
    expect(entries.map((entry) => entry.path)).not.toContain('timestamps/s3.tsr');
  });

  it('leaves out an artifact the server did not verify', () => {
    const unverified = { ...report('eu-iru', 'ana', 's4', sha('c')), evidenceChecks: [{ sha256: sha('c'), status: 'mismatch' }] };
    expect(buildPackageEntries(input([unverified])).filter((entry) => 'artifact' in entry)).toEqual([]);
  });

  it('writes sums in the format sha256sum -c reads', () => {
    expect(sha256sumsLine(sha('d'), 'a b.txt')).toBe(`${sha('d')}  a b.txt\n`);
  });
});
