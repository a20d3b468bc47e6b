import { readFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { packageSignerFor } from '../adapters/package-signer';
import { createSqsClient } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { LocalEvidenceStore, S3EvidenceStore } from '../adapters/evidence-store';
import { createLogger } from '../adapters/logger';
import { orderFontsLoader } from '../adapters/order-fonts';
import { QueueSender } from '../adapters/queue-sender';
import type { RuntimeConfig } from '../adapters/runtime-config';
import type { ApiDependencies } from './app';
import { apiGatewayAuthenticator, localAuthenticator } from './authenticate';

const logger = createLogger('api');

const cursorKeyOf = (config: RuntimeConfig, loaded: string | undefined): string => {
  const key = loaded ?? config.DEV_AUTH_SECRET;
  if (!key) throw new Error('the API needs its queue cursor key: loadCursorKey() in the cloud, DEV_AUTH_SECRET on the local stack');
  return key;
};

/**
 * Builds the API's adapters from the function environment. The cloud and the local
 * stack differ only here: who verifies tokens, and where evidence is stored.
 * `publicBaseUrl` is the local API's own address, for local evidence upload URLs.
 */
export const createApiDependencies = (config: RuntimeConfig, publicBaseUrl = '', secrets: { cursorKey?: string } = {}): ApiDependencies => {
  if (!config.INGEST_QUEUE_URL) throw new Error('INGEST_QUEUE_URL is required by the API');
  if (!config.URGENT_QUEUE_URL) throw new Error('URGENT_QUEUE_URL is required by the API');
  let authenticate = apiGatewayAuthenticator;
  if (config.AUTH_MODE === 'local') {
    if (!config.DEV_AUTH_SECRET) throw new Error('AUTH_MODE=local needs DEV_AUTH_SECRET');
    authenticate = localAuthenticator(config.DEV_AUTH_SECRET);
  }
  const localEvidence = config.EVIDENCE_DIR
    ? new LocalEvidenceStore(config.EVIDENCE_DIR, publicBaseUrl, config.DEV_AUTH_SECRET ?? '')
    : undefined;
  const packageSigner = packageSignerFor(config);
  const evidence = localEvidence ?? new S3EvidenceStore(new S3Client({ region: config.AWS_REGION }), config.EVIDENCE_BUCKET ?? '');
  return {
    stores: createStores(config),
    ...(config.DELIVERY_QUEUE_URL ? { deliveryQueueUrl: config.DELIVERY_QUEUE_URL } : {}),
    // A cursor is only as unforgeable as its key: the cloud's is a generated secret (cursor-key.ts), the local stack's its dev secret.
    cursorKey: cursorKeyOf(config, secrets.cursorKey),
    queues: new QueueSender(createSqsClient(config)),
    ingestQueueUrls: { ingest: config.INGEST_QUEUE_URL, urgent: config.URGENT_QUEUE_URL },
    authenticate,
    evidence,
    ...(localEvidence ? { localEvidence } : {}),
    ...(packageSigner ? { packageSigner } : {}),
    ...(config.TSA_TRUST_ANCHOR_FILE ? { tsaCaPem: readFileSync(config.TSA_TRUST_ANCHOR_FILE, 'utf8') } : {}),
    orderFonts: orderFontsLoader(config.DOCUMENT_FONTS_DIR),
    now: () => new Date(),
    log: (level, message, details) => (level === 'error' ? logger.error(message, details ?? {}) : logger.info(message, details ?? {})),
  };
};
