import { join } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type {
  UserPoolClient,
  UserPoolDomain} from 'aws-cdk-lib/aws-cognito';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountPrincipal, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { roles, type Role } from '../../functions/contract/principal';
import { deadLetterName, queues, referralTable, type KeyAttribute, type QueueName } from '../resources';
import { tableIndexesOf, type DeploymentConfig } from './deployment-config';
import { alarmTopicName } from './monitoring-stack';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { unitPageTopicName } from '../../functions/core/escalation/page-topic';
import { PipelineFunction } from './pipeline-function';

export interface StatefulStackProps extends StackProps {
  config: DeploymentConfig;
}

const attributeType = (attribute: KeyAttribute) => ({
  name: attribute.name,
  type: attribute.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

const roleDescriptions: Record<Role, string> = {
  referrer: 'Tags content and submits reports; sees the reports of their own unit.',
  liaison: 'Works the referral queues of the platforms in custom:platforms.',
  analyst: 'Reads referrals and outcomes across units for analysis and transparency reports.',
  admin: 'Manages the users and settings of their own unit.',
  'deployment-admin': 'Deployment-wide: configures the platforms\' webhook channels (URL and signing secret); sees no unit\'s referrals.',
};

/**
 * The evidence bucket's name is fixed by the deployment (S3 names are global, hence account and
 * region), so the stateless stack can grant exactly `arn:...:<name>/*` without a cross-stack export.
 */
export const evidenceBucketName = (config: DeploymentConfig): string =>
  `${config.stagePrefix}-rd-evidence-${Aws.ACCOUNT_ID}-${config.region}`;

/**
 * The bucket of the hash banks' snapshots (the process stage's cold-start copy of its match
 * indexes), named like the evidence bucket so the stateless stack grants it by name.
 */
export const indexSnapshotBucketName = (config: DeploymentConfig): string =>
  `${config.stagePrefix}-rd-index-${Aws.ACCOUNT_ID}-${config.region}`;

/**
 * Every store outlives the stack and any replacement, except when the creation that made it is
 * rolled back: a failed first deploy then removes what it created, so the retry does not stop on
 * "already exists" for the fixed names (DEPLOY.md, "If the first deploy fails").
 */
export const retainedData = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * Evidence is read often while a referral is worked (the first weeks) and rarely afterwards.
 * S3 moves objects to Standard-IA no earlier than 30 days after creation.
 */
export const evidenceInfrequentAccessAfter = Duration.days(30);

/**
 * How long a replaced or purged evidence version stays. The purge runs when retention has ended,
 * and the Object Lock period runs from upload, so the version is no longer locked then; a version
 * still under lock or legal hold is kept by S3 regardless of this rule.
 */
export const evidenceNoncurrentVersionDays = 1;

/** Server access logs of the evidence bucket are the custody record of who read evidence; keep them two years. */
const evidenceAccessLogRetention = Duration.days(731);

/**
 * Everything that holds data or identities: key, table, queues, evidence bucket, user pool.
 * Kept apart from the functions so a code deploy can never replace or delete data, and
 * every store is retained when the stack is deleted.
 */
export class StatefulStack extends Stack {
  readonly key: Key;
  readonly table: TableV2;
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  readonly evidenceBucket: Bucket;
  readonly evidenceBucketName: string;
  readonly evidenceAccessLogsBucket: Bucket;
  /** Snapshots of the hash banks: derived from the table, which stays the source of truth. */
  readonly indexSnapshotBucket: Bucket;
  readonly indexSnapshotBucketName: string;
  readonly cursorKeySecret: Secret;
  /** Signs evidence packages' SHA256SUMS; its private half never leaves KMS. */
  readonly packageSigningKey: Key;
  readonly userPool: UserPool;
  readonly extensionClient: UserPoolClient;
  /** The units' page topics, by unit (deployment's `pageTopicUnits`). */
  readonly pageTopics: Record<string, Topic> = {};
  readonly userPoolDomain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const name = (logicalName: string): string => `${config.stagePrefix}-${logicalName}`;

    this.key = new Key(this, 'DataKey', {
      alias: `alias/${name('referral-desk')}`,
      description: `Referral Desk (${config.stagePrefix}): table, queues, evidence, logs and alarm topic`,
      enableKeyRotation: true,
      removalPolicy: retainedData,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch Logs encrypts the function and access log groups with this key; the condition
    // keeps it to log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic, and SNS asks KMS on CloudWatch's
    // behalf; the encryption context names the topic, so the grant reaches that topic only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmTopicPublishByCloudWatch',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${alarmTopicName(config.stagePrefix)}`,
          },
        },
      }),
    );

    // Page topics: one per unit, encrypted with the data key. enforceSSL gives each topic a policy of
    // its own, which replaces SNS's default owner-only one, so the Allow restores it: principals of
    // this account, which still need an identity policy (only the escalation function has one, for
    // exactly these topics). SNS asks KMS on the publisher's behalf, which the function's grant via
    // SNS covers; subscribers (e-mail, SMS) receive plain text and need no key.
    for (const unit of config.pageTopicUnits) {
      const topic = new Topic(this, `PageTopic-${unit}`, {
        topicName: unitPageTopicName(config.stagePrefix, unit),
        displayName: `Referral Desk (${config.stagePrefix}) pages for ${unit}`,
        masterKey: this.key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'PublishersOfThisAccount',
          principals: [new AccountPrincipal(Aws.ACCOUNT_ID)],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
        }),
      );
      this.pageTopics[unit] = topic;
    }

    this.table = new TableV2(this, 'ReferralTable', {
      tableName: name(referralTable.logicalName),
      partitionKey: attributeType(referralTable.partitionKey),
      sortKey: attributeType(referralTable.sortKey),
      globalSecondaryIndexes: tableIndexesOf(config).map((index) => ({
        indexName: index.indexName,
        partitionKey: attributeType(index.partitionKey),
        sortKey: attributeType(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.nonKeyAttributes] }
          : { projectionType: ProjectionType.ALL }),
      })),
      timeToLiveAttribute: referralTable.timeToLiveAttribute,
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: retainedData,
    });

    const deadLetterQueues = {} as Record<QueueName, Queue>;
    const workQueues = {} as Record<QueueName, Queue>;
    for (const [queueName, description] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
      const construct = description.logicalName.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
      const deadLetterQueue = new Queue(this, `${construct}DeadLetterQueue`, {
        queueName: name(deadLetterName(description)),
        retentionPeriod: Duration.days(description.deadLetterRetentionDays),
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        removalPolicy: retainedData,
      });
      deadLetterQueues[queueName] = deadLetterQueue;
      workQueues[queueName] = new Queue(this, `${construct}Queue`, {
        queueName: name(description.logicalName),
        visibilityTimeout: Duration.seconds(description.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(description.retentionDays),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: description.maxReceiveCount },
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        // One data key serves many messages for five minutes: fewer KMS calls, same key.
        dataKeyReuse: Duration.minutes(5),
        enforceSSL: true,
        removalPolicy: retainedData,
      });
    }
    this.queues = workQueues;
    this.deadLetterQueues = deadLetterQueues;

    // The HMAC key of the API's opaque queue cursors: generated at deploy time, so no one who knows
    // the stage and table names can forge a cursor. The API reads it once per cold start.
    this.cursorKeySecret = new Secret(this, 'QueueCursorKey', {
      secretName: name('queue-cursor-key'),
      description: `Referral Desk (${config.stagePrefix}): HMAC key of the API's queue cursors`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: retainedData,
    });
    Validations.of(this.cursorKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key only signs pagination cursors that live for one listing; rotating it would just invalidate open cursors. If ever exposed it is given a new random value by hand (DEPLOY.md, Operating).',
    });

    // An evidence package is signed by the deployment, so a court can tell it from one assembled
    // elsewhere: an asymmetric key whose public half any verifier can hold (GetPublicKey).
    this.packageSigningKey = new Key(this, 'EvidencePackageSigningKey', {
      description: `Referral Desk (${config.stagePrefix}): signs evidence packages (SHA256SUMS)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Packages exported years ago must still verify: the key outlives the stack.
      removalPolicy: retainedData,
    });

    // S3 delivers server access logs only to buckets encrypted with S3-managed keys, not KMS.
    this.evidenceAccessLogsBucket = new Bucket(this, 'EvidenceAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        { expiration: evidenceAccessLogRetention, noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: retainedData,
    });
    Validations.of(this.evidenceAccessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the server access logs of the evidence bucket; logging it to itself would loop and a third bucket adds nothing.',
    });

    const retention = Duration.days(config.evidenceRetentionDays);
    this.evidenceBucketName = evidenceBucketName(config);
    this.evidenceBucket = new Bucket(this, 'EvidenceBucket', {
      bucketName: this.evidenceBucketName,
      // Object Lock keeps each captured artifact unchanged for the retention period (chain of custody).
      objectLockEnabled: true,
      objectLockDefaultRetention:
        config.evidenceLockMode === 'compliance'
          ? ObjectLockRetention.compliance(retention)
          : ObjectLockRetention.governance(retention),
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.evidenceAccessLogsBucket,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(evidenceNoncurrentVersionDays) },
        {
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: evidenceInfrequentAccessAfter },
          ],
        },
      ],
      removalPolicy: retainedData,
    });

    this.indexSnapshotBucketName = indexSnapshotBucketName(config);
    this.indexSnapshotBucket = new Bucket(this, 'IndexSnapshotBucket', {
      bucketName: this.indexSnapshotBucketName,
      // Hashes of referred media and partners' lists: as confidential as the table they copy.
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.evidenceAccessLogsBucket,
      serverAccessLogsPrefix: 'index-snapshots/',
      // A snapshot is rewritten whole; an older one is never read (the table rebuilds any of them).
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: retainedData,
    });

    this.userPool = new UserPool(this, 'OfficerPool', {
      userPoolName: name('referral-desk-officers'),
      // Units create their officers' accounts (DEPLOY.md); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // Claims the API authorizes on (functions/contract/principal.ts): mutable so an admin can
        // move an officer, but not writable by the officer (see writeAttributes below).
        unit: new StringAttribute({ minLen: 2, maxLen: 40, mutable: true }),
        platforms: new StringAttribute({ maxLen: 2000, mutable: true }),
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: retainedData,
    });
    // Custom attributes reach the access token only through this trigger (V2_0 needs the Essentials or Plus plan).
    const accessTokenClaims = new PipelineFunction(this, 'AccessTokenClaims', {
      entry: join(import.meta.dirname, 'access-token-claims.ts'),
      description: 'Cognito pre token generation: unit and platforms into the access token',
      serviceName: 'referral-desk-access-token-claims',
      timeout: Duration.seconds(5),
      memorySize: 256,
      logRetention: config.logRetentionDays as RetentionDays,
      logEncryptionKey: this.key,
      logLevel: config.logLevel,
    });
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      accessTokenClaims.function,
      LambdaVersion.V2_0,
    );

    roles.forEach((role, precedence) => {
      this.userPool.addGroup(`${role[0]?.toUpperCase()}${role.slice(1)}Group`, {
        groupName: role,
        description: roleDescriptions[role],
        precedence,
      });
    });

    const oAuthEnabled = config.callbackUrls.length > 0;
    this.extensionClient = this.userPool.addClient('ExtensionClient', {
      userPoolClientName: name('referral-desk-extension'),
      // A browser extension cannot keep a secret: public client, authorization code with PKCE.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: !oAuthEnabled,
      oAuth: oAuthEnabled
        ? {
            flows: { authorizationCodeGrant: true },
            scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
            callbackUrls: config.callbackUrls,
            logoutUrls: config.callbackUrls,
          }
        : undefined,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      // One shift; officers sign in again the next day.
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('unit', 'platforms'),
      // Officers must not move themselves to another unit or platform: no custom attribute is writable.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.userPoolDomain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: config.cognitoDomainPrefix },
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidenceBucket.bucketName });
    new CfnOutput(this, 'IndexSnapshotBucketName', { value: this.indexSnapshotBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ExtensionClientId', { value: this.extensionClient.userPoolClientId });
    new CfnOutput(this, 'CognitoDomain', {
      value: `${config.cognitoDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`,
    });
  }
}
