import type { OrderFonts } from '../core/rule-of-law/removal-order-document';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { LambdaEvent } from 'hono/aws-lambda';
import type { Principal } from '../contract/principal';
import type { QueueSender } from '../adapters/queue-sender';
import type { EvidenceStore, LocalEvidenceStore } from '../adapters/evidence-store';
import type { Stores } from '../adapters/create-stores';
import type { Authenticator } from './authenticate';
import type { PackageSigner } from '../adapters/package-signer';
import { mayCall, type RouteId } from './access-policy';
import { errorResponse } from './http-errors';
import { ingestLaneFor, type IngestLane } from '../core/ingest-lane';

/** Largest request body: a report with 40,000 characters of selected text fits well inside. */
export const maxBodyBytes = 256 * 1024;
/** Largest evidence artifact accepted by the local store (an MHTML snapshot of a heavy page). */
export const maxEvidenceBytes = 20 * 1024 * 1024;

export interface ApiDependencies {
  /** Every store of the table, built once by adapters/create-stores.ts. */
  stores: Stores;
  queues: QueueSender;
  /** The queue of each ingest lane (core/ingest-lane.ts): a report that may be a threat to life goes to `urgent`. */
  ingestQueueUrls: Record<IngestLane, string>;
  authenticate: Authenticator;
  evidence: EvidenceStore;
  /** Present on the local stack only: accepts the PUTs that S3 takes in the cloud. */
  localEvidence?: LocalEvidenceStore;
  /** Where liaison "send" enqueues webhook deliveries; absent when no delivery stage is wired. */
  deliveryQueueUrl?: string;
  /** Signs evidence packages; absent in a deployment that has no package key configured. */
  packageSigner?: PackageSigner;
  /** The TSA's CA certificate(s), PEM, shipped in evidence packages for `openssl ts -verify`. */
  tsaCaPem?: string;
  /** HMAC key of opaque queue cursors. */
  cursorKey: string;
  /** The faces and font engine of removal-order PDFs, loaded on first use. */
  orderFonts: () => Promise<OrderFonts>;
  now: () => Date;
  log: (level: 'info' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export type ApiEnv = { Bindings: { event?: LambdaEvent }; Variables: { principal: Principal } };
export type ApiApp = Hono<ApiEnv>;

export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read: a client reusing this connection would write its
      // next request behind it. Closing tells a keep-alive client to open a fresh one.
      c.header('connection', 'close');
      return errorResponse(c, 413, 'payload_too_large', `body exceeds ${maxSize} bytes`);
    },
  });

/** 403 unless one of the caller's roles may call the route (see access-policy.ts). */
export const allow = (c: Context<ApiEnv>, route: RouteId): Response | undefined =>
  mayCall(c.get('principal'), route) ? undefined : errorResponse(c, 403, 'forbidden', `your role may not call ${route}`);

/** The queue an accepted report is sent to: its ingest lane's. */
export const ingestQueueUrlFor = (deps: Pick<ApiDependencies, 'ingestQueueUrls'>, report: Parameters<typeof ingestLaneFor>[0]): string =>
  deps.ingestQueueUrls[ingestLaneFor(report)];
