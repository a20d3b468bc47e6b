import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Node } from 'constructs';
import { referralTable, retiredGlobalIndexes, type GlobalIndexDescription } from '../resources';
import { repoRoot } from './repo-root';

/**
 * What differs between deployments, read from CDK context (cdk.json, or `-c key=value`
 * on the command line). Every key is prefixed `referralDesk:` so it cannot collide with
 * CDK's own feature flags.
 */
export interface DeploymentConfig {
  /**
   * AWS region of every stack. Explicit, not the caller's profile: evidence and personal data
   * stay where the deployment says, and synth works offline.
   */
  region: string;
  /** Prefix of every stack and physical name, e.g. `prod` gives `prod-ingest`. */
  stagePrefix: string;
  /** S3 Object Lock default retention for evidence, in days. */
  evidenceRetentionDays: number;
  /** Governance lets a privileged admin shorten retention; compliance lets nobody, not even root. */
  evidenceLockMode: 'governance' | 'compliance';
  /** CloudWatch Logs retention for function and API access logs, in days. */
  logRetentionDays: number;
  /** POWERTOOLS_LOG_LEVEL of every function. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Where alarms are e-mailed, or `none`: the operator subscribes a pager or chat integration to the
   * topic themselves. Required, so a deployment cannot end up with alarms that reach nobody by omission.
   */
  alarmEmail: string | typeof noAlarmEmail;
  /**
   * Concurrent batches of the process stage: the ingest event source's maximum concurrency and the
   * function's reserved concurrency, so an API burst cannot take the process stage's executions.
   * Raise it for action days (DEPLOY.md); the account's Lambda concurrency quota must leave 100 unreserved.
   */
  processConcurrency: number;
  /** OAuth callback URLs of the extension (e.g. `https://<extension-id>.chromiumapp.org/`). */
  callbackUrls: string[];
  /** Prefix of the Cognito domain `<prefix>.auth.<region>.amazoncognito.com`; globally unique per region. */
  cognitoDomainPrefix: string;
  /**
   * Units that get a page topic (SNS, KMS-encrypted) for on-call contacts of channel `sns`; the
   * unit's admin subscribes e-mail addresses and phone numbers to it. Empty: no topics, and the
   * escalation function may publish to none.
   */
  pageTopicUnits: string[];
  /**
   * The RFC 3161 time-stamping authority that stamps capture manifests and the daily audit anchors
   * (an eIDAS qualified TSA in production, Regulation (EU) No 910/2014 Art. 42), or `none`.
   * Required, so a deployment cannot go without trusted time by omission; with `none` every record
   * says that no token was asked for.
   */
  tsaUrl: string | typeof noTimestampAuthority;
  /**
   * PEM file of the CA certificates the TSA's tokens must chain to (absolute, or relative to the
   * repository root): required with a TSA URL, so no token is accepted unchecked. It ships inside
   * the bundles of the functions that stamp or verify tokens; it is public, so neither a secret nor
   * a permission is needed to read it. Empty with `none`.
   */
  tsaTrustAnchorFile: string;
  /**
   * The global indexes the table has after this deployment, by name: those of infra/resources.ts,
   * or, while an older table moves from `gsi1`/`gsi2` to `gsi1q`/`gsi2d`, a list that keeps retired
   * ones and adds one new index per update (DynamoDB creates or deletes one index per stack
   * update; DEPLOY.md, "Moving to the projected indexes").
   */
  tableIndexes: string[];
}

const contextKeys = {
  region: 'referralDesk:region',
  stagePrefix: 'referralDesk:stagePrefix',
  evidenceRetentionDays: 'referralDesk:evidenceRetentionDays',
  evidenceLockMode: 'referralDesk:evidenceLockMode',
  logRetentionDays: 'referralDesk:logRetentionDays',
  logLevel: 'referralDesk:logLevel',
  alarmEmail: 'referralDesk:alarmEmail',
  processConcurrency: 'referralDesk:processConcurrency',
  callbackUrls: 'referralDesk:callbackUrls',
  cognitoDomainPrefix: 'referralDesk:cognitoDomainPrefix',
  pageTopicUnits: 'referralDesk:pageTopicUnits',
  tsaUrl: 'referralDesk:tsaUrl',
  tsaTrustAnchorFile: 'referralDesk:tsaTrustAnchorFile',
  tableIndexes: 'referralDesk:tableIndexes',
} as const satisfies Record<keyof DeploymentConfig, string>;

/** The explicit opt-out of the alarm e-mail: alarms go to the topic, whose subscriptions the operator manages. */
export const noAlarmEmail = 'none' as const;

/** The explicit opt-out of trusted timestamps: captures and anchors are recorded as not stamped. */
export const noTimestampAuthority = 'none' as const;

/**
 * Ten reports per batch, about a second per batch: 50 batches carry some 500 reports/s, an EU-wide
 * action day's peak with room to spare (storage-design.md, capacity model).
 */
