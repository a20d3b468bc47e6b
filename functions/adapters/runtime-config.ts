import * as z from 'zod';
import { usePlatformRegistryFile } from './platform-registry-file';

/**
 * Environment every function reads once per cold start. The CDK stack sets these
 * names; the local stack sets the same names before it invokes the handlers.
 * Endpoints are only set locally (dynalite, fauxqs); in the cloud the SDK default applies.
 */
export const runtimeConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INGEST_QUEUE_URL: z.string().min(1).optional(),
  INGEST_DLQ_URL: z.string().min(1).optional(),
  /** The urgent lane: reports that may be a threat to life (core/ingest-lane.ts), and its dead letters. */
  URGENT_QUEUE_URL: z.string().min(1).optional(),
  URGENT_DLQ_URL: z.string().min(1).optional(),
  DELIVERY_QUEUE_URL: z.string().min(1).optional(),
  ESCALATION_QUEUE_URL: z.string().min(1).optional(),
  FINANCIAL_QUEUE_URL: z.string().min(1).optional(),
  EVIDENCE_BUCKET: z.string().min(1).optional(),
  /** Local content-addressed evidence folder, used instead of S3 on the local stack. */
  EVIDENCE_DIR: z.string().min(1).optional(),
  /** Snapshots of the hash banks the process stage reads on a cold start (S3 in the cloud, a folder on the local stack). */
  INDEX_SNAPSHOT_BUCKET: z.string().min(1).optional(),
  INDEX_SNAPSHOT_DIR: z.string().min(1).optional(),
  /** Where removal-order PDF fonts are (the Lambda bundle's copy); absent: the dejavu-fonts-ttf package. */
  DOCUMENT_FONTS_DIR: z.string().min(1).optional(),
  AUTH_MODE: z.enum(['apigateway', 'local']).default('apigateway'),
  /** Local stack only: HS256 secret of the dev token issuer. */
  DEV_AUTH_SECRET: z.string().min(32).optional(),
  /** Cloud API only: the generated secret that keys queue cursors (see functions/api/cursor-key.ts). */
  CURSOR_KEY_SECRET_ARN: z.string().min(1).optional(),
  AWS_REGION: z.string().default('eu-west-1'),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  STAGE: z.string().default('local'),
  /**
   * After how long a trend counter's claim is taken to belong to a delivery that died
   * (adapters/stores/counter-claims.ts): longer than any function's timeout (60 s at most,
   * infra/stages.ts). The local stack, whose handlers have no timeout and retry within seconds, sets 5.
   */
  COUNTER_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(1).max(900).default(90),
  /** A deployment's platform registry (JSON, see functions/core/platforms/default-platforms.json); the default when unset. */
  PLATFORM_REGISTRY_FILE: z.string().min(1).optional(),
  /** An RFC 3161 time-stamping authority (an eIDAS qualified TSA in production); without it no capture manifest is stamped, and its record says so. */
  TSA_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The CA certificates (PEM file) a token of TSA_URL must chain to. */
  TSA_TRUST_ANCHOR_FILE: z.string().min(1).optional(),
  /** Cloud: the KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) that signs evidence packages. */
  PACKAGE_SIGNING_KEY_ID: z.string().min(1).optional(),
  /** Local stack only: the PEM file of the key that signs evidence packages (made on first use). */
  PACKAGE_SIGNING_KEY_FILE: z.string().min(1).optional(),
}).superRefine((config, context) => {
  // A token that cannot be checked is no evidence: a TSA comes with the anchor its tokens are verified against.
  if (config.TSA_URL && !config.TSA_TRUST_ANCHOR_FILE) context.addIssue({ code: 'custom', path: ['TSA_TRUST_ANCHOR_FILE'], message: 'TSA_URL needs TSA_TRUST_ANCHOR_FILE to verify its tokens' });
  // The local evidence store signs its upload tickets with the dev secret: without one they would be signed with an empty key.
  if (config.EVIDENCE_DIR && !config.DEV_AUTH_SECRET) context.addIssue({ code: 'custom', path: ['DEV_AUTH_SECRET'], message: 'EVIDENCE_DIR needs DEV_AUTH_SECRET to sign upload tickets' });
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

export const readRuntimeConfig = (env: NodeJS.ProcessEnv = process.env): RuntimeConfig => {
  const parsed = runtimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => (i.code === 'custom' ? `${i.path.join('.')} (${i.message})` : i.path.join('.'))).join(', ');
    throw new Error(`Function environment is incomplete or invalid: ${fields}`);
  }
  // The registry is start-up configuration like the rest: in place before the first request.
  if (parsed.data.PLATFORM_REGISTRY_FILE !== undefined) usePlatformRegistryFile(parsed.data.PLATFORM_REGISTRY_FILE);
  return parsed.data;
};
