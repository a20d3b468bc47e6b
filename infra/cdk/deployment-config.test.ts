import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDeploymentConfig, DeploymentConfigError, readDeploymentConfig } from './deployment-config';

// Every App makes its output folder when it is built; these are never synthesized, so they share one.
const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-config-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const read = (context: Record<string, unknown>) => readDeploymentConfig(new App({ outdir, context }).node);

describe('readDeploymentConfig', () => {
  it('defaults to governance lock for six months (Regulation (EU) 2021/784 Art. 6) and no alarm e-mail', () => {
    expect(read({})).toEqual({ ...defaultDeploymentConfig, cognitoDomainPrefix: 'referral-desk-dev' });
    expect(read({}).evidenceRetentionDays).toBe(183);
  });

  it('reads values given with -c as strings', () => {
    const config = read({
      'referralDesk:stagePrefix': 'prod',
      'referralDesk:evidenceRetentionDays': '400',
      'referralDesk:evidenceLockMode': 'compliance',
      'referralDesk:logRetentionDays': '731',
      'referralDesk:alarmEmail': 'ops@example.org',
      'referralDesk:callbackUrls': 'https://a.chromiumapp.org/, https://b.extensions.allizom.org/',
    });
    expect(config).toMatchObject({
      stagePrefix: 'prod',
      evidenceRetentionDays: 400,
      evidenceLockMode: 'compliance',
      logRetentionDays: 731,
      alarmEmail: 'ops@example.org',
      callbackUrls: ['https://a.chromiumapp.org/', 'https://b.extensions.allizom.org/'],
      cognitoDomainPrefix: 'referral-desk-prod',
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
  ])('rejects %s = %j, naming the key', (key, value) => {
    expect(() => read({ [key]: value })).toThrow(DeploymentConfigError);
    expect(() => read({ [key]: value })).toThrow(key);
  });
});