export const defaultProcessConcurrency = 50;

/** Regulation (EU) 2021/784 Art. 6: removed content and related data are preserved for six months. */
export const defaultEvidenceRetentionDays = 183;

export const defaultDeploymentConfig: DeploymentConfig = {
  region: 'eu-west-1',
  stagePrefix: 'dev',
  evidenceRetentionDays: defaultEvidenceRetentionDays,
  evidenceLockMode: 'governance',
  logRetentionDays: 365,
  logLevel: 'INFO',
  alarmEmail: noAlarmEmail,
  processConcurrency: defaultProcessConcurrency,
  callbackUrls: [],
  cognitoDomainPrefix: '',
  pageTopicUnits: [],
  tsaUrl: noTimestampAuthority,
  tsaTrustAnchorFile: '',
  tableIndexes: referralTable.globalIndexes.map((index) => index.indexName),
};

export class DeploymentConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = 'DeploymentConfigError';
  }
}

const stagePrefixPattern = /^[a-z][a-z0-9-]{0,19}$/;
const domainPrefixPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
/** The retention periods CloudWatch Logs accepts. */
const logRetentionChoices = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const positiveInteger = (key: string, raw: unknown): number => {
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new DeploymentConfigError(key, `expected a positive whole number of days, got ${JSON.stringify(raw)}`);
  }
  return value;
};

const text = (raw: unknown): string => (raw === undefined || raw === null ? '' : String(raw).trim());

/** A list from context: a JSON array in cdk.json, or a comma-separated string from `-c`. */
const list = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw.map(String) : text(raw).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * Reads and checks the deployment's context, so a typo fails `cdk synth` with the key at fault
 * instead of producing a stack that deploys and misbehaves.
 */
export const readDeploymentConfig = (node: Node): DeploymentConfig => {
  const get = (key: keyof DeploymentConfig): unknown => node.tryGetContext(contextKeys[key]);
  const d = defaultDeploymentConfig;

  const stagePrefix = text(get('stagePrefix')) || d.stagePrefix;
  if (!stagePrefixPattern.test(stagePrefix)) {
    throw new DeploymentConfigError(contextKeys.stagePrefix, 'expected a lowercase slug of at most 20 characters');
  }

  const region = text(get('region')) || d.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new DeploymentConfigError(contextKeys.region, `expected an AWS region such as eu-west-1, got ${region}`);
  }

  const lockRaw = text(get('evidenceLockMode')) || d.evidenceLockMode;
  if (lockRaw !== 'governance' && lockRaw !== 'compliance') {
    throw new DeploymentConfigError(contextKeys.evidenceLockMode, 'expected governance or compliance');
  }

  const logLevel = (text(get('logLevel')) || d.logLevel).toUpperCase();
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new DeploymentConfigError(contextKeys.logLevel, `expected one of ${logLevels.join(', ')}`);
  }

  const alarmEmail = text(get('alarmEmail'));
  if (alarmEmail === '') {
    throw new DeploymentConfigError(
      contextKeys.alarmEmail,
      `required: the address alarms are e-mailed to, or "${noAlarmEmail}" if you subscribe the alarm topic yourself`,
    );
  }
  if (alarmEmail !== noAlarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new DeploymentConfigError(contextKeys.alarmEmail, `expected an e-mail address or "${noAlarmEmail}"`);
  }

  const rawProcessConcurrency = get('processConcurrency');
  const processConcurrency =
    rawProcessConcurrency === undefined || rawProcessConcurrency === ''
      ? d.processConcurrency
      : Number(rawProcessConcurrency);
  // SQS event sources accept a maximum concurrency from 2 to 1000.
  if (!Number.isInteger(processConcurrency) || processConcurrency < 2 || processConcurrency > 1000) {
    throw new DeploymentConfigError(
      contextKeys.processConcurrency,
      `expected a whole number from 2 to 1000, got ${JSON.stringify(rawProcessConcurrency)}`,
    );
  }

  const callbackUrls = list(get('callbackUrls'));
  for (const url of callbackUrls) {
    // Cognito only accepts http for localhost; anything else must be https.
    if (!/^https:\/\//.test(url) && !/^http:\/\/localhost(:\d+)?\//.test(url)) {
      throw new DeploymentConfigError(contextKeys.callbackUrls, `${url} is not an https URL`);
    }
  }

  const cognitoDomainPrefix = text(get('cognitoDomainPrefix')) || `referral-desk-${stagePrefix}`;
  if (!domainPrefixPattern.test(cognitoDomainPrefix) || /aws|amazon|cognito/.test(cognitoDomainPrefix)) {
    throw new DeploymentConfigError(
      contextKeys.cognitoDomainPrefix,
      'expected lowercase letters, digits and hyphens, without aws, amazon or cognito',
    );
  }

  const pageTopicUnits = [...new Set(list(get('pageTopicUnits')))];
  for (const unit of pageTopicUnits) {
    // The unit id's own rule (functions/contract/principal.ts), so the topic name is the unit's.
    if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(unit)) throw new DeploymentConfigError(contextKeys.pageTopicUnits, `${unit} is not a unit id (a lowercase slug)`);
  }

  const { tsaUrl, tsaTrustAnchorFile } = readTimestampAuthority(text(get('tsaUrl')), text(get('tsaTrustAnchorFile')));

  const rawRetention = get('evidenceRetentionDays');
  const rawLogRetention = get('logRetentionDays');
  const logRetentionDays =
    rawLogRetention === undefined ? d.logRetentionDays : positiveInteger(contextKeys.logRetentionDays, rawLogRetention);
  if (!logRetentionChoices.includes(logRetentionDays)) {
    throw new DeploymentConfigError(contextKeys.logRetentionDays, `CloudWatch Logs accepts ${logRetentionChoices.join(', ')}`);
  }
  const rawIndexes = get('tableIndexes');
  const tableIndexes = rawIndexes === undefined ? d.tableIndexes : list(rawIndexes);
  for (const name of tableIndexes) {
    if (!knownIndexes.has(name)) {
      throw new DeploymentConfigError(contextKeys.tableIndexes, `unknown index ${name}: expected some of ${[...knownIndexes.keys()].join(', ')}`);
    }
  }
  if (new Set(tableIndexes).size !== tableIndexes.length) throw new DeploymentConfigError(contextKeys.tableIndexes, 'an index is named twice');

  return {
    region,
    stagePrefix,
    evidenceRetentionDays:
      rawRetention === undefined ? d.evidenceRetentionDays : positiveInteger(contextKeys.evidenceRetentionDays, rawRetention),
    evidenceLockMode: lockRaw,
    logRetentionDays,
    logLevel: logLevel as DeploymentConfig['logLevel'],
    alarmEmail,
    processConcurrency,
    callbackUrls,
    cognitoDomainPrefix,
    pageTopicUnits,
    tsaUrl,
    tsaTrustAnchorFile,
    tableIndexes,
  };
};

