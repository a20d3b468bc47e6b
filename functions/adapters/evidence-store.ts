import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { link, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import type { EvidenceUploadRequest, EvidenceUploadTicket } from '../contract/responses';

const ticketLifetimeSeconds = 15 * 60;

/** Who asked for an upload ticket: the unit, and the report (its submission id) that will cite the artifact. */
export interface EvidenceUploader {
  unit: string;
  submissionId: string;
}

/**
 * What a read found. The stored size is checked before any byte is read: a self-declared
 * artifact size is no bound (ten objects of 50 MB would run a function out of memory).
 */
export type EvidenceRead =
  | { status: 'missing' }
  | { status: 'too_large'; size: number }
  | { status: 'read'; bytes: Uint8Array; versionId?: string; uploadedFor?: EvidenceUploader };

export interface EvidenceReadOptions {
  /** Never read more than this many bytes. */
  maxBytes: number;
  /** The version whose bytes were verified; the current one when absent. */
  versionId?: string | undefined;
}

/**
 * Where evidence artifacts live, addressed by the SHA-256 the extension declared. An upload
 * must hash to it (S3 checks the signed checksum; the local store hashes) and never replaces
 * what is stored; the process stage still re-hashes what it reads.
 */
export interface EvidenceStore {
  createUploadTicket(request: EvidenceUploadRequest, unit: string, now: Date): Promise<EvidenceUploadTicket>;
  read(sha256: string, options: EvidenceReadOptions): Promise<EvidenceRead>;
  /**
   * Removes the artifact (retention purge). Nothing stored is not an error. In S3 this leaves a
   * delete marker; the bucket's lifecycle expires the version once its Object Lock has run out.
   */
  delete(sha256: string): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Reads a stream to its end, or stops once it has given more than `maxBytes`. */
const readAtMost = async (stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array | 'too_large'> => {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) return 'too_large';
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
};

const uploaderSchema = z.object({ unit: z.string(), submissionId: z.string() });

export type LocalWriteResult = { ok: true } | { ok: false; code: 'digest_mismatch' | 'exists' };

export interface LocalUploadTicket extends EvidenceUploader {
  sha256: string;
  bytes: number;
  expires: number;
  signature: string;
}

/**
 * Local stand-in for S3 pre-signed PUTs: a content-addressed folder under .data/ and
 * upload URLs signed with HMAC, served by the local API's PUT /v1/evidence/{sha256}. It
 * refuses what S3 refuses: bytes that do not hash to their name, and a second upload.
 */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(
    private readonly directory: string,
    private readonly publicBaseUrl: string,
    private readonly signingSecret: string,
  ) {
    // Tickets signed with a short or empty key could be forged by anyone who can reach the API.
    if (signingSecret.length < 32) throw new Error('the local evidence store needs a signing secret of 32 characters or more (DEV_AUTH_SECRET)');
  }

  private pathFor(sha256: string): string {
    return join(this.directory, sha256.slice(0, 2), sha256);
  }

  private signature(ticket: Omit<LocalUploadTicket, 'signature'>): string {
    return createHmac('sha256', this.signingSecret).update([ticket.sha256, ticket.bytes, ticket.expires, ticket.unit, ticket.submissionId].join('\n')).digest('hex');
  }

  async createUploadTicket(request: EvidenceUploadRequest, unit: string, now: Date): Promise<EvidenceUploadTicket> {
    const expires = Math.floor(now.getTime() / 1000) + ticketLifetimeSeconds;
    const signature = this.signature({ sha256: request.sha256, bytes: request.bytes, expires, unit, submissionId: request.submissionId });
    const query = new URLSearchParams({ bytes: String(request.bytes), expires: String(expires), unit, submission: request.submissionId, signature });
    return {
      uploadUrl: `${this.publicBaseUrl}/v1/evidence/${request.sha256}?${query.toString()}`,
      method: 'PUT',
      headers: { 'content-type': request.mediaType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  verifyTicket(ticket: LocalUploadTicket, now: Date): boolean {
    if (!Number.isFinite(ticket.expires) || ticket.expires * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.signature(ticket), 'hex');
    const given = Buffer.from(ticket.signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Stores bytes that hash to `sha256`, once: the first upload stays, as with S3 `If-None-Match: *` and Object Lock. */
  async write(sha256: string, bytes: Uint8Array, uploader: EvidenceUploader): Promise<LocalWriteResult> {
    if (sha256Of(bytes) !== sha256) return { ok: false, code: 'digest_mismatch' };
    const path = this.pathFor(sha256);
    await mkdir(join(this.directory, sha256.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    try {
      // link() fails when the name exists: of two concurrent uploads exactly one is stored.
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, code: 'exists' };
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
    await writeFile(`${path}.uploader.json`, JSON.stringify(uploader));
    return { ok: true };
  }

  async read(sha256: string, { maxBytes }: EvidenceReadOptions): Promise<EvidenceRead> {
    const path = this.pathFor(sha256);
    let file;
    try {
      file = await open(path, 'r');
    } catch {
      return { status: 'missing' };
    }
    try {
      const { size } = await file.stat();
      if (size > maxBytes) return { status: 'too_large', size };
      const bytes = await readAtMost(file.createReadStream({ end: maxBytes }), maxBytes);
      if (bytes === 'too_large') return { status: 'too_large', size: (await file.stat()).size };
      const uploader = await readFile(`${path}.uploader.json`, 'utf8').then((text) => uploaderSchema.safeParse(JSON.parse(text)), () => undefined);
      return { status: 'read', bytes, ...(uploader?.success ? { uploadedFor: uploader.data } : {}) };
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathFor(sha256), { force: true });
    await rm(`${this.pathFor(sha256)}.uploader.json`, { force: true });
  }
}

/**
 * Cloud evidence store: S3 with pre-signed PUTs. The checksum, the no-overwrite condition and
 * the uploader are signed as headers: the presigner would otherwise hoist x-amz-* headers into
 * the query string, where S3 does not check the checksum against the body.
 */
export class S3EvidenceStore implements EvidenceStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private keyFor(sha256: string): string {
    return `evidence/sha256/${sha256}`;
  }

  async createUploadTicket(request: EvidenceUploadRequest, unit: string, now: Date): Promise<EvidenceUploadTicket> {
    const checksum = Buffer.from(request.sha256, 'hex').toString('base64');
    const metadata = { unit, 'submission-id': request.submissionId };
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.keyFor(request.sha256),
      ContentType: request.mediaType,
      ContentLength: request.bytes,
      ChecksumSHA256: checksum,
      // A second upload under the same hash is refused (412), never a new version.
      IfNoneMatch: '*',
      Metadata: metadata,
    });
    const signedHeaders = { 'x-amz-checksum-sha256': checksum, 'if-none-match': '*', 'x-amz-meta-unit': unit, 'x-amz-meta-submission-id': request.submissionId };
    const uploadUrl = await getSignedUrl(this.client, command, {
      expiresIn: ticketLifetimeSeconds,
      signingDate: now,
      unhoistableHeaders: new Set(Object.keys(signedHeaders).filter((h) => h.startsWith('x-amz-'))),
      signableHeaders: new Set(['content-type', 'content-length', 'if-none-match']),
    });
    return {
      uploadUrl,
      method: 'PUT',
      headers: { 'content-type': request.mediaType, ...signedHeaders },
      expiresAt: new Date(now.getTime() + ticketLifetimeSeconds * 1000).toISOString(),
    };
  }

  async read(sha256: string, { maxBytes, versionId }: EvidenceReadOptions): Promise<EvidenceRead> {
    let result;
    try {
      result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256), ...(versionId ? { VersionId: versionId } : {}) }));
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.name === 'NoSuchVersion')) return { status: 'missing' };
      throw error;
    }
    const body = result.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!body) return { status: 'missing' };
    const size = result.ContentLength ?? 0;
    if (size > maxBytes) {
      body.destroy?.();
      return { status: 'too_large', size };
    }
    const bytes = await readAtMost(body, maxBytes);
    if (bytes === 'too_large') {
      body.destroy?.();
      return { status: 'too_large', size };
    }
    const unit = result.Metadata?.['unit'];
    const submissionId = result.Metadata?.['submission-id'];
    return { status: 'read', bytes, ...(result.VersionId ? { versionId: result.VersionId } : {}), ...(unit && submissionId ? { uploadedFor: { unit, submissionId } } : {}) };
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }));
  }
}

/**
 * The evidence store a stage reads and deletes through: the local folder when EVIDENCE_DIR is
 * set (embedded stack), else the bucket, else none. Upload tickets are the API's, built there
 * with its public URL.
 */
export const evidenceStoreFor = (config: { EVIDENCE_DIR?: string | undefined; EVIDENCE_BUCKET?: string | undefined; DEV_AUTH_SECRET?: string | undefined; AWS_REGION: string }): EvidenceStore | undefined => {
  if (config.EVIDENCE_DIR) return new LocalEvidenceStore(config.EVIDENCE_DIR, '', config.DEV_AUTH_SECRET ?? '');
  if (config.EVIDENCE_BUCKET) return new S3EvidenceStore(new S3Client({ region: config.AWS_REGION }), config.EVIDENCE_BUCKET);
  return undefined;
};
