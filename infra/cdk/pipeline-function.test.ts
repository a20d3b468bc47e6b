import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nagResourceText, PipelineFunction } from './pipeline-function';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

let template: Template;
let stack: Stack;

const statementsOf = (logicalIdPrefix: string): Statement[] => {
  const policies = template.findResources('AWS::IAM::Policy');
  const [, policy] = Object.entries(policies).find(([id]) => id.startsWith(logicalIdPrefix)) ?? [];
  return (policy?.Properties.PolicyDocument.Statement ?? []) as Statement[];
};
const actions = (statement: Statement): string[] => ([] as string[]).concat(statement.Action);

// The App's output folder, removed afterwards (an App without one leaves a cdk.out* in the temp folder).
const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-fn-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const app = new App({ outdir });
  stack = new Stack(app, 'Fixture', { env: { region: 'eu-west-1' } });
  const key = new Key(stack, 'Key');
  const table = new TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: { name: 'g', type: AttributeType.STRING } }],
    encryption: TableEncryptionV2.customerManagedKey(key),
  });
  const work = new Queue(stack, 'Work', { encryption: QueueEncryption.KMS, encryptionMasterKey: key });
  const out = new Queue(stack, 'Out', { encryption: QueueEncryption.KMS, encryptionMasterKey: key });
  const bucket = new Bucket(stack, 'Bucket', { encryption: BucketEncryption.KMS, encryptionKey: key });

  new PipelineFunction(stack, 'Reader', {
    entry: join(import.meta.dirname, 'test-fixtures', 'echo-handler.ts'),
    description: 'reads',
    serviceName: 'fixture-reader',
    timeout: Duration.seconds(20),
    logEncryptionKey: key,
  })
    .bindTable({ table, access: 'read', indexNames: ['gsi1'] })
    .bindBucket({ bucket, access: ['read'] });

  new PipelineFunction(stack, 'Worker', {
    entry: 'infra/cdk/test-fixtures/echo-handler.ts',
    description: 'works',
    serviceName: 'fixture-worker',
    logLevel: 'DEBUG',
    environment: { STAGE: 'fixture' },
  })
    .bindTable({ table, access: 'readWrite', indexNames: ['gsi1'] })
    .bindQueue({ queue: out, access: 'send', variable: 'OUT_QUEUE_URL' })
    .bindBucket({ bucket, access: ['read', 'write'] })
    .addQueueTrigger({ queue: work, batchSize: 7, maxConcurrency: 3 });

  template = Template.fromStack(stack);
}, 60_000);

describe('PipelineFunction', () => {
  it('fixes runtime, architecture, tracing, bundle format and the Powertools environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 20,
      MemorySize: 512,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'fixture-reader', POWERTOOLS_LOG_LEVEL: 'INFO', TABLE_NAME: Match.anyValue(), EVIDENCE_BUCKET: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'fixture-worker',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          STAGE: 'fixture',
          TABLE_NAME: Match.anyValue(),
          OUT_QUEUE_URL: Match.anyValue(),
          EVIDENCE_BUCKET: Match.anyValue(),
        },
      },
    });
  });

  it('gives each function its own log group with a retention, encrypted when a key is given', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.absent() });
  });

  it('grants a reader no write actions, on the table and its named index only', () => {
    const statements = statementsOf('ReaderRole');
    const dynamo = statements.find((s) => actions(s).some((a) => a.startsWith('dynamodb:')))!;
    expect(actions(dynamo)).not.toContain('dynamodb:PutItem');
    expect(actions(dynamo)).toContain('dynamodb:Query');
    expect(JSON.stringify(dynamo.Resource)).toContain('/index/gsi1');
    expect(JSON.stringify(dynamo.Resource)).not.toContain('index/*');
    const objects = statements.find((s) => actions(s).includes('s3:GetObject'))!;
    expect(actions(objects)).not.toContain('s3:PutObject');
    const keyUse = statements.filter((s) => actions(s).some((a) => a.startsWith('kms:')));
    expect(keyUse.flatMap(actions)).not.toContain('kms:GenerateDataKey');
    for (const s of keyUse) expect(JSON.stringify(s.Condition)).toContain('kms:ViaService');
  });

  it('grants a worker writes, sends and the key for encryption, each through its own service', () => {
    const statements = statementsOf('WorkerRole');
    const all = statements.flatMap(actions);
    expect(all).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage', 's3:PutObject', 'kms:GenerateDataKey']));
    const services = statements
      .filter((s) => s.Condition)
      .map((s) => JSON.stringify(s.Condition).match(/"(dynamodb|sqs|s3)\./)?.[1]);
    expect(new Set(services)).toEqual(new Set(['dynamodb', 'sqs', 's3']));
  });

  it('consumes its trigger queue with partial batch responses and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 7,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 3 },
    });
    expect(statementsOf('WorkerRole').flatMap(actions)).toContain('sqs:ReceiveMessage');
  });

  it('renders CloudFormation values the way cdk-nag names resources', () => {
    expect(nagResourceText('arn:aws:s3:::b/*')).toBe('arn:aws:s3:::b/*');
    expect(
      nagResourceText({ 'Fn::Join': ['', ['arn:aws:s3:::x-', { Ref: 'AWS::AccountId' }, '/', { 'Fn::GetAtt': ['B', 'Arn'] }]] }),
    ).toBe('arn:aws:s3:::x-<AWS::AccountId>/<B.Arn>');
  });
});
