import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { queues, type QueueName } from '../resources';
import { referralsNearDeadlineMetric, unacknowledgedPagesMetric } from '../stages';
import { noAlarmEmail, type DeploymentConfig } from './deployment-config';

export interface MonitoringStackProps extends StackProps {
  config: DeploymentConfig;
  key: IKey;
  queues: Record<QueueName, IQueue>;
  deadLetterQueues: Record<QueueName, IQueue>;
  /** Functions by stage name. */
  functions: Record<string, IFunction>;
  /** @default - no API alarms */
  httpApi?: IHttpApi;
}

/**
 * Seconds a message may wait in a work queue before someone should look: P1 escalations and
 * fresh reports within minutes (threat to life, one-hour removal orders), deliveries within a
 * quarter hour (they retry with backoff), financial follow-up within the hour.
 */
export const oldestMessageAlarmSeconds: Record<QueueName, number> = {
  ingest: 300,
  // The urgent lane has executions of its own: a report waiting a minute there means they are not running.
  urgent: 60,
  delivery: 900,
  escalation: 300,
  financial: 3600,
};

/** A dead letter older than half its retention will be lost if nobody redrives it. */
export const deadLetterAgeAlarmSeconds = (queue: QueueName): number =>
  (queues[queue].deadLetterRetentionDays * 86_400) / 2;

/** The alarm topic's name is fixed, so the key policy (stateful stack) can name the topic it serves. */
export const alarmTopicName = (prefix: string): string => `${prefix}-referral-desk-alarms`;

/** Alarm names are part of the contract with whoever is paged; the tests list them. */
export const alarmNames = {
  deadLetterDepth: (prefix: string, queue: QueueName) => `${prefix}-referral-desk-${queue}-dlq-depth`,
  deadLetterAge: (prefix: string, queue: QueueName) => `${prefix}-referral-desk-${queue}-dlq-oldest-message`,
  oldestMessage: (prefix: string, queue: QueueName) => `${prefix}-referral-desk-${queue}-oldest-message`,
  functionErrors: (prefix: string, stage: string) => `${prefix}-referral-desk-${stage}-errors`,
  functionThrottles: (prefix: string, stage: string) => `${prefix}-referral-desk-${stage}-throttles`,
  nearDeadline: (prefix: string) => `${prefix}-referral-desk-referrals-near-deadline`,
  unacknowledgedPages: (prefix: string) => `${prefix}-referral-desk-unacknowledged-pages`,
  apiServerErrors: (prefix: string) => `${prefix}-referral-desk-api-5xx`,
};

