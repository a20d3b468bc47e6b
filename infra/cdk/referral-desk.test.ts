import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack, Validations } from 'aws-cdk-lib';
import QRCode from 'qrcode';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChecks } from './checks';
import { roles } from '../../functions/contract/principal';
import { deadLetterName, queues, referralTable, type QueueName } from '../resources';
import { stages, type StageName } from '../stages';
import { alarmNames } from './monitoring-stack';
import { documentFontsDir, tsaTrustAnchorPath } from './pipeline-function';
import { repoRoot } from './repo-root';
import { buildOpenApiDocument } from '../../functions/api/openapi';
import { apiRouteThrottles, defaultRouteThrottle, presentStages } from './stateless-stack';
import { readViolations, synthesizeReferralDesk, type SynthesizedReferralDesk } from './synthesize';
import { defaultDeploymentConfig } from './deployment-config';
import { StatefulStack } from './stateful-stack';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;

/** The exact environment each stage's function gets: the names functions/adapters/runtime-config.ts reads. */
const expectedEnvironment: Record<StageName, string[]> = {
  api: ['AUTH_MODE', 'CURSOR_KEY_SECRET_ARN', 'DELIVERY_QUEUE_URL', 'DOCUMENT_FONTS_DIR', 'EVIDENCE_BUCKET', 'INGEST_QUEUE_URL', 'PACKAGE_SIGNING_KEY_ID', 'TABLE_NAME', 'TSA_TRUST_ANCHOR_FILE', 'URGENT_QUEUE_URL'],
  process: [
    'DELIVERY_QUEUE_URL',
    'ESCALATION_QUEUE_URL',
    'EVIDENCE_BUCKET',
    'FINANCIAL_QUEUE_URL',
    'INDEX_SNAPSHOT_BUCKET',
    'INGEST_DLQ_URL',
    'TABLE_NAME',
    'TSA_TRUST_ANCHOR_FILE',
    'TSA_URL',
  ],
  urgent: [
    'DELIVERY_QUEUE_URL',
    'ESCALATION_QUEUE_URL',
    'EVIDENCE_BUCKET',
    'FINANCIAL_QUEUE_URL',
    'INDEX_SNAPSHOT_BUCKET',
    'TABLE_NAME',
    'TSA_TRUST_ANCHOR_FILE',
    'TSA_URL',
    'URGENT_DLQ_URL',
  ],
  delivery: ['DELIVERY_DLQ_URL', 'EVIDENCE_BUCKET', 'TABLE_NAME'],
  escalation: ['ESCALATION_DLQ_URL', 'PAGE_TOPIC_ARN_PREFIX', 'TABLE_NAME'],
  financial: ['FINANCIAL_DLQ_URL', 'TABLE_NAME'],
  scheduler: ['ESCALATION_QUEUE_URL', 'EVIDENCE_BUCKET', 'TABLE_NAME', 'TSA_TRUST_ANCHOR_FILE', 'TSA_URL'],
};
const everyFunctionEnvironment = ['POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'STAGE'];

/** Actions that have no resource-level permissions, so "*" is the narrowest resource there is. */
const actionsWithoutResourceScope = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

/**
 * Cold-start budget per bundle. The API carries pdf-lib for removal orders (~0.6 MB; the font
 * engine and the fonts that print every script lie beside the bundle, loaded on the first PDF)
 * and uses the runtime's AWS SDK; it passed 1 MB once URL rules, the public-address registries and
 * PDQ-aware evidence checks came in, and carries PKI.js too (~0.36 MB) since it verifies the audit
 * anchors' timestamp tokens and signs evidence packages: its own, larger budget until those load
 * beside the bundle like the fonts. The process stage carries PKI.js and asn1js
 * (~0.3 MB) to build RFC 3161 requests and verify timestamp tokens, a CMS job no smaller library
 * does. It also reads MHTML snapshots for indicators in the page text: postal-mime, htmlparser2
 * and entities (~0.15 MB), in the cloud too, since the page text is where a donation address
 * hides. It reads QR codes with jsQR (~0.13 MB, bundled) in images that sharp decodes; sharp, a
 * native addon with libvips (~20 MB), lies beside the bundle and loads on the first image.
 * The lambda-bundles benchmark shows each import time.
 */
const bundleBudgetBytes = 1_450_000;
// The process stage carries the S3 client for hash bank snapshots, the video frame index,
// incident matching and jsQR beside its pipeline; its cold start is the lambda-bundles benchmark's figure.
// The API scans each report's text for a time marker near an attack term to choose its ingest lane
// (core/ingest-lane.ts), which brings the attack and time-marker word lists into its bundle.
const bundleBudgetBytesOf: Partial<Record<string, number>> = { api: 1_800_000, process: 1_650_000, urgent: 1_650_000 };
const stagesOnDisk = (): string[] =>
  readdirSync(join(repoRoot, 'functions'), { withFileTypes: true })
    .filter((dir) => dir.isDirectory() && existsSync(join(repoRoot, 'functions', dir.name, 'handler.ts')))
    .map((dir) => dir.name);

const ofType = (resources: Resources, type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The logical id a Ref/GetAtt/ImportValue points at, for matching "encrypted with the key". */
const referencesKey = (value: unknown, keyLogicalId: string): boolean => JSON.stringify(value).includes(keyLogicalId);

/** The deployment's TSA in these tests: an eIDAS qualified TSA's URL would go here, and its CA certificate. */
const exampleTsaUrl = 'http://tsa.example.eu/tsr';
const exampleTrustAnchor = 'infra/cdk/test-fixtures/tsa-trust-anchor.pem';

let synthesized: SynthesizedReferralDesk;
let stateful: Template;
let stateless: Template;
let monitoring: Template;
let keyLogicalId: string;

/** The stateless stack's functions, by stage (their service name). */
const functionsByStage = (): Record<string, { Properties?: Record<string, unknown> }> => {
  const functions = ofType(stateless.toJSON().Resources as Resources, 'AWS::Lambda::Function');
  return Object.fromEntries(
    functions.map(([, fn]) => {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      return [String(variables.POWERTOOLS_SERVICE_NAME).replace('referral-desk-', ''), fn];
    }),
  );
};

beforeAll(() => {
  synthesized = synthesizeReferralDesk({
    'referralDesk:stagePrefix': 'test',
    'referralDesk:alarmEmail': 'duty-officer@example.org',
    'referralDesk:callbackUrls': ['https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/'],
    'referralDesk:pageTopicUnits': ['eu-iru', 'fr-pharos'],
    'referralDesk:tsaUrl': exampleTsaUrl,
    'referralDesk:tsaTrustAnchorFile': exampleTrustAnchor,
  });
  stateful = Template.fromStack(synthesized.stateful);
  stateless = Template.fromStack(synthesized.stateless);
  monitoring = Template.fromStack(synthesized.monitoring);
  keyLogicalId = synthesized.stateful.getLogicalId(synthesized.stateful.key.node.defaultChild as never);
}, 120_000);

afterAll(() => {
  if (synthesized) rmSync(synthesized.outdir, { recursive: true, force: true });
});

describe('checks', () => {
  it("runs cdk-nag's AWS Solutions rules with zero unacknowledged findings", () => {
    expect(synthesized.violations).toEqual([]);
  });

  it('would report a finding: the same checks flag an unencrypted queue without a dead-letter queue', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-nag-canary-'));
    try {
      const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
      addChecks(app);
      new Queue(new Stack(app, 'Canary'), 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
      app.synth();
      expect(readViolations(outdir).map((v) => v.ruleName)).toEqual(
        expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('gives every acknowledgement a written reason', () => {
    const acknowledgements = synthesized.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, `reason for ${id}`).toBeGreaterThan(40);
    }
  });

  it('grants "*" only for actions without resource-level permissions, and no wildcard actions', () => {
    for (const template of [stateful, stateless, monitoring]) {
      for (const [id, policy] of ofType(template.toJSON().Resources as Resources, 'AWS::IAM::Policy')) {
        const document = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
        for (const statement of document.Statement) {
          const actions = ([] as string[]).concat(statement.Action as string | string[]);
          const resources = ([] as unknown[]).concat(statement.Resource);
          expect(actions.filter((a) => a.includes('*')), `${id} actions`).toEqual([]);
          if (resources.includes('*')) {
            expect(actions.every((a) => actionsWithoutResourceScope.has(a)), `${id}: ${actions.join(', ')} on "*"`).toBe(true);
          }
        }
      }
    }
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const template of [stateful, stateless, monitoring]) {
      for (const [id, role] of ofType(template.toJSON().Resources as Resources, 'AWS::IAM::Role')) {
        expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
      }
    }
  });
});

describe('stateful stack', () => {
  it('has one customer-managed data key with rotation, retained, beside the package signing key', () => {
    // Two keys: the symmetric data key, and the asymmetric evidence-package key (KMS rotates only symmetric keys).
    stateful.resourceCountIs('AWS::KMS::Key', 2);
    stateful.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  it('builds the table from infra/resources.ts with PITR, deletion protection, TTL and the key', () => {
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        TableName: `test-${referralTable.logicalName}`,
        KeySchema: [
          { AttributeName: referralTable.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: referralTable.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: referralTable.globalIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: index.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] } : { ProjectionType: 'ALL' },
          }),
        ),
        TimeToLiveSpecification: { AttributeName: referralTable.timeToLiveAttribute, Enabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            SSESpecification: { KMSMasterKeyId: Match.anyValue() },
          }),
        ],
      }),
    });
    const [, table] = ofType(stateful.toJSON().Resources as Resources, 'AWS::DynamoDB::GlobalTable')[0]!;
    expect(referencesKey((table.Properties?.Replicas as unknown[])[0], keyLogicalId)).toBe(true);
  });

  it('projects into each index only what its readers read: the queue columns, the unit listing and bank additions', () => {
    const [, table] = ofType(stateful.toJSON().Resources as Resources, 'AWS::DynamoDB::GlobalTable')[0]!;
    const indexes = table.Properties?.GlobalSecondaryIndexes as { IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[];
    expect(indexes.map((index) => [index.IndexName, index.Projection.ProjectionType])).toEqual([
      ['gsi1q', 'INCLUDE'],
      ['gsi2d', 'INCLUDE'],
    ]);
    const [queues, unitDays] = indexes.map((index) => index.Projection.NonKeyAttributes ?? []);
    expect(queues).toEqual(expect.arrayContaining(['status', 'priority', 'reportCount', 'units', 'version', 'claimedBy', 'assignee']));
    // Settling a report's count, labels and the audit event change only these: the queue entry is not rewritten.
    for (const unread of ['countingReports', 'settledReports', 'settledBefore', 'labels', 'indicators', 'lastEvent', 'mediaMatchKeys']) expect(queues).not.toContain(unread);
    expect(unitDays).toEqual(expect.arrayContaining(['submissionId', 'acceptedAt', 'url', 'officerId', 'pdq', 'frames', 'addedAt']));
    for (const unread of ['selectedText', 'notes', 'capture', 'evidenceChecks', 'manifestTimestamp', 'subTags']) expect(unitDays).not.toContain(unread);
  });

  it('keeps the retired whole-item indexes while a deployment moves, as the tableIndexes context lists them', () => {
    const { context } = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'referral-desk-moving-')), context });
    try {
      const moving = new StatefulStack(app, 'Moving', { env: { region: 'eu-west-1' }, config: { ...defaultDeploymentConfig, cognitoDomainPrefix: 'referral-desk-moving', tableIndexes: ['gsi1', 'gsi2', 'gsi1q'] } });
      const [, table] = ofType(Template.fromStack(moving).toJSON().Resources as Resources, 'AWS::DynamoDB::GlobalTable')[0]!;
      const indexes = table.Properties?.GlobalSecondaryIndexes as { IndexName: string; Projection: { ProjectionType: string } }[];
      expect(indexes.map((index) => [index.IndexName, index.Projection.ProjectionType])).toEqual([
        ['gsi1', 'ALL'],
        ['gsi2', 'ALL'],
        ['gsi1q', 'INCLUDE'],
      ]);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('gives every work queue of infra/resources.ts its dead-letter queue', () => {
    const resources = stateful.toJSON().Resources as Resources;
    const sqsQueues = ofType(resources, 'AWS::SQS::Queue');
    expect(sqsQueues).toHaveLength(Object.keys(queues).length * 2);
    for (const description of Object.values(queues)) {
      const [deadId] = sqsQueues.find(([, q]) => q.Properties?.QueueName === `test-${deadLetterName(description)}`) ?? [];
      expect(deadId, `${description.logicalName} dead-letter queue`).toBeDefined();
      stateful.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `test-${description.logicalName}`,
        VisibilityTimeout: description.visibilityTimeoutSeconds,
        MessageRetentionPeriod: description.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [deadId, 'Arn'] },
          maxReceiveCount: description.maxReceiveCount,
        },
      });
    }
    // A queue is either a dead-letter queue of another or has one itself (no third kind).
    const deadLetterIds = new Set(
      sqsQueues.flatMap(([, q]) => {
        const redrive = q.Properties?.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } } | undefined;
        return redrive ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
      }),
    );
    for (const [id, q] of sqsQueues) {
      expect(q.Properties?.RedrivePolicy !== undefined || deadLetterIds.has(id), id).toBe(true);
    }
  });

  it('encrypts every queue with the key and refuses plain HTTP', () => {
    const resources = stateful.toJSON().Resources as Resources;
    const sqsQueues = ofType(resources, 'AWS::SQS::Queue');
    for (const [id, q] of sqsQueues) {
      expect(referencesKey(q.Properties?.KmsMasterKeyId, keyLogicalId), id).toBe(true);
    }
    const policies = ofType(resources, 'AWS::SQS::QueuePolicy');
    const covered = policies.flatMap(([, policy]) => {
      const statements = (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      const deniesHttp = statements.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      );
      return deniesHttp ? (policy.Properties?.Queues as { Ref: string }[]).map((q) => q.Ref) : [];
    });
    expect(new Set(covered)).toEqual(new Set(sqsQueues.map(([id]) => id)));
  });

  it('locks evidence (governance, 183 days by default), versions, encrypts with the key, blocks public access, logs access', () => {
    stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 183 } },
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
              },
            }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
    });
  });

  it('refuses plain HTTP on every bucket (evidence, its access logs, index snapshots)', () => {
    const resources = stateful.toJSON().Resources as Resources;
    const buckets = ofType(resources, 'AWS::S3::Bucket').map(([id]) => id);
    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) {
      stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucket },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('has a user pool whose groups are the roles and whose custom attributes carry unit and platforms', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'unit', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'platforms', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const groups = ofType(stateful.toJSON().Resources as Resources, 'AWS::Cognito::UserPoolGroup').map(
      ([, group]) => group.Properties?.GroupName,
    );
    expect(groups.sort()).toEqual([...roles].sort());
  });

  it('copies unit and platforms into access tokens with a V2_0 pre token generation trigger', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() } },
    });
  });

  it('lets the extension read unit and platforms but never write them', () => {
    const [, client] = ofType(stateful.toJSON().Resources as Resources, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties?.GenerateSecret).toBe(false);
    expect(client.Properties?.ReadAttributes).toEqual(expect.arrayContaining(['custom:unit', 'custom:platforms']));
    expect(JSON.stringify(client.Properties?.WriteAttributes)).not.toContain('custom:');
    expect(client.Properties?.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties?.CallbackURLs).toEqual(['https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/']);
  });
});

