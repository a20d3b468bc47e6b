import { Tags, type App, type Environment } from 'aws-cdk-lib';
import { stages as stageList, type StageDescription } from '../stages';
import { readDeploymentConfig, type DeploymentConfig } from './deployment-config';
import { MonitoringStack } from './monitoring-stack';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface ReferralDeskOptions {
  /** @default - read from the app's context (cdk.json, `-c`) */
  config?: DeploymentConfig;
  /** @default - infra/stages.ts */
  stages?: Readonly<Record<string, StageDescription>>;
  /** Account to deploy to. @default - the account of the caller's credentials, resolved at deploy time */
  account?: string;
}

export interface ReferralDeskStacks {
  config: DeploymentConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
  monitoring: MonitoringStack;
}

/** Adds Referral Desk's three stacks to an app: the same call for `cdk synth`/`deploy` and for the tests. */
export const addReferralDesk = (app: App, options: ReferralDeskOptions = {}): ReferralDeskStacks => {
  const config = options.config ?? readDeploymentConfig(app.node);
  const stackName = (part: string): string => `${config.stagePrefix}-referral-desk-${part}`;
  const env: Environment = { account: options.account, region: config.region };

  const stateful = new StatefulStack(app, stackName('stateful'), {
    config,
    env,
    description: `Referral Desk (${config.stagePrefix}): key, table, queues, evidence and index snapshot buckets, user pool`,
    // Deleting this stack would orphan retained data; make it a deliberate two-step act.
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, stackName('stateless'), {
    config,
    env,
    description: `Referral Desk (${config.stagePrefix}): functions, HTTP API, schedule`,
    resources: stateful,
    stages: options.stages ?? stageList,
  });
  // Explicit: the evidence bucket is imported by name, which CloudFormation cannot see as a dependency.
  stateless.addStackDependency(stateful);
  const monitoring = new MonitoringStack(app, stackName('monitoring'), {
    config,
    env,
    description: `Referral Desk (${config.stagePrefix}): alarms, alarm topic, dashboard`,
    key: stateful.key,
    queues: stateful.queues,
    deadLetterQueues: stateful.deadLetterQueues,
    functions: Object.fromEntries(Object.entries(stateless.functions).map(([name, fn]) => [name, fn.function])),
    httpApi: stateless.httpApi,
  });

  Tags.of(app).add('project', 'referral-desk');
  Tags.of(app).add('stage', config.stagePrefix);
  return { config, stateful, stateless, monitoring };
};
