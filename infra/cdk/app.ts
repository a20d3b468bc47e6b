/**
 * CDK app entry (cdk.json runs it with tsx). cdk-nag's AWS Solutions rules run on every synth:
 * an unacknowledged finding fails `cdk synth` and `cdk deploy`.
 */
import { App } from 'aws-cdk-lib';
import { addChecks } from './checks';
import { addReferralDesk } from './referral-desk';

const app = new App();
addChecks(app);
// The region comes from cdk.json (referralDesk:region); the account from the caller's profile
// when the CLI resolved one, else it stays a deploy-time value so synth works offline.
addReferralDesk(app, { account: process.env.CDK_DEFAULT_ACCOUNT });
app.synth();