const knownIndexes = new Map([...referralTable.globalIndexes, ...retiredGlobalIndexes].map((index) => [index.indexName, index]));

/** The indexes a deployment's table has, described (readDeploymentConfig checked every name). */
export const tableIndexesOf = (config: DeploymentConfig): GlobalIndexDescription[] =>
  config.tableIndexes.map((name) => {
    const index = knownIndexes.get(name);
    if (!index) throw new DeploymentConfigError(contextKeys.tableIndexes, `unknown index ${name}`);
    return index;
  });

const pemCertificates = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

/**
 * The TSA and its trust anchor, checked at synth: a URL the functions can ask, and a PEM file of
 * CA certificates that exists and parses, so a deployment never ships tokens it cannot verify.
 */
const readTimestampAuthority = (url: string, anchorFile: string): Pick<DeploymentConfig, 'tsaUrl' | 'tsaTrustAnchorFile'> => {
  if (url === '') {
    throw new DeploymentConfigError(
      contextKeys.tsaUrl,
      `required: the URL of the RFC 3161 time-stamping authority (an eIDAS qualified TSA in production), or "${noTimestampAuthority}" to run without trusted timestamps`,
    );
  }
  if (url === noTimestampAuthority) {
    if (anchorFile !== '') throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, `a trust anchor without a TSA: set ${contextKeys.tsaUrl} too, or leave this empty`);
    return { tsaUrl: noTimestampAuthority, tsaTrustAnchorFile: '' };
  }
  // RFC 3161 section 3.4: tokens are signed, so plain HTTP carries them as safely as HTTPS.
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
    throw new DeploymentConfigError(contextKeys.tsaUrl, `expected an http(s) URL or "${noTimestampAuthority}", got ${url}`);
  }
  if (anchorFile === '') throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, "required with a TSA: a PEM file of the CA certificates its tokens chain to (the TSA's published CA)");
  const path = isAbsolute(anchorFile) ? anchorFile : join(repoRoot, anchorFile);
  if (!existsSync(path)) throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, `${path} does not exist`);
  const certificates = pemCertificates(readFileSync(path, 'utf8'));
  if (certificates.length === 0) throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, `${path} holds no PEM certificate`);
  for (const pem of certificates) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch (error) {
      throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, `${path}: a certificate does not parse (${error instanceof Error ? error.message : String(error)})`);
    }
    // A trust anchor issues the TSA's certificate; the TSA's own certificate is not one.
    if (!certificate.ca) throw new DeploymentConfigError(contextKeys.tsaTrustAnchorFile, `${path}: ${certificate.subject.replaceAll('\n', ', ')} is not a CA certificate`);
  }
  return { tsaUrl: url, tsaTrustAnchorFile: path };
};

export { contextKeys as deploymentContextKeys };
