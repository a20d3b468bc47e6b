import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type CfnResource, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { referralTable, type QueueName } from '../resources';
import type { StageDescription } from '../stages';
import type { DeploymentConfig } from './deployment-config';
import { PipelineFunction } from './pipeline-function';
import { repoRoot } from './repo-root';

/** What the functions are bound to; the stateful stack provides it. */
export interface PipelineResources {
  key: IKey;
  table: ITableV2;
  queues: Record<QueueName, IQueue>;
  deadLetterQueues: Record<QueueName, IQueue>;
  /** Imported by name (see `evidenceBucketName`) so grants name the bucket, not a cross-stack export. */
  evidenceBucketName: string;
  userPool: IUserPool;
  extensionClient: IUserPoolClient;
}

export interface StatelessStackProps extends StackProps {
  config: DeploymentConfig;
  resources: PipelineResources;
  /** The stage list (infra/stages.ts); a stage gets a function only when its entry file exists. */
  stages: Readonly<Record<string, StageDescription>>;
}

export interface RouteThrottle {
  /** Steady requests per second. */
  rateLimit: number;
  /** Requests API Gateway takes at once before the rate applies. */
  burstLimit: number;
}

/**
 * Throttling per route, sized for an EU-wide action day, so lookups from every open browser cannot
 * take the submissions' share. A report costs the extension a lookup, an evidence ticket request and
 * the report itself: 500 reports/s is what the process stage takes at its default concurrency (50
 * batches of 10 a second), and SQS holds any excess. A batch carries up to 500 reports. Dashboard
 * reads are a few officers' pages. Every other route shares `defaultRouteThrottle`.
 * API Gateway's regional account limit (10,000 requests/s, burst 5,000) caps the sum.
 */
export const apiRouteThrottles: Readonly<Record<string, RouteThrottle>> = {
  'POST /v1/reports': { rateLimit: 500, burstLimit: 1000 },
  'POST /v1/reports:batch': { rateLimit: 4, burstLimit: 8 },
  'GET /v1/lookup': { rateLimit: 1000, burstLimit: 2000 },
  'POST /v1/evidence': { rateLimit: 1000, burstLimit: 2000 },
  'GET /v1/submissions/{id}': { rateLimit: 500, burstLimit: 1000 },
  'GET /v1/reports': { rateLimit: 100, burstLimit: 200 },
  'GET /v1/referrals/{id}': { rateLimit: 200, burstLimit: 400 },
  'GET /v1/queues/{platform}': { rateLimit: 100, burstLimit: 200 },
  'GET /v1/stats/counts': { rateLimit: 20, burstLimit: 40 },
  'GET /v1/stats/platforms': { rateLimit: 20, burstLimit: 40 },
  'GET /v1/stats/indicators': { rateLimit: 20, burstLimit: 40 },
};

/** Liaison, admin and rule-of-law writes and the remaining reads: people at desks, not browsers in bulk. */
export const defaultRouteThrottle: RouteThrottle = { rateLimit: 100, burstLimit: 200 };

const queueVariable = (queue: QueueName): string => `${queue.toUpperCase()}_QUEUE_URL`;
const deadLetterVariable = (queue: QueueName): string => `${queue.toUpperCase()}_DLQ_URL`;

/** The stages whose handler file is on disk, in list order. */
export const presentStages = (
  stages: Readonly<Record<string, StageDescription>>,
): [string, StageDescription][] =>
  Object.entries(stages).filter(([, stage]) => existsSync(isAbsolute(stage.entry) ? stage.entry : join(repoRoot, stage.entry)));

