import { isAbsolute, join } from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { EvidenceAccess, QueueAccess, TableAccess } from '../stages';
import { copyImageDecoder, pinnedImageDecoder } from './image-decoder-bundle';
import { repoRoot } from './repo-root';

export interface PipelineFunctionProps {
  /** Handler file exporting `handler`; relative paths are resolved from the repository root. */
  readonly entry: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME: how the function's log lines name their service. */
  readonly serviceName: string;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory, which also buys CPU.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * How long the function's log group keeps log events.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Customer-managed key that encrypts the function's log group.
   * @default - CloudWatch Logs' service-owned encryption
   */
  readonly logEncryptionKey?: IKey;
  /**
   * POWERTOOLS_LOG_LEVEL.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Further environment variables, e.g. STAGE or AUTH_MODE.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Executions reserved for this function: others cannot take them, and it cannot exceed them.
   * @default - none reserved: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Bundle the project's pinned AWS SDK instead of using the one the runtime ships, so what the
   * tests ran against is what runs in Lambda.
   * @default true
   */
  readonly bundleAwsSdk?: boolean;
  /**
   * Copies the removal-order PDF fonts (DejaVu Sans) and the font engine (`@cantoo/fontkit`,
   * ~0.8 MB, imported on the first PDF) beside the bundle instead of into it.
   * @default false
   */
  readonly documentFonts?: boolean;
  /**
   * The deployment's RFC 3161 TSA: `trustAnchorFile` (PEM of its CA certificates) is copied into
   * the function's asset and named by TSA_TRUST_ANCHOR_FILE, so the function verifies tokens; with
   * `url` (TSA_URL) it also asks for them. No grant: the TSA is reached over the internet, and the
   * trust anchor is public, so it needs neither a secret nor a permission.
   * @default - no TSA: the function neither stamps nor verifies tokens
   */
  readonly timestampAuthority?: TimestampAuthorityBinding;
  /**
   * Carries sharp beside the bundle, with its prebuilt linux-arm64 (glibc) addon and libvips at
   * the versions package-lock.json pins (about 20 MB unpacked, outside `index.mjs`), for a function
   * that decodes images: PDQ hashes and QR codes of evidence. The bundle imports `sharp` at run
   * time, on the first image. npm installs it once per version from the registry into
   * `node_modules/.cache` (image-decoder-bundle.ts).
   * @default false
   */
  readonly imageDecoder?: boolean;
}

export interface TimestampAuthorityBinding {
  /** Absolute path of the PEM file at synth time. */
  readonly trustAnchorFile: string;
  /** Only for functions that ask for tokens (capture manifests, daily anchors). */
  readonly url?: string;
}

/** Where a function with `documentFonts` finds them (Lambda unpacks the asset in /var/task). */
export const documentFontsDir = '/var/task/fonts';

/** Where a function bound to a TSA finds its trust anchor. */
export const tsaTrustAnchorPath = '/var/task/tsa-trust-anchors.pem';

const copyTrustAnchor = (file: string, outputDir: string): string[] => [`cp "${file}" "${outputDir}/tsa-trust-anchors.pem"`];

/**
 * Shell commands that put the fonts and the font engine into the function's asset. The engine
 * is bundled on its own, as a package the handler's `import('@cantoo/fontkit')` finds.
 */
const copyDocumentFonts = (inputDir: string, outputDir: string): string[] => {
  const engine = `${outputDir}/node_modules/@cantoo/fontkit`;
  const fonts = `${inputDir}/node_modules/dejavu-fonts-ttf`;
  const requireBanner = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
  return [
    `mkdir -p "${outputDir}/fonts" "${engine}"`,
    `cp "${fonts}/ttf/DejaVuSans.ttf" "${fonts}/ttf/DejaVuSans-Bold.ttf" "${fonts}/LICENSE" "${outputDir}/fonts/"`,
    `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/node_modules/@cantoo/fontkit/dist/module.mjs" --bundle --minify --platform=node --target=node24 --format=esm --legal-comments=none --log-level=warning "--banner:js=${requireBanner}" --outfile="${engine}/index.mjs"`,
    `printf '%s' '{"name":"@cantoo/fontkit","type":"module","main":"index.mjs"}' > "${engine}/package.json"`,
  ];
};

export interface TableBinding {
  readonly table: ITableV2;
  readonly access: TableAccess;
  /** Names of the table's global secondary indexes, granted one by one instead of `index/*`. */
  readonly indexNames: readonly string[];
  /** @default 'TABLE_NAME' */
  readonly variable?: string;
}

export interface QueueBinding {
  readonly queue: IQueue;
  readonly access: QueueAccess;
  /** Environment variable that carries the queue URL. */
  readonly variable: string;
}

export interface BucketBinding {
  readonly bucket: IBucket;
  readonly access: readonly EvidenceAccess[];
  /** @default 'EVIDENCE_BUCKET' */
  readonly variable?: string;
}

