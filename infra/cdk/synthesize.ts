import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { addChecks } from './checks';
import { addReferralDesk, type ReferralDeskOptions, type ReferralDeskStacks } from './referral-desk';
import { repoRoot } from './repo-root';

export interface ValidationViolation {
  ruleName: string;
  severity: string;
  constructPaths: string[];
}

export interface SynthesizedReferralDesk extends ReferralDeskStacks {
  app: App;
  assembly: CloudAssembly;
  outdir: string;
  synthMs: number;
  /** Unacknowledged findings of every validation plugin (cdk-nag and CDK's own), errors and warnings alike. */
  violations: ValidationViolation[];
}

interface ValidationReport {
  pluginReports?: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/**
 * The findings CDK's validation report lists: only unacknowledged ones, errors and warnings alike.
 * CDK writes the report whenever a validation plugin ran, so a missing file is an error too.
 */
export const readViolations = (outdir: string): ValidationViolation[] => {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    plugin.violations.map((v) => ({
      ruleName: v.ruleName,
      severity: v.severity,
      constructPaths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
};

/**
 * Builds the app the way `cdk synth` does (cdk.json's context, cdk-nag's AWS Solutions pack) into a
 * temporary directory, for the tests. Validation does not throw here, so the tests can list findings.
 */
export const synthesizeReferralDesk = (
  context: Record<string, unknown> = {},
  options: Omit<ReferralDeskOptions, 'config'> = {},
): SynthesizedReferralDesk => {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'referral-desk-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, ...context, '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  addChecks(app);
  const started = performance.now();
  const stacks = addReferralDesk(app, options);
  const assembly = app.synth();
  const synthMs = performance.now() - started;

  return { ...stacks, app, assembly, outdir, synthMs, violations: readViolations(outdir) };
};