/** Alarms to an encrypted SNS topic (optionally e-mailed) and one dashboard for the pipeline. */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = config.stagePrefix;

    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: alarmTopicName(prefix),
      displayName: `Referral Desk (${prefix}) alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one; without this
    // Allow, CloudWatch's publishes would be refused. Only alarms of this account and region may publish.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    if (config.alarmEmail !== noAlarmEmail) {
      this.topic.addSubscription(new EmailSubscription(config.alarmEmail));
    }
    const action = new SnsAction(this.topic);

    const alarm = (id: string, alarmName: string, metric: IMetric, threshold: number, description: string): Alarm => {
      const created = new Alarm(this, id, {
        alarmName,
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data means nothing is happening: no messages, no invocations, no scheduler run yet.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);

    for (const queueName of Object.keys(queues) as QueueName[]) {
      const work = props.queues[queueName];
      const dead = props.deadLetterQueues[queueName];
      const label = `${queueName[0]?.toUpperCase()}${queueName.slice(1)}`;
      alarm(
        `${label}DeadLetterDepth`,
        alarmNames.deadLetterDepth(prefix, queueName),
        dead.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
        1,
        `Messages failed ${queues[queueName].maxReceiveCount} times on the ${queueName} queue and wait in its dead-letter queue. Inspect, fix, redrive.`,
      );
      alarm(
        `${label}DeadLetterAge`,
        alarmNames.deadLetterAge(prefix, queueName),
        dead.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
        deadLetterAgeAlarmSeconds(queueName),
        `A dead letter of the ${queueName} queue is older than half its retention and will be lost unless redriven.`,
      );
      alarm(
        `${label}OldestMessage`,
        alarmNames.oldestMessage(prefix, queueName),
        work.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
        oldestMessageAlarmSeconds[queueName],
        `The oldest message on the ${queueName} queue has waited ${oldestMessageAlarmSeconds[queueName]} s or more: its consumer is failing or too slow.`,
      );
    }

    for (const [stageName, fn] of Object.entries(props.functions)) {
      const label = `${stageName[0]?.toUpperCase()}${stageName.slice(1)}`;
      alarm(
        `${label}Errors`,
        alarmNames.functionErrors(prefix, stageName),
        fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `The ${stageName} function threw (an unhandled error, a timeout or an out-of-memory) in the last five minutes.`,
      );
      alarm(
        `${label}Throttles`,
        alarmNames.functionThrottles(prefix, stageName),
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `The ${stageName} function was throttled: account or reserved concurrency is exhausted.`,
      );
    }

    const nearDeadline = new Metric({
      namespace: referralsNearDeadlineMetric.namespace,
      metricName: referralsNearDeadlineMetric.metricName,
      dimensionsMap: { [referralsNearDeadlineMetric.dimension]: prefix },
      period: fiveMinutes,
      statistic: 'Maximum',
    });
    alarm(
      'ReferralsNearDeadline',
      alarmNames.nearDeadline(prefix),
      nearDeadline,
      1,
      'Referrals are close to their deadline (e.g. the one hour of a removal order, Regulation (EU) 2021/784 Art. 3(3)) and not yet actioned.',
    );

    alarm(
      'UnacknowledgedPages',
      alarmNames.unacknowledgedPages(prefix),
      new Metric({
        namespace: unacknowledgedPagesMetric.namespace,
        metricName: unacknowledgedPagesMetric.metricName,
        dimensionsMap: { [unacknowledgedPagesMetric.dimension]: prefix },
        period: minute,
        statistic: 'Maximum',
      }),
      1,
      'A P1 page (threat to life) went unacknowledged past its time: the next contact or the unit head is being paged, or nobody is left to page. Acknowledge it on the referral.',
    );

    if (props.httpApi) {
      alarm(
        'ApiServerErrors',
        alarmNames.apiServerErrors(prefix),
        props.httpApi.metricServerError({ period: fiveMinutes }),
        5,
        'The HTTP API answered 5xx five times or more in five minutes: officers cannot submit reports.',
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${prefix}-referral-desk`,
      defaultInterval: Duration.hours(6),
    });
    const queueNames = Object.keys(queues) as QueueName[];
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Referral Desk (${prefix})\nReports flow API -> ingest -> process -> delivery / escalation / financial. Dead letters need a human.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Referrals near deadline',
        metrics: [nearDeadline],
        width: 6,
        height: 6,
      }),
      new GraphWidget({
        title: 'Queue depth',
        left: queueNames.map((q) =>
          props.queues[q].metricApproximateNumberOfMessagesVisible({ period: minute, label: q, statistic: 'Maximum' }),
        ),
        width: 9,
      }),
      new GraphWidget({
        title: 'Dead letters',
        left: queueNames.map((q) =>
          props.deadLetterQueues[q].metricApproximateNumberOfMessagesVisible({
            period: minute,
            label: `${q}-dlq`,
            statistic: 'Maximum',
          }),
        ),
        width: 9,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Age of oldest message (s)',
        left: queueNames.map((q) =>
          props.queues[q].metricApproximateAgeOfOldestMessage({ period: minute, label: q, statistic: 'Maximum' }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: Object.entries(props.functions).map(([stage, fn]) =>
          fn.metricErrors({ period: fiveMinutes, label: `${stage} errors`, statistic: 'Sum' }),
        ),
        right: Object.entries(props.functions).map(([stage, fn]) =>
          fn.metricThrottles({ period: fiveMinutes, label: `${stage} throttles`, statistic: 'Sum' }),
        ),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function duration p99 (ms)',
        left: Object.entries(props.functions).map(([stage, fn]) =>
          fn.metricDuration({ period: fiveMinutes, label: stage, statistic: 'p99' }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'API requests and errors',
        left: props.httpApi ? [props.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' })] : [],
        right: props.httpApi
          ? [
              props.httpApi.metricClientError({ period: fiveMinutes }),
              props.httpApi.metricServerError({ period: fiveMinutes }),
            ]
          : [],
        width: 12,
      }),
    );

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
