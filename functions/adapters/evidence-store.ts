import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { EvidenceUploadRequest, EvidenceUploadTicket } from '../contract/responses';

const ticketLifetimeSeconds = 15 * 60;

/**
 * Where evidence artifacts live, addressed by the SHA-256 the extension declared.
 * The store never trusts the declaration: the process stage re-hashes what was stored.
 */
export interface EvidenceStore {
  createUploadTicket(request: EvidenceUploadRequest, now: Date): Promise<EvidenceUploadTicket>;
  /** The stored bytes under a declared digest, or undefined when nothing was uploaded. */
  read(sha256: string): Promise<Uint8Array | undefined>;
  /**
   * Removes the artifact (retention purge). Nothing stored is not an error. In S3 this leaves a
   * delete marker; the bucket's lifecycle expires the version once its Object Lock has run out.
   */
  delete(sha256: string): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Local stand-in for S3 pre-signed PUTs: a content-addressed folder under .data/ and
 * upload URLs signed with HMAC, served by the local API's PUT /v1/evidence/{sha256}.
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

  signature(sha256: string, bytes: number, expires: number): string {
    return createHmac('sha256', this.signingSecret).update(`${sha256}:${bytes}:${expires}`).digest('hex');
  }

  async createUploadTicket(request: EvidenceUploadRequest, now: Date): Promise<EvidenceUploadTicket> {
    const expires = Math.floor(now.getTime() / 1000) + ticketLifetimeSeconds;
    const signature = this.signature(request.sha256, request.bytes, expires);
    const url = `${this.publicBaseUrl}/v1/evidence/${request.sha256}?bytes=${request.bytes}&expires=${expires}&signature=${signature}`;
    return {
      uploadUrl: url,
      method: 'PUT',
      headers: { 'content-type': request.mediaType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  verifyTicket(sha256: string, bytes: number, expires: number, signature: string, now: Date): boolean {
    if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.signature(sha256, bytes, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Writes the bytes under the declared digest; first write wins, as with S3 Object Lock. */
  async write(sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathFor(sha256);
    await mkdir(join(this.directory, sha256.slice(0, 2)), { recursive: true });
    try {
      await readFile(path);
      return;
    } catch {
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    }
  }

  async read(sha256: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathFor(sha256)));
    } catch {
      return undefined;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathFor(sha256), { force: true });
  }
}

/** Cloud evidence store: S3 with pre-signed PUTs; S3 itself checks the declared SHA-256. */
export class S3EvidenceStore implements EvidenceStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private keyFor(sha256: string): string {
    return `evidence/sha256/${sha256}`;
  }

  async createUploadTicket(request: EvidenceUploadRequest, now: Date): Promise<EvidenceUploadTicket> {
    const checksum = Buffer.from(request.sha256, 'hex').toString('base64');
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.keyFor(request.sha256),
      ContentType: request.mediaType,
      ContentLength: request.bytes,
      ChecksumSHA256: checksum,
    });
    const uploadUrl = await getSignedUrl(this.client, command, { expiresIn: ticketLifetimeSeconds, signingDate: now });
    return {
      uploadUrl,
      method: 'PUT',
      headers: { 'content-type': request.mediaType, 'x-amz-checksum-sha256': checksum },
      expiresAt: new Date(now.getTime() + ticketLifetimeSeconds * 1000).toISOString(),
    };
  }

  async read(sha256: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(sha256) }));
      return result.Body ? await result.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
      throw error;
    }
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