/**
 * Code and wiring only: one function per stage, the HTTP API and the schedule. Deleting or
 * replacing this stack loses no data.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<string, PipelineFunction> = {};
  readonly httpApi?: HttpApi;
  readonly apiStage?: HttpStage;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, resources } = props;
    const evidenceBucket = Bucket.fromBucketAttributes(this, 'EvidenceBucket', {
      bucketName: resources.evidenceBucketName,
      encryptionKey: resources.key,
    });

    for (const [stageName, stage] of presentStages(props.stages)) {
      const reservedConcurrency = stage.deploymentConcurrency ? config.processConcurrency : undefined;
      const fn = new PipelineFunction(this, `${stageName[0]?.toUpperCase()}${stageName.slice(1)}`, {
        entry: stage.entry,
        description: stage.purpose,
        serviceName: `referral-desk-${stageName}`,
        timeout: Duration.seconds(stage.timeoutSeconds),
        memorySize: stage.memoryMiB,
        logRetention: config.logRetentionDays as RetentionDays,
        logEncryptionKey: resources.key,
        logLevel: config.logLevel,
        bundleAwsSdk: stage.bundleAwsSdk ?? true,
        reservedConcurrency,
        environment: {
          STAGE: config.stagePrefix,
          ...(stage.authMode ? { AUTH_MODE: stage.authMode } : {}),
        },
      });
      this.functions[stageName] = fn;

      if (stage.table) {
        fn.bindTable({
          table: resources.table,
          access: stage.table,
          indexNames: referralTable.globalIndexes.map((index) => index.indexName),
        });
      }
      for (const [queue, access] of Object.entries(stage.queues ?? {}) as [QueueName, 'send' | 'consume'][]) {
        fn.bindQueue({ queue: resources.queues[queue], access, variable: queueVariable(queue) });
      }
      for (const queue of Object.keys(stage.deadLetterQueues ?? {}) as QueueName[]) {
        fn.bindQueue({ queue: resources.deadLetterQueues[queue], access: 'send', variable: deadLetterVariable(queue) });
      }
      if (stage.evidence && stage.evidence.length > 0) {
        fn.bindBucket({ bucket: evidenceBucket, access: stage.evidence });
      }

      const trigger = stage.trigger;
      if (trigger.kind === 'queue') {
        fn.addQueueTrigger({
          queue: resources.queues[trigger.queue],
          batchSize: trigger.batchSize,
          maxConcurrency: reservedConcurrency ?? trigger.maxConcurrency,
        });
      } else if (trigger.kind === 'schedule') {
        new Rule(this, `${fn.node.id}Schedule`, {
          description: `Referral Desk (${config.stagePrefix}): ${stageName} runs on ${trigger.expression}`,
          schedule: Schedule.expression(trigger.expression),
          // A missed run is made up by the next one; retry briefly, then let it go.
          targets: [new LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
        });
      } else {
        if (this.httpApi) {
          throw new Error(`stage ${stageName}: only one stage can serve the HTTP API`);
        }
        const api = this.createHttpApi(fn, resources, config);
        this.httpApi = api.httpApi;
        this.apiStage = api.stage;
      }
    }
  }

  private createHttpApi(
    fn: PipelineFunction,
    resources: PipelineResources,
    config: DeploymentConfig,
  ): { httpApi: HttpApi; stage: HttpStage } {
    // Accepts the pool's ID tokens (aud) and access tokens (client_id) issued to the extension's
    // client; only ID tokens carry custom:unit and custom:platforms, so the extension sends those.
    const authorizer = new HttpUserPoolAuthorizer('OfficerAuthorizer', resources.userPool, {
      userPoolClients: [resources.extensionClient],
      identitySource: ['$request.header.Authorization'],
    });
    const httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${config.stagePrefix}-referral-desk`,
      description: 'Referral Desk API for the browser extension',
      // Every path goes to the one Hono app, and every request must carry a valid token.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', fn.function),
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: config.logRetentionDays as RetentionDays,
      encryptionKey: resources.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const stage = new HttpStage(this, 'HttpApiStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Who called what, when, and how it ended: the access record of a police system.
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            officer: '$context.authorizer.claims.sub',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
      throttle: defaultRouteThrottle,
    });
    // The throttled routes go to the same function behind the same authorizer; a route of its own is
    // what API Gateway needs to throttle it apart from `$default`.
    const cfnStage = stage.node.defaultChild as CfnStage;
    const throttledIntegration = new HttpLambdaIntegration('ThrottledIntegration', fn.function);
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [routeKey, throttle] of Object.entries(apiRouteThrottles)) {
      const [method, path] = routeKey.split(' ') as [HttpMethod, string];
      for (const route of httpApi.addRoutes({ path, methods: [method], integration: throttledIntegration })) {
        // Route settings name existing routes: the stage must come after them.
        cfnStage.addDependency(route.node.defaultChild as CfnResource);
      }
      routeSettings[routeKey] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
    }
    cfnStage.routeSettings = routeSettings;
    // Routes that cannot carry an officer's token: platforms call back with their own
    // HMAC signature (verified by the app, with replay protection), and the contract and
    // health check are public. Every other path keeps the JWT authorizer.
    const integration = new HttpLambdaIntegration('PublicIntegration', fn.function);
    const publicRoutes = [
      { path: '/v1/callbacks/{platform}', methods: [HttpMethod.POST] },
      { path: '/v1/openapi.json', methods: [HttpMethod.GET] },
      { path: '/v1/health', methods: [HttpMethod.GET] },
    ];
    for (const route of publicRoutes) {
      const created = httpApi.addRoutes({ path: route.path, methods: route.methods, integration, authorizer: new HttpNoneAuthorizer() });
      for (const r of created) {
        Validations.of(r).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.path} is called without an officer token: platform callbacks are authenticated by the platform's HMAC signature in the application; the OpenAPI document and health check hold no data.`,
        });
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    return { httpApi, stage };
  }
}