export interface IndexSnapshotBinding {
  readonly bucket: IBucket;
  /** The object prefix the function reads and writes, and nothing else of the bucket. */
  readonly prefix: string;
  /** @default 'INDEX_SNAPSHOT_BUCKET' */
  readonly variable?: string;
}

export interface PageTopicsBinding {
  /** The topics, by unit. */
  readonly topics: Readonly<Record<string, ITopic>>;
  /** The ARN every topic's ARN is, followed by its unit. */
  readonly arnPrefix: string;
  /** @default PAGE_TOPIC_ARN_PREFIX */
  readonly variable?: string;
}

export interface SecretBinding {
  readonly secret: ISecret;
  /** The variable that carries the secret's ARN (never its value). */
  readonly variable: string;
}

export interface SigningKeyBinding {
  /** An asymmetric KMS key (SIGN_VERIFY). */
  readonly key: IKey;
  /** The variable that carries the key's ARN. */
  readonly variable: string;
}

export interface QueueTrigger {
  readonly queue: IQueue;
  readonly batchSize: number;
  readonly maxConcurrency: number;
}

const tableActions: Record<TableAccess, string[]> = {
  read: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  ],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

const objectActions: Record<EvidenceAccess, string[]> = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  write: ['s3:PutObject'],
  delete: ['s3:DeleteObject'],
};

/**
 * Renders a resolved CloudFormation value the way cdk-nag names it in finding ids
 * (`Ref` as `<Name>`, `Fn::GetAtt` as `<Id.Attr>`, joins concatenated), so an acknowledgement
 * can name exactly one resource instead of a whole rule.
 */
export const nagResourceText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(nagResourceText).join(delimiter);
    }
    if (typeof node.Ref === 'string') return `<${node.Ref}>`;
    if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return JSON.stringify(value);
};

