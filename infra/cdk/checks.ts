import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Registers cdk-nag's AWS Solutions pack as a policy validation plugin: every synth (the CLI's
 * and the tests') checks every stack, and an unacknowledged finding fails it.
 */
export const addChecks = (app: App): void => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
};
