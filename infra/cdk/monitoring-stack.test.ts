import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queues, type QueueName } from '../resources';
import { defaultDeploymentConfig, noAlarmEmail, type DeploymentConfig } from './deployment-config';
import { MonitoringStack } from './monitoring-stack';

// The App's output folder, removed afterwards (an App without one leaves a cdk.out* in the temp folder).
const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-monitoring-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The monitoring stack alone, over stand-in queues and no functions: no bundling, a fraction of a second. */
const monitoringTemplate = (config: DeploymentConfig): Template => {
  const app = new App({ outdir });
  const stores = new Stack(app, 'Stores');
  const names = Object.keys(queues) as QueueName[];
  const queueSet = (suffix: string) =>
    Object.fromEntries(names.map((name) => [name, new Queue(stores, `${name}${suffix}`)])) as Record<QueueName, Queue>;
  const monitoring = new MonitoringStack(app, 'Monitoring', {
    config,
    key: new Key(stores, 'Key'),
    queues: queueSet('Queue'),
    deadLetterQueues: queueSet('DeadLetterQueue'),
    functions: {},
  });
  return Template.fromStack(monitoring);
};

let subscribed: Template;
let optedOut: Template;
beforeAll(() => {
  subscribed = monitoringTemplate({ ...defaultDeploymentConfig, alarmEmail: 'duty-officer@example.org' });
  optedOut = monitoringTemplate({ ...defaultDeploymentConfig, alarmEmail: noAlarmEmail });
}, 60_000);

describe('MonitoringStack alarm delivery', () => {
  it('subscribes the alarm e-mail', () => {
    const template = subscribed;
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'duty-officer@example.org' });
  });

  it('subscribes nobody after the explicit opt-out, but still lets CloudWatch publish to the topic', () => {
    const template = optedOut;
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const statements = Object.values(template.findResources('AWS::SNS::TopicPolicy')).flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(statements.filter((s) => s.Effect === 'Allow').map((s) => s.Principal)).toEqual([
      { Service: 'cloudwatch.amazonaws.com' },
    ]);
  });
});