/**
 * One Lambda function of the pipeline with the project's defaults fixed once: Node.js 24 on
 * ARM64, minified ESM bundle built by the local esbuild (no Docker), its own encrypted log
 * group, X-Ray tracing, and a role that starts empty. Access is added with `bind*`, which
 * sets the environment variable and grants exactly the actions that access needs, on
 * exactly that resource, and the key only through that service (`kms:ViaService`).
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: props.logEncryptionKey,
      // Logs are part of the audit trail; they expire by retention, not with the stack (but a
      // rolled-back first creation removes its empty group).
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    // A role of our own instead of AWSLambdaBasicExecutionRole, whose logs:* on every log group
    // is broader than writing to this one group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: execution role`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const entry = isAbsolute(props.entry) ? props.entry : join(repoRoot, props.entry);
    const lockFile = join(repoRoot, 'package-lock.json');
    const imageDecoder = props.imageDecoder ? pinnedImageDecoder(lockFile) : undefined;
    // Loaded at run time from the asset's node_modules, not bundled.
    const besideBundle = ['@cantoo/fontkit', ...(imageDecoder ? ['sharp'] : [])];
    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's own lines (START, END, REPORT: three per invocation) only from WARN up: duration and
      // memory are in the function's metrics, and each report keeps to its application lines.
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: SystemLogLevel.WARN,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel ?? 'INFO'],
      // Active tracing samples at Lambda's fixed rate: the first invocation each second and 5% of the
      // rest. Errors are not traced in full: every failure is logged with its ids instead.
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...(props.documentFonts ? { DOCUMENT_FONTS_DIR: documentFontsDir } : {}),
        ...(props.timestampAuthority ? { TSA_TRUST_ANCHOR_FILE: tsaTrustAnchorPath } : {}),
        ...(props.timestampAuthority?.url ? { TSA_URL: props.timestampAuthority.url } : {}),
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        target: 'node24',
        format: OutputFormat.ESM,
        // ESM entry points of dependencies tree-shake far better than their CommonJS builds.
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); ESM output needs it defined.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        bundleAwsSDK: props.bundleAwsSdk ?? true,
        esbuildArgs: { '--legal-comments': 'none' },
        externalModules: props.bundleAwsSdk ?? true ? besideBundle : ['@aws-sdk/*', ...besideBundle],
        ...(props.documentFonts || props.timestampAuthority || imageDecoder
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...(props.documentFonts ? copyDocumentFonts(inputDir, outputDir) : []),
                  ...(props.timestampAuthority ? copyTrustAnchor(props.timestampAuthority.trustAnchorFile, outputDir) : []),
                  ...(imageDecoder ? copyImageDecoder(inputDir, outputDir, imageDecoder) : []),
                ],
              },
            }
          : {}),
      },
    });

    // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions,
    // so Tracing.ACTIVE can only grant them on "*"; no other statement may use "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray actions xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (checked by the IAM assertion test).',
    });
  }

  /** Sets TABLE_NAME and grants the table and its named indexes, nothing else. */
  bindTable(binding: TableBinding): this {
    const { table, access } = binding;
    this.function.addEnvironment(binding.variable ?? 'TABLE_NAME', table.tableName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: tableActions[access],
        resources: [table.tableArn, ...binding.indexNames.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    if (table.encryptionKey) {
      this.grantKeyVia(table.encryptionKey, 'dynamodb', access === 'read' ? 'decrypt' : 'encryptDecrypt');
    }
    return this;
  }

  /** For `send`: sets the URL variable and grants SendMessage. `consume` is what `addQueueTrigger` grants. */
  bindQueue(binding: QueueBinding): this {
    const { queue, access } = binding;
    if (access === 'consume') {
      queue.grantConsumeMessages(this.role);
      return this;
    }
    this.function.addEnvironment(binding.variable, queue.queueUrl);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], resources: [queue.queueArn] }),
    );
    if (queue.encryptionMasterKey) {
      this.grantKeyVia(queue.encryptionMasterKey, 'sqs', 'encryptDecrypt');
    }
    return this;
  }

  /** Sets EVIDENCE_BUCKET and grants object reads, writes or deletes on that bucket only. */
  bindBucket(binding: BucketBinding): this {
    const { bucket, access } = binding;
    this.function.addEnvironment(binding.variable ?? 'EVIDENCE_BUCKET', bucket.bucketName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access.flatMap((a) => objectActions[a]),
        resources: [bucket.arnForObjects('*')],
      }),
    );
    if (access.includes('read')) {
      // Without ListBucket a missing object answers 403 instead of 404.
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    }
    if (bucket.encryptionKey) {
      this.grantKeyVia(bucket.encryptionKey, 's3', access.includes('write') ? 'encryptDecrypt' : 'decrypt');
    }
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceText(Stack.of(this).resolve(bucket.arnForObjects('*')))}]`,
      reason:
        'Evidence objects are keyed per capture (content hash), so object access is granted on this one bucket\'s objects; the bucket itself is named, never a wildcard.',
    });
    return this;
  }

  /**
   * Sets INDEX_SNAPSHOT_BUCKET and grants getting and putting objects under the prefix only, and
   * listing only that prefix (without ListBucket a missing snapshot answers 403 instead of 404).
   */
  bindIndexSnapshots(binding: IndexSnapshotBinding): this {
    const { bucket, prefix } = binding;
    this.function.addEnvironment(binding.variable ?? 'INDEX_SNAPSHOT_BUCKET', bucket.bucketName);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } }),
    );
    if (bucket.encryptionKey) this.grantKeyVia(bucket.encryptionKey, 's3', 'encryptDecrypt');
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceText(Stack.of(this).resolve(bucket.arnForObjects(`${prefix}*`)))}]`,
      reason: 'One snapshot object per hash bank, named by the bank: access is granted under the snapshots prefix of this one bucket, never the whole bucket.',
    });
    return this;
  }

  /** Sets the variable to the secret's ARN and grants reading that secret only (and decrypting it through Secrets Manager). */
  bindSecret(binding: SecretBinding): this {
    const { secret } = binding;
    this.function.addEnvironment(binding.variable, secret.secretArn);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }));
    if (secret.encryptionKey) this.grantKeyVia(secret.encryptionKey, 'secretsmanager', 'decrypt');
    return this;
  }

  /** Sets the variable to the key's ARN and grants signing with that key and reading its public half, nothing else. */
  bindSigningKey(binding: SigningKeyBinding): this {
    this.function.addEnvironment(binding.variable, binding.key.keyArn);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [binding.key.keyArn] }));
    return this;
  }

  /**
   * Sets the variable to the topics' common ARN prefix and grants publishing to exactly these
   * topics (named, never a wildcard), and the key through SNS for their encryption.
   */
  bindPageTopics(binding: PageTopicsBinding): this {
    const topics = Object.values(binding.topics);
    if (topics.length === 0) return this;
    this.function.addEnvironment(binding.variable ?? 'PAGE_TOPIC_ARN_PREFIX', binding.arnPrefix);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((topic) => topic.topicArn) }));
    const key = topics[0]?.masterKey;
    if (key) this.grantKeyVia(key, 'sns', 'encryptDecrypt');
    return this;
  }

  /** Runs the function on the queue's messages, reporting failed records one by one. */
  addQueueTrigger(trigger: QueueTrigger): this {
    this.function.addEventSource(
      new SqsEventSource(trigger.queue, {
        batchSize: trigger.batchSize,
        maxConcurrency: trigger.maxConcurrency,
        // One bad record fails alone (Powertools BatchProcessor's processPartialResponse).
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }

  private grantKeyVia(key: IKey, service: string, use: 'decrypt' | 'encryptDecrypt'): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions:
          use === 'decrypt'
            ? ['kms:Decrypt', 'kms:DescribeKey']
            : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }
}