describe('stateless stack', () => {

  it('has every functions/<stage>/handler.ts listed in infra/stages.ts and wired into the template', () => {
    const onDisk = stagesOnDisk();
    expect(onDisk).toEqual(expect.arrayContaining(['api', 'process']));
    for (const stage of onDisk) {
      expect(Object.keys(stages), `functions/${stage}/handler.ts is not in infra/stages.ts`).toContain(stage);
      expect(stages[stage as StageName].entry).toBe(`functions/${stage}/handler.ts`);
    }
    expect(Object.keys(functionsByStage()).sort()).toEqual([...onDisk].sort());
  });

  it('runs every function on nodejs24.x, ARM64, traced, with its own encrypted log group', () => {
    for (const [stage, fn] of Object.entries(functionsByStage())) {
      expect(fn.Properties, stage).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties?.LoggingConfig, stage).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
    for (const [id, logGroup] of ofType(stateless.toJSON().Resources as Resources, 'AWS::Logs::LogGroup')) {
      expect(referencesKey(logGroup.Properties?.KmsKeyId, keyLogicalId), id).toBe(true);
      expect(logGroup.Properties?.RetentionInDays, id).toBe(365);
    }
  });

  it('sets exactly the environment variables each function reads', () => {
    for (const [stage, fn] of Object.entries(functionsByStage())) {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort(), stage).toEqual(
        [...everyFunctionEnvironment, ...expectedEnvironment[stage as StageName]].sort(),
      );
      expect(variables.STAGE).toBe('test');
      if (stage === 'api') expect(variables.AUTH_MODE).toBe('apigateway');
    }
  });

  it('gives the API the queue cursor key as a generated secret of the stateful stack, readable by the API alone', () => {
    const statefulResources = stateful.toJSON().Resources as Resources;
    const secrets = ofType(statefulResources, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] ?? ['', { Type: '' }];
    // Generated at deploy time, never a value in the template, encrypted with the data key, kept on delete.
    expect(secret.Properties?.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties?.SecretString).toBeUndefined();
    expect(referencesKey(secret.Properties?.KmsKeyId, keyLogicalId)).toBe(true);
    expect((statefulResources[secretId] as { DeletionPolicy?: string }).DeletionPolicy).toBe('RetainExceptOnCreate');
    const variables = (functionsByStage()['api']?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.CURSOR_KEY_SECRET_ARN)).toContain(secretId);
    // Only the API's role may read it.
    const readers = ofType(stateless.toJSON().Resources as Resources, 'AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties).includes('secretsmanager:GetSecretValue'));
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0]?.[1].Properties?.Roles)).toMatch(/Api/);
    expect(JSON.stringify(readers[0]?.[1].Properties)).toContain(secretId);
  });

  it('signs evidence packages with a retained ECC P-256 KMS key that only the API may sign with', () => {
    const statefulResources = stateful.toJSON().Resources as Resources;
    const signingKeys = ofType(statefulResources, 'AWS::KMS::Key').filter(([, key]) => key.Properties?.KeyUsage === 'SIGN_VERIFY');
    expect(signingKeys).toHaveLength(1);
    const [keyId, key] = signingKeys[0] ?? ['', { Type: '' }];
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect((statefulResources[keyId] as { DeletionPolicy?: string }).DeletionPolicy).toBe('RetainExceptOnCreate');
    const variables = (functionsByStage()['api']?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.PACKAGE_SIGNING_KEY_ID)).toContain(keyId);
    // Least privilege: one statement, Sign and GetPublicKey on this key alone, in the API's role alone.
    const statements = ofType(stateless.toJSON().Resources as Resources, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      ((policy.Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement ?? []).map((statement) => ({ statement, roles: JSON.stringify(policy.Properties?.Roles) })),
    );
    const signing = statements.filter(({ statement }) => JSON.stringify(statement.Action).includes('kms:Sign'));
    expect(signing).toHaveLength(1);
    expect(signing[0]?.roles).toMatch(/Api/);
    expect([signing[0]?.statement.Action].flat().sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(JSON.stringify(signing[0]?.statement.Resource)).toContain(keyId);
  });

  it('consumes each trigger queue with ReportBatchItemFailures and bounded concurrency', () => {
    const present = presentStages(stages);
    const queueStages = present.filter(([, stage]) => stage.trigger.kind === 'queue');
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', queueStages.length);
    for (const [, stage] of queueStages) {
      if (stage.trigger.kind !== 'queue') continue;
      stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: stage.trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: {
          MaximumConcurrency: stage.deploymentConcurrency ? synthesized.config.processConcurrency : stage.trigger.maxConcurrency,
        },
      });
    }
    expect(queueStages.map(([name]) => name)).toContain('process');
  });

  it('puts every route behind the Cognito JWT authorizer, except the signed callbacks and the public contract, and logs access', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: Match.anyValue(),
      },
    });
    const routes = ofType(stateless.toJSON().Resources as Resources, 'AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThan(0);
    // Exactly these go without an officer token; the app authenticates callbacks by HMAC.
    const publicRouteKeys = ['POST /v1/callbacks/{platform}', 'POST /v1/callbacks/pager/{unit}', 'GET /v1/openapi.json', 'GET /v1/health'];
    for (const [id, route] of routes) {
      const routeKey = String(route.Properties?.['RouteKey']);
      expect(route.Properties?.AuthorizationType, id).toBe(publicRouteKeys.includes(routeKey) ? 'NONE' : 'JWT');
    }
    expect(routes.map(([, route]) => String(route.Properties?.['RouteKey'])).filter((key) => publicRouteKeys.includes(key)).sort()).toEqual([...publicRouteKeys].sort());
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('schedules the scheduler stage when its handler exists', () => {
    const scheduled = presentStages(stages).filter(([, stage]) => stage.trigger.kind === 'schedule');
    stateless.resourceCountIs('AWS::Events::Rule', scheduled.length);
    for (const [, stage] of scheduled) {
      if (stage.trigger.kind !== 'schedule') continue;
      stateless.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: stage.trigger.expression });
    }
  });

  it('bundles every function minified below 1.45 MB (the API below 1.8 MB, the process stages below 1.65 MB)', () => {
    const sizes: Record<string, number> = {};
    for (const [stage, fn] of Object.entries(functionsByStage())) {
      const key = (fn.Properties?.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const bundle = join(synthesized.outdir, `asset.${key}`, 'index.mjs');
      sizes[stage] = statSync(bundle).size;
    }
    console.info('bundle sizes (bytes):', sizes);
    expect(Object.entries(sizes).filter(([stage, size]) => size >= (bundleBudgetBytesOf[stage] ?? bundleBudgetBytes))).toEqual([]);
  });

  it('ships the removal-order fonts and font engine beside the API bundle, not in it', async () => {
    const api = functionsByStage().api;
    const asset = join(synthesized.outdir, `asset.${(api?.Properties?.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
    expect((api?.Properties?.Environment as { Variables: Record<string, string> }).Variables.DOCUMENT_FONTS_DIR).toBe(documentFontsDir);
    expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).toContain('@cantoo/fontkit');
    // The copied engine is what the handler imports on the first PDF: it opens the copied face and shapes Arabic.
    const engine = (await import(join(asset, 'node_modules', '@cantoo', 'fontkit', 'index.mjs'))) as { default: { create(bytes: Buffer): { layout(text: string): { glyphs: { id: number }[] } } } };
    const face = engine.default.create(readFileSync(join(asset, 'fonts', 'DejaVuSans.ttf')));
    const glyphs = face.layout('بسم').glyphs;
    expect(glyphs).toHaveLength(3);
    expect(glyphs.every((glyph) => glyph.id > 0)).toBe(true);
    expect(statSync(join(asset, 'fonts', 'DejaVuSans-Bold.ttf')).size).toBeGreaterThan(0);
  });
});

describe("the process stage's image decoder", () => {
  const assetOfStage = (stage: string): string => join(synthesized.outdir, `asset.${(functionsByStage()[stage]?.Properties?.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
  const versionIn = (dir: string): string => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const lockedSharp = (): { optionalDependencies: Record<string, string> } =>
    (JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { optionalDependencies: Record<string, string> }> }).packages['node_modules/sharp']!;
  /** ELF header: 64-bit (EI_CLASS 2), little-endian, and its e_machine (183 is EM_AARCH64, 62 EM_X86_64). */
  const elfMachineOf = (file: string): number => {
    const header = readFileSync(file).subarray(0, 20);
    expect([...header.subarray(0, 6)], file).toEqual([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    return header.readUInt16LE(18);
  };
  const aarch64 = 183;

  it("ships sharp with its linux-arm64 addon and libvips beside the bundle, at package.json's version, and no other platform's", () => {
    const modules = join(assetOfStage('process'), 'node_modules');
    const declared = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.sharp;
    expect(versionIn(join(modules, 'sharp'))).toBe(declared);
    const addonPackage = join(modules, '@img', 'sharp-linux-arm64');
    const libvipsPackage = join(modules, '@img', 'sharp-libvips-linux-arm64');
    expect(versionIn(addonPackage)).toBe(lockedSharp().optionalDependencies['@img/sharp-linux-arm64']);
    expect(versionIn(libvipsPackage)).toBe(lockedSharp().optionalDependencies['@img/sharp-libvips-linux-arm64']);
    const addons = readdirSync(join(addonPackage, 'lib')).filter((file) => file.endsWith('.node'));
    expect(addons).toHaveLength(1);
    expect(elfMachineOf(join(addonPackage, 'lib', addons[0]!))).toBe(aarch64);
    const libvips = readdirSync(join(libvipsPackage, 'lib')).filter((file) => /^libvips-cpp\.so/.test(file));
    expect(libvips).toHaveLength(1);
    expect(elfMachineOf(join(libvipsPackage, 'lib', libvips[0]!))).toBe(aarch64);
    // Only Lambda's platform: a darwin or x64 binary would be dead weight in the asset.
    expect(readdirSync(join(modules, '@img')).filter((name) => name.startsWith('sharp-')).sort()).toEqual(['sharp-libvips-linux-arm64', 'sharp-linux-arm64']);
  });

  it('imports sharp from the asset at run time rather than bundling it, and only the process stages carry it', () => {
    const decoding = ['process', 'urgent'];
    for (const stage of decoding) {
      const bundle = readFileSync(join(assetOfStage(stage), 'index.mjs'), 'utf8');
      expect(bundle).toMatch(/import\(\s*"sharp"\s*\)/);
      // libvips' operations are named in sharp's own JavaScript: none of it is inlined.
      expect(bundle).not.toContain('sharp-libvips');
      expect(existsSync(join(assetOfStage(stage), 'node_modules', '@img', 'sharp-linux-arm64')), stage).toBe(true);
    }
    for (const stage of Object.keys(functionsByStage()).filter((name) => !decoding.includes(name))) {
      expect(existsSync(join(assetOfStage(stage), 'node_modules', 'sharp')), stage).toBe(false);
    }
  });

  it("hashes and reads images through the bundled handler module and the asset's sharp (this machine's binaries in place of arm64's)", async () => {
    // Lambda's arm64 addon cannot run here: a copy of the asset gets this platform's two packages of
    // the same versions instead, and runs in a plain Node process, as Lambda runs index.mjs.
    const root = mkdtempSync(join(tmpdir(), 'referral-desk-process-asset-'));
    const copy = join(root, 'task');
    try {
      cpSync(assetOfStage('process'), copy, { recursive: true });
      // The function uses the runtime's AWS SDK, which Lambda keeps outside /var/task.
      symlinkSync(join(repoRoot, 'node_modules', '@aws-sdk'), join(mkdirSync(join(root, 'node_modules'), { recursive: true })!, '@aws-sdk'));
      const platform = `${process.platform}-${process.arch}`;
      for (const name of [`sharp-${platform}`, `sharp-libvips-${platform}`]) cpSync(join(repoRoot, 'node_modules', '@img', name), join(copy, 'node_modules', '@img', name), { recursive: true });
      const vectors = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/pdq/vectors.json'), 'utf8')) as { cases: { file: string; hash: string; quality: number }[] };
      const original = vectors.cases.find((entry) => entry.file === 'images/astronaut_a/original.png')!;
      const qrPayload = 'https://donate.example.org/campaign?ref=qr';
      const qrPng = join(copy, 'qr.png');
      writeFileSync(qrPng, await QRCode.toBuffer(qrPayload, { scale: 6, margin: 4 }));
      const script = `
        import { readFileSync } from 'node:fs';
        import { createRequire } from 'node:module';
        const bundle = await import(process.argv[1] + '/index.mjs');
        const readers = bundle.processImageReaders;
        const image = await readers.hashImage(new Uint8Array(readFileSync(process.argv[2])));
        const qr = await readers.readQrCode(new Uint8Array(readFileSync(process.argv[3])));
        const sharpFrom = createRequire(process.argv[1] + '/index.mjs').resolve('sharp');
        process.stdout.write(JSON.stringify({ handler: typeof bundle.handler, image, qr, sharpFrom }));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, copy, join(repoRoot, 'tests/fixtures/pdq', original.file), qrPng], {
        env: { PATH: process.env['PATH'] ?? '' },
      });
      const result = JSON.parse(stdout) as { handler: string; image: { ok: boolean; pdq: string; quality: number }; qr: { ok: boolean; payload?: string }; sharpFrom: string };
      expect(result.handler).toBe('function');
      expect(result.sharpFrom.startsWith(join(copy, 'node_modules', 'sharp'))).toBe(true);
      // The reference's hash (pdqhash, tests/fixtures/pdq/vectors.json), not this code's own.
      expect(result.image).toMatchObject({ ok: true, pdq: original.hash, quality: original.quality });
      expect(result.qr).toEqual({ ok: true, payload: qrPayload });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the time-stamping authority', () => {
  const assetOf = (fn: { Properties?: Record<string, unknown> } | undefined): string => join(synthesized.outdir, `asset.${(fn?.Properties?.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
  const variablesOf = (fn: { Properties?: Record<string, unknown> } | undefined): Record<string, unknown> => (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;

  it('gives the stages that stamp the TSA URL, and every stage that stamps or verifies the trust anchor inside its bundle', () => {
    const byStage = functionsByStage();
    const anchor = readFileSync(join(repoRoot, exampleTrustAnchor), 'utf8');
    for (const stage of ['process', 'scheduler'] as const) expect(variablesOf(byStage[stage]).TSA_URL, stage).toBe(exampleTsaUrl);
    expect(variablesOf(byStage.api).TSA_URL).toBeUndefined();
    for (const stage of ['api', 'process', 'scheduler'] as const) {
      expect(variablesOf(byStage[stage]).TSA_TRUST_ANCHOR_FILE, stage).toBe(tsaTrustAnchorPath);
      // Lambda unpacks the asset into /var/task: the file the variable names is the configured CA.
      expect(readFileSync(join(assetOf(byStage[stage]), basename(tsaTrustAnchorPath)), 'utf8'), stage).toBe(anchor);
    }
    for (const stage of ['delivery', 'escalation', 'financial'] as const) {
      expect(variablesOf(byStage[stage]).TSA_TRUST_ANCHOR_FILE, stage).toBeUndefined();
      expect(existsSync(join(assetOf(byStage[stage]), basename(tsaTrustAnchorPath))), stage).toBe(false);
    }
  });

  it('grants nothing for it: no statement of a stamping function names the TSA or its anchor', () => {
    const roleOf = (stage: 'process' | 'scheduler'): string => (functionsByStage()[stage]?.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    for (const stage of ['process', 'scheduler'] as const) {
      const policies = ofType(stateless.toJSON().Resources as Resources, 'AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(roleOf(stage)));
      expect(policies.length, stage).toBeGreaterThan(0);
      expect(JSON.stringify(policies), stage).not.toMatch(/tsa|ssm:|secretsmanager:/i);
    }
  });

  it('with "none", no function gets a TSA, and cdk-nag still finds nothing', () => {
    const optedOut = synthesizeReferralDesk({ 'referralDesk:stagePrefix': 'notsa', 'referralDesk:alarmEmail': 'none', 'referralDesk:tsaUrl': 'none' }, { stages: { scheduler: stages.scheduler } });
    try {
      const [, scheduler] = ofType(Template.fromStack(optedOut.stateless).toJSON().Resources as Resources, 'AWS::Lambda::Function')[0]!;
      expect(Object.keys(variablesOf(scheduler)).filter((name) => name.startsWith('TSA_'))).toEqual([]);
      expect(optedOut.violations).toEqual([]);
    } finally {
      rmSync(optedOut.outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('monitoring stack', () => {
  const alarms = (): Record<string, Record<string, unknown>> =>
    Object.fromEntries(
      ofType(monitoring.toJSON().Resources as Resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => [
        String(alarm.Properties?.AlarmName),
        alarm.Properties ?? {},
      ]),
    );

  it('sends alarms to an encrypted topic with the optional e-mail subscription', () => {
    monitoring.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const [, topic] = ofType(monitoring.toJSON().Resources as Resources, 'AWS::SNS::Topic')[0]!;
    expect(referencesKey(topic.Properties?.KmsMasterKeyId, keyLogicalId)).toBe(true);
    monitoring.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'duty-officer@example.org',
    });
  });

  it('has every alarm: dead letters, oldest messages, function errors and throttles, near-deadline referrals, unacknowledged pages, API 5xx', () => {
    const present = presentStages(stages).map(([name]) => name);
    const expected = [
      ...(Object.keys(queues) as QueueName[]).flatMap((q) => [
        alarmNames.deadLetterDepth('test', q),
        alarmNames.deadLetterAge('test', q),
        alarmNames.oldestMessage('test', q),
      ]),
      ...present.flatMap((stage) => [alarmNames.functionErrors('test', stage), alarmNames.functionThrottles('test', stage)]),
      alarmNames.nearDeadline('test'),
      alarmNames.unacknowledgedPages('test'),
      alarmNames.apiServerErrors('test'),
    ];
    const actual = alarms();
    expect(Object.keys(actual).sort()).toEqual(expected.sort());
    for (const [name, alarm] of Object.entries(actual)) {
      expect(alarm.AlarmActions, name).toHaveLength(1);
      expect(alarm.TreatMissingData, name).toBe('notBreaching');
    }
  });

  it('watches the scheduler metric ReferralDesk/ReferralsNearDeadline of this stage', () => {
    expect(alarms()[alarmNames.nearDeadline('test')]).toMatchObject({
      Namespace: 'ReferralDesk',
      MetricName: 'ReferralsNearDeadline',
      Dimensions: [{ Name: 'Stage', Value: 'test' }],
    });
  });

  it('alarms on the first unacknowledged P1 page, from the scheduler metric ReferralDesk/UnacknowledgedPages', () => {
    expect(alarms()[alarmNames.unacknowledgedPages('test')]).toMatchObject({
      Namespace: 'ReferralDesk',
      MetricName: 'UnacknowledgedPages',
      Dimensions: [{ Name: 'Stage', Value: 'test' }],
      Threshold: 1,
    });
  });

  it('alarms on a dead letter as soon as there is one', () => {
    expect(alarms()[alarmNames.deadLetterDepth('test', 'ingest')]).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('has a dashboard', () => {
    monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('alarm delivery', () => {
  const topicPolicyStatements = (): Record<string, unknown>[] => {
    const [, policy] = ofType(monitoring.toJSON().Resources as Resources, 'AWS::SNS::TopicPolicy')[0]!;
    return (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
  };

  it("lets CloudWatch publish to the alarm topic, for this account's alarms only, next to the plain-HTTP Deny", () => {
    const statements = topicPolicyStatements();
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Condition)).toEqual([
      { Bool: { 'aws:SecureTransport': 'false' } },
    ]);
    const allow = statements.find((s) => s.Effect === 'Allow');
    expect(allow).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        ArnLike: { 'aws:SourceArn': expect.anything() },
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      },
    });
    const sourceArn = JSON.stringify((allow?.Condition as { ArnLike: Record<string, unknown> }).ArnLike['aws:SourceArn']);
    expect(sourceArn).toContain(':cloudwatch:');
    expect(sourceArn).toContain(':alarm:*');
  });

  it('lets CloudWatch use the key for the alarm topic, and only for that topic', () => {
    const [, key] = ofType(stateful.toJSON().Resources as Resources, 'AWS::KMS::Key')[0]!;
    const statements = (key.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    const cloudWatch = statements.filter((s) => JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'));
    expect(cloudWatch).toHaveLength(1);
    expect(cloudWatch[0]).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    const topicArn = JSON.stringify(
      (cloudWatch[0]?.Condition as { StringEquals: Record<string, unknown> }).StringEquals['kms:EncryptionContext:aws:sns:topicArn'],
    );
    const [, topic] = ofType(monitoring.toJSON().Resources as Resources, 'AWS::SNS::Topic')[0]!;
    expect(topicArn).toContain(`:sns:`);
    expect(topicArn).toContain(`:${String(topic.Properties?.TopicName)}"`);
  });
});

describe('page topics', () => {
  const topics = () => ofType(stateful.toJSON().Resources as Resources, 'AWS::SNS::Topic');

  it('gives each configured unit one page topic, encrypted with the data key', () => {
    expect(topics().map(([, topic]) => topic.Properties?.TopicName).sort()).toEqual(['test-referral-desk-pages-eu-iru', 'test-referral-desk-pages-fr-pharos']);
    for (const [id, topic] of topics()) expect(referencesKey(topic.Properties?.KmsMasterKeyId, keyLogicalId), id).toBe(true);
  });

  it("lets this account's principals publish, over TLS only", () => {
    const policies = ofType(stateful.toJSON().Resources as Resources, 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(2);
    for (const [id, policy] of policies) {
      const statements = (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Condition), id).toEqual([{ Bool: { 'aws:SecureTransport': 'false' } }]);
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows, id).toHaveLength(1);
      expect(allows[0], id).toMatchObject({ Action: 'sns:Publish', Principal: { AWS: expect.anything() } });
      expect(JSON.stringify(allows[0]?.Principal), id).toContain('AWS::AccountId');
    }
  });

  it('lets only the escalation function publish, to exactly the page topics, and use the key through SNS', () => {
    const policies = ofType(stateless.toJSON().Resources as Resources, 'AWS::IAM::Policy');
    const statementsOf = (policy: (typeof policies)[number][1]) => (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const publishers = policies.filter(([, policy]) => statementsOf(policy).some((s) => JSON.stringify(s.Action).includes('sns:Publish')));
    expect(publishers.map(([id]) => id)).toHaveLength(1);
    expect(publishers[0]?.[0]).toMatch(/^Escalation/);
    const statements = statementsOf(publishers[0]![1]);
    const publish = statements.find((s) => JSON.stringify(s.Action).includes('sns:Publish'));
    expect(publish?.Action).toBe('sns:Publish');
    const resources = publish?.Resource as unknown[];
    expect(resources).toHaveLength(2);
    expect(JSON.stringify(resources)).not.toContain('*');
    const viaSns = statements.filter((s) => JSON.stringify(s.Condition ?? {}).includes('sns.'));
    expect(viaSns).toHaveLength(1);
    expect(referencesKey(viaSns[0]?.Resource, keyLogicalId) || JSON.stringify(viaSns[0]?.Resource).includes('DataKey')).toBe(true);
  });

  it('lets only the process functions of both lanes read and write the hash bank snapshots, under their prefix, through the data key', () => {
    const policies = ofType(stateless.toJSON().Resources as Resources, 'AWS::IAM::Policy');
    const statementsOf = (policy: (typeof policies)[number][1]) => (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const onSnapshots = (statement: Record<string, unknown>) => JSON.stringify(statement.Resource).includes('-rd-index-');
    const holders = policies.filter(([, policy]) => statementsOf(policy).some(onSnapshots));
    // The two lanes' process stages (core/ingest-lane.ts) each rebuild their match indexes from them.
    expect(holders.map(([id]) => /^(Process|Urgent)[A-Z]/.exec(id)?.[1]).sort()).toEqual(['Process', 'Urgent']);
    for (const [, holder] of holders) {
      const statements = statementsOf(holder).filter(onSnapshots);
      expect(statements.map((statement) => statement.Action)).toEqual([['s3:GetObject', 's3:PutObject'], 's3:ListBucket']);
      expect(JSON.stringify(statements[0]?.Resource)).toContain('/hash-banks/*');
      expect(statements[1]?.Condition).toEqual({ StringLike: { 's3:prefix': ['hash-banks/*'] } });
      // No delete: a snapshot is only ever replaced whole.
      expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
    }
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('-rd-index-')])]) }),
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] } } })] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'index-snapshots/' }),
    });
  });

  it('makes no topic and grants no publish when the deployment names no unit', () => {
    const withoutTopics = synthesizeReferralDesk({ 'referralDesk:stagePrefix': 'bare', 'referralDesk:alarmEmail': 'none', 'referralDesk:tsaUrl': 'none' }, { stages: { escalation: stages.escalation } });
    try {
      expect(ofType(Template.fromStack(withoutTopics.stateful).toJSON().Resources as Resources, 'AWS::SNS::Topic')).toEqual([]);
      expect(JSON.stringify(Template.fromStack(withoutTopics.stateless).toJSON())).not.toContain('sns:Publish');
    } finally {
      rmSync(withoutTopics.outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('first deploy', () => {
  it('retains every store on update and delete, but lets a rolled-back creation remove what it made', () => {
    for (const template of [stateful, stateless, monitoring]) {
      const resources = Object.entries(template.toJSON().Resources as Record<string, Record<string, unknown>>);
      for (const [id, resource] of resources) {
        expect(resource.DeletionPolicy, id).not.toBe('Retain');
        if (resource.DeletionPolicy === 'RetainExceptOnCreate') expect(resource.UpdateReplacePolicy, id).toBe('Retain');
      }
    }
    const retained = (template: Template) =>
      Object.values(template.toJSON().Resources as Record<string, Record<string, unknown>>)
        .filter((r) => r.DeletionPolicy === 'RetainExceptOnCreate')
        .map((r) => r.Type);
    expect(retained(stateful)).toEqual(
      expect.arrayContaining(['AWS::KMS::Key', 'AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool']),
    );
    expect(retained(stateless)).toContain('AWS::Logs::LogGroup');
  });
});

describe('evidence storage', () => {
  const evidenceBucket = () =>
    ofType(stateful.toJSON().Resources as Resources, 'AWS::S3::Bucket').find(([, b]) => b.Properties?.ObjectLockEnabled === true)![1];
  const rules = () => (evidenceBucket().Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;

  it('expires a purged or replaced version a day later and moves evidence to Standard-IA after 30 days', () => {
    expect(rules()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
        expect.objectContaining({ Status: 'Enabled', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }),
      ]),
    );
  });

  it('stays within Object Lock: lifecycle never expires current evidence, and moves it only within its lock', () => {
    const lock = (evidenceBucket().Properties?.ObjectLockConfiguration as { Rule: { DefaultRetention: { Days: number } } }).Rule
      .DefaultRetention.Days;
    for (const rule of rules()) {
      // Only the purge job removes current evidence, at the end of its retention (S3 would refuse a
      // locked version's deletion anyway; a lifecycle expiry would only add delete markers early).
      expect(rule.ExpirationInDays, JSON.stringify(rule)).toBeUndefined();
      for (const transition of (rule.Transitions ?? []) as { TransitionInDays: number }[]) {
        // S3's minimum for Standard-IA is 30 days; a transition keeps the version and its lock.
        expect(transition.TransitionInDays).toBeGreaterThanOrEqual(30);
        expect(transition.TransitionInDays).toBeLessThan(lock);
      }
    }
  });
});

describe('tracing and logs', () => {
  it("traces every function at Lambda's sampled rate and keeps Lambda's own lines to warnings and errors", () => {
    const functions = ofType(stateless.toJSON().Resources as Resources, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties?.LoggingConfig, id).toMatchObject({
        LogFormat: 'JSON',
        SystemLogLevel: 'WARN',
        ApplicationLogLevel: 'INFO',
      });
    }
  });
});

describe('action day', () => {
  const resourcesOf = (template: Template) => template.toJSON().Resources as Resources;

  it('reserves the process stage its concurrency and lets its event source use all of it', () => {
    const functions = ofType(resourcesOf(stateless), 'AWS::Lambda::Function');
    const reserved = functions.filter(([, fn]) => fn.Properties?.ReservedConcurrentExecutions !== undefined);
    expect(reserved).toHaveLength(2);
    const serviceOf = (fn: (typeof reserved)[number][1]) => (fn.Properties?.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME;
    // The urgent lane's executions are its own, so a backlog of the ingest lane cannot take them.
    const [urgentId, urgentFn] = reserved.find(([, fn]) => serviceOf(fn) === 'referral-desk-urgent')!;
    expect(urgentFn.Properties?.ReservedConcurrentExecutions).toBe(stages.urgent.reservedConcurrency);
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: urgentId }, ScalingConfig: { MaximumConcurrency: stages.urgent.reservedConcurrency } });
    const [processId, processFn] = reserved.find(([, fn]) => serviceOf(fn) !== 'referral-desk-urgent')!;
    expect((processFn.Properties?.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME).toBe(
      'referral-desk-process',
    );
    expect(processFn.Properties?.ReservedConcurrentExecutions).toBe(synthesized.config.processConcurrency);
    expect(synthesized.config.processConcurrency).toBeGreaterThanOrEqual(50);
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: processId },
      ScalingConfig: { MaximumConcurrency: synthesized.config.processConcurrency },
    });
  });

  it('keeps every SQS visibility timeout at least six times its consumer function timeout', () => {
    const outputs = stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
    const exported = new Map(Object.values(outputs).filter((o) => o.Export).map((o) => [o.Export!.Name, o.Value]));
    const mappings = ofType(resourcesOf(stateless), 'AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBe(presentStages(stages).filter(([, s]) => s.trigger.kind === 'queue').length);
    for (const [id, mapping] of mappings) {
      const fnId = (mapping.Properties?.FunctionName as { Ref: string }).Ref;
      const timeout = resourcesOf(stateless)[fnId]?.Properties?.Timeout as number;
      const importName = (mapping.Properties?.EventSourceArn as { 'Fn::ImportValue': string })['Fn::ImportValue'];
      const queueId = (exported.get(importName) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const queue = resourcesOf(stateful)[queueId]!;
      expect(queue.Type, id).toBe('AWS::SQS::Queue');
      expect(queue.Properties?.VisibilityTimeout as number, `${queue.Properties?.QueueName} vs ${fnId}`).toBeGreaterThanOrEqual(
        6 * timeout,
      );
    }
  });

  it('throttles submissions, lookups, tickets, batches and dashboard reads per route, each a route behind the authorizer', () => {
    const [, stage] = ofType(resourcesOf(stateless), 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties?.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: defaultRouteThrottle.rateLimit,
      ThrottlingBurstLimit: defaultRouteThrottle.burstLimit,
    });
    const settings = stage.Properties?.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    expect(Object.keys(settings).sort()).toEqual(Object.keys(apiRouteThrottles).sort());
    const routes = new Map(
      ofType(resourcesOf(stateless), 'AWS::ApiGatewayV2::Route').map(([, r]) => [String(r.Properties?.RouteKey), r.Properties]),
    );
    const served = buildOpenApiDocument().paths as Record<string, Record<string, unknown>>;
    for (const [routeKey, throttle] of Object.entries(apiRouteThrottles)) {
      expect(settings[routeKey], routeKey).toEqual({ ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit });
      expect(routes.get(routeKey)?.AuthorizationType, routeKey).toBe('JWT');
      const [method, path] = routeKey.split(' ') as [string, string];
      expect(served[path]?.[method.toLowerCase()], `${routeKey} is served by the API`).toBeDefined();
    }
    // The submissions' share: the extension's calls per report all fit an action day's peak.
    for (const routeKey of ['POST /v1/reports', 'GET /v1/lookup', 'POST /v1/evidence/tickets']) {
      expect(settings[routeKey]!.ThrottlingRateLimit, routeKey).toBeGreaterThanOrEqual(500);
    }
    // API Gateway's regional account limit (10,000 requests/s) caps the sum of the routes.
    const total = Object.values(settings).reduce((sum, s) => sum + s.ThrottlingRateLimit, defaultRouteThrottle.rateLimit);
    expect(total).toBeLessThanOrEqual(10_000);
  });
});
