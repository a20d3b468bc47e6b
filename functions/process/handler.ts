import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ingestMessageV1 } from '../contract/ingest-message';
import { createSqsClient, type AwsClients } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { evidenceStoreFor } from '../adapters/evidence-store';
import { hashBankSnapshotsFor } from '../adapters/hash-bank-snapshots';
import { createLogger } from '../adapters/logger';
import { parseOrPark } from '../adapters/poison-messages';
import { QueueSender } from '../adapters/queue-sender';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { hashImageWithSharp } from '../adapters/media/image-hasher';
import { readQrCodeWithSharp } from '../adapters/media/qr-reader';
import type { ImageHasher } from '../core/media/media-check';
import { timestampAuthorityFor } from '../adapters/timestamp-authority';
import type { QrReader } from '../core/media/qr-code';
import { MediaBanks } from './media-banks';
import { processReport, type ProcessDependencies } from './process-report';
import type { DeliveryMessageV1 } from '../contract/lifecycle';
import { urgentDeliveryId } from '../core/lifecycle/urgent-delivery';
import type { RoutingTarget } from '../core/routing';
import type { IngestLane } from '../core/ingest-lane';

const logger = createLogger('process');

export interface ProcessStage {
  dependencies: ProcessDependencies;
  queues: QueueSender;
  deadLetterUrl: string;
}

/** Clients can be passed in, so tests can wrap the real ones (e.g. with fault injection). */
export interface ProcessClients extends AwsClients {
  /** Recomputes the PDQ of image artifacts; without it image artifacts are checked by SHA-256 only. */
  hashImage?: ImageHasher;
  /** Reads QR codes in verified screenshots and images (and images inside snapshots). */
  readQrCode?: QrReader;
}

/**
 * The image readers the stage runs with, in Lambda and on the local stack alike: sharp decodes
 * (the function's asset carries its linux-arm64 binaries, infra/cdk/image-decoder-bundle.ts),
 * PDQ hashes and jsQR reads.
 */
export const processImageReaders = { hashImage: hashImageWithSharp, readQrCode: readQrCodeWithSharp } as const satisfies ProcessClients;

/**
 * The stage reading one ingest lane (core/ingest-lane.ts). Both lanes process alike; each parks
 * the messages it cannot parse in its own queue's dead-letter queue, where `npm run dlq` finds them.
 */
export const createProcessStage = (config: RuntimeConfig, clients: ProcessClients = {}, lane: IngestLane = 'ingest'): ProcessStage => {
  const queues = new QueueSender(clients.sqsClient ?? createSqsClient(config));
  const targetUrls: Record<RoutingTarget, string | undefined> = { escalation: config.ESCALATION_QUEUE_URL, 'urgent-delivery': config.DELIVERY_QUEUE_URL, financial: config.FINANCIAL_QUEUE_URL };
  const evidence = evidenceStoreFor(config);
  const deadLetterUrl = lane === 'urgent' ? config.URGENT_DLQ_URL : config.INGEST_DLQ_URL;
  if (!deadLetterUrl) throw new Error(`${lane === 'urgent' ? 'URGENT_DLQ_URL' : 'INGEST_DLQ_URL'} is required by the ${lane} process stage`);
  const stores = createStores(config, clients.documentClient ? { documentClient: clients.documentClient } : {});
  return {
    queues,
    deadLetterUrl,
    dependencies: {
      stores,
      evidence,
      timestampAuthority: timestampAuthorityFor(config),
      now: () => new Date(),
      ...(clients.readQrCode ? { readQrCode: clients.readQrCode } : {}),
      // Videos arrive hashed by the extension, so they are matched wherever the stage runs.
      mediaBanks: new MediaBanks(stores.hashBanks, {
        snapshots: hashBankSnapshotsFor(config),
        onSnapshotError: (bank, operation, error) => logger.warn('hash bank snapshot unusable; the bank is read from the table', { bank, operation, error: error as Error }),
      }),
      ...(clients.hashImage ? { hashImage: clients.hashImage } : {}),
      routing: {
        send: async (target, referral) => {
          const url = targetUrls[target];
          if (!url) throw new Error(`no queue URL configured for ${target}`);
          if (target === 'urgent-delivery') {
            // One delivery id per referral: a resend after a crash names the same delivery.
            const message: DeliveryMessageV1 = { type: 'referral.delivery', version: 1, referralId: referral.referralId, platform: referral.platform, deliveryId: urgentDeliveryId(referral.referralId), requestedAt: new Date().toISOString(), urgent: true };
            await queues.sendJson(url, message, { referralId: referral.referralId });
            return;
          }
          await queues.sendJson(url, { type: `referral.${target}`, version: 1, ...referral }, { referralId: referral.referralId });
        },
      },
    },
  };
};

/**
 * One SQS record: a message that cannot be parsed will never succeed, so it goes to the
 * DLQ at once with its reason; anything else that throws is retried by SQS.
 */
export const createRecordHandler = (stage: ProcessStage) => async (record: SQSRecord): Promise<void> => {
  const message = await parseOrPark(record, ingestMessageV1, 'ingestMessageV1', { queues: stage.queues, deadLetterUrl: stage.deadLetterUrl, logger });
  if (!message) return;
  // Records of a batch run concurrently on one logger, so correlation ids go on each line
  // rather than into the logger's shared keys (which would tag lines with another record).
  const ids = { submissionId: message.submissionId, messageId: record.messageId };
  try {
    const outcome = await processReport(message, stage.dependencies);
    logger.info('report processed', { ...ids, outcome });
  } catch (error) {
    // Retried by SQS (batchItemFailures); after maxReceiveCount the redrive policy parks it.
    logger.warn('report processing failed; SQS will redeliver', { ...ids, error: error as Error, receiveCount: record.attributes.ApproximateReceiveCount });
    throw error;
  }
};

export const createProcessHandler = (resolveStage: () => ProcessStage) => {
  let stage: ProcessStage | undefined;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    // Built on the first invocation (cold start), then reused while the container lives.
    stage ??= resolveStage();
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, createRecordHandler(stage), processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  };
};

export const handler = createProcessHandler(() => createProcessStage(readRuntimeConfig(), processImageReaders));
