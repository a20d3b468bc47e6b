import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDeploymentConfig, DeploymentConfigError, noAlarmEmail, noTimestampAuthority, readDeploymentConfig } from './deployment-config';
import { repoRoot } from './repo-root';

// Every App makes its output folder when it is built; these are never synthesized, so they share one.
const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-config-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const read = (context: Record<string, unknown>) => readDeploymentConfig(new App({ outdir, context }).node);

describe('readDeploymentConfig', () => {
  const withAlarms = { 'referralDesk:alarmEmail': 'duty-officer@example.org', 'referralDesk:tsaUrl': noTimestampAuthority };

  it('defaults to governance lock for six months (Regulation (EU) 2021/784 Art. 6)', () => {
    expect(read(withAlarms)).toEqual({
      ...defaultDeploymentConfig,
      alarmEmail: 'duty-officer@example.org',
      cognitoDomainPrefix: 'referral-desk-dev',
    });
    expect(read(withAlarms).evidenceRetentionDays).toBe(183);
  });

  it('requires the alarm e-mail, or "none" as an explicit opt-out, so alarms cannot reach nobody by omission', () => {
    expect(() => read({})).toThrow(DeploymentConfigError);
    expect(() => read({})).toThrow(/referralDesk:alarmEmail: required/);
    expect(() => read({ 'referralDesk:alarmEmail': '  ' })).toThrow('referralDesk:alarmEmail');
    expect(read({ 'referralDesk:alarmEmail': noAlarmEmail, 'referralDesk:tsaUrl': noTimestampAuthority }).alarmEmail).toBe('none');
  });

  it('gives the table the indexes of infra/resources.ts unless a move from the retired ones names others', () => {
    expect(read(withAlarms).tableIndexes).toEqual(['gsi1q', 'gsi2d']);
    expect(read({ ...withAlarms, 'referralDesk:tableIndexes': 'gsi1,gsi2,gsi1q' }).tableIndexes).toEqual(['gsi1', 'gsi2', 'gsi1q']);
    expect(() => read({ ...withAlarms, 'referralDesk:tableIndexes': 'gsi1,gsi3' })).toThrow(/referralDesk:tableIndexes: unknown index gsi3/);
    expect(() => read({ ...withAlarms, 'referralDesk:tableIndexes': 'gsi1q,gsi1q' })).toThrow(/named twice/);
  });

  it('sizes the process stage at 50 concurrent batches unless the deployment says otherwise', () => {
    expect(read(withAlarms).processConcurrency).toBe(50);
    expect(read({ ...withAlarms, 'referralDesk:processConcurrency': '200' }).processConcurrency).toBe(200);
  });

  it('reads values given with -c as strings', () => {
    const config = read({
      'referralDesk:stagePrefix': 'prod',
      'referralDesk:processConcurrency': '120',
      'referralDesk:evidenceRetentionDays': '400',
      'referralDesk:evidenceLockMode': 'compliance',
      'referralDesk:logRetentionDays': '731',
      'referralDesk:alarmEmail': 'ops@example.org',
      'referralDesk:tsaUrl': noTimestampAuthority,
      'referralDesk:callbackUrls': 'https://a.chromiumapp.org/, https://b.extensions.allizom.org/',
    });
    expect(config).toMatchObject({
      stagePrefix: 'prod',
      evidenceRetentionDays: 400,
      evidenceLockMode: 'compliance',
      logRetentionDays: 731,
      alarmEmail: 'ops@example.org',
      processConcurrency: 120,
      callbackUrls: ['https://a.chromiumapp.org/', 'https://b.extensions.allizom.org/'],
      cognitoDomainPrefix: 'referral-desk-prod',
    });
  });

  describe('the time-stamping authority', () => {
    const anchor = 'infra/cdk/test-fixtures/tsa-trust-anchor.pem';
    const withTsa = { ...withAlarms, 'referralDesk:tsaUrl': 'http://tsa.example.eu/tsr', 'referralDesk:tsaTrustAnchorFile': anchor };

    it('is required: a URL with its trust anchor, or "none" as an explicit opt-out', () => {
      expect(() => read({ 'referralDesk:alarmEmail': noAlarmEmail })).toThrow(/referralDesk:tsaUrl: required/);
      expect(read(withAlarms)).toMatchObject({ tsaUrl: 'none', tsaTrustAnchorFile: '' });
      expect(read(withTsa)).toMatchObject({ tsaUrl: 'http://tsa.example.eu/tsr', tsaTrustAnchorFile: join(repoRoot, anchor) });
    });

    it.each([
      ['referralDesk:tsaUrl', 'ftp://tsa.example.eu/tsr', {}],
      ['referralDesk:tsaUrl', 'tsa.example.eu', {}],
      ['referralDesk:tsaTrustAnchorFile', '', {}],
      ['referralDesk:tsaTrustAnchorFile', 'infra/cdk/test-fixtures/missing.pem', {}],
      // Not a certificate at all, and the TSA's own certificate instead of the CA that issued it.
      ['referralDesk:tsaTrustAnchorFile', 'infra/cdk/test-fixtures/echo-handler.ts', {}],
      ['referralDesk:tsaTrustAnchorFile', 'infra/cdk/test-fixtures/tsa-signing-certificate.pem', {}],
      // A trust anchor without a TSA is a half-made configuration.
      ['referralDesk:tsaTrustAnchorFile', anchor, { 'referralDesk:tsaUrl': noTimestampAuthority }],
    ])('rejects %s = %j, naming the key', (key, value, extra) => {
      const context = { ...withTsa, [key]: value, ...extra };
      expect(() => read(context)).toThrow(DeploymentConfigError);
      expect(() => read(context)).toThrow(key);
    });
  });

  it.each([
    ['referralDesk:stagePrefix', 'Prod_1'],
    ['referralDesk:evidenceRetentionDays', '0'],
    ['referralDesk:evidenceRetentionDays', 'six months'],
    ['referralDesk:evidenceLockMode', 'legal-hold'],
    ['referralDesk:logRetentionDays', 100],
    ['referralDesk:alarmEmail', 'not-an-address'],
    ['referralDesk:callbackUrls', 'http://example.org/cb'],
    ['referralDesk:cognitoDomainPrefix', 'my-cognito-login'],
    ['referralDesk:region', 'europe'],
    ['referralDesk:processConcurrency', '1'],
    ['referralDesk:processConcurrency', '1001'],
    ['referralDesk:processConcurrency', 'many'],
  ])('rejects %s = %j, naming the key', (key, value) => {
    expect(() => read({ ...withAlarms, [key]: value })).toThrow(DeploymentConfigError);
    expect(() => read({ ...withAlarms, [key]: value })).toThrow(key);
  });
});
