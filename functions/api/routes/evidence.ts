import type { Context } from 'hono';
import * as z from 'zod';
import { evidenceUploadRequest, evidenceUploadsRequest, type EvidenceUploadTickets, type ReferralEvidence } from '../../contract/responses';
import { sha256Of } from '../../adapters/evidence-store';
import type { RouteId } from '../access-policy';
import { allow, limitBody, maxEvidenceBytes, type ApiApp, type ApiDependencies, type ApiEnv } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';
import { visibleReferral } from '../visible-referral';

const sha256Param = z.string().regex(/^[0-9a-f]{64}$/);

/** Local stand-in for a pre-signed S3 PUT: registered before authentication, authorized by the ticket's signature. */
export const registerEvidenceUploadRoute = (app: ApiApp, deps: ApiDependencies): void => {
  app.put('/v1/evidence/:sha256', limitBody(maxEvidenceBytes), async (c) => {
    const store = deps.localEvidence;
    if (!store) return errorResponse(c, 404, 'not_found', 'evidence uploads go to the pre-signed S3 URL');
    const sha256 = sha256Param.safeParse(c.req.param('sha256'));
    const query = c.req.query();
    const ticket = { sha256: sha256.data ?? '', bytes: Number(query['bytes']), expires: Number(query['expires']), unit: query['unit'] ?? '', submissionId: query['submission'] ?? '', signature: query['signature'] ?? '' };
    if (!sha256.success || !/^[0-9a-f]{64}$/.test(ticket.signature) || !store.verifyTicket(ticket, deps.now())) {
      return errorResponse(c, 403, 'forbidden', 'upload ticket is invalid or expired');
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength !== ticket.bytes) return errorResponse(c, 400, 'invalid_body', `expected ${ticket.bytes} bytes, got ${body.byteLength}`);
    const written = await store.write(sha256.data, body, { unit: ticket.unit, submissionId: ticket.submissionId });
    // What S3 answers to a signed checksum that does not match (400 BadDigest) and to If-None-Match: * (412).
    if (!written.ok && written.code === 'digest_mismatch') return errorResponse(c, 400, 'invalid_body', 'the body does not hash to the SHA-256 of the ticket');
    if (!written.ok) return errorResponse(c, 412, 'conflict', 'an artifact with this SHA-256 is already stored');
    return c.body(null, 200);
  });

};

/** Images a dashboard may show; any other artifact (an MHTML snapshot) is only ever a download. */
const displayableImages = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** A Lambda response carries 6 MB at most, and binary goes base64-encoded through API Gateway. */
export const maxStreamedEvidenceBytes = 4 * 1024 * 1024;

/** The referral, if the caller may see it, and what its reports captured (each artifact once). */
const citedArtifacts = async (c: Context<ApiEnv>, deps: ApiDependencies, route: RouteId) => {
  const found = await visibleReferral(c, deps, route);
  if (found.response) return { response: found.response };
  const id = found.referral.referralId;
  const artifacts = new Map<string, ReferralEvidence['artifacts'][number]>();
  /** The S3 version the process stage verified, per artifact: the one served. */
  const verifiedVersions = new Map<string, string>();
  for (const report of await deps.stores.referrals.listReports(id)) {
    for (const artifact of report.capture?.artifacts ?? []) {
      if (artifacts.has(artifact.sha256)) continue;
      const check = report.evidenceChecks?.find((c) => c.sha256 === artifact.sha256);
      artifacts.set(artifact.sha256, {
        kind: artifact.kind,
        sha256: artifact.sha256,
        mediaType: artifact.mediaType,
        bytes: artifact.bytes,
        capturedAt: report.capture?.capturedAt ?? report.acceptedAt,
        status: check?.status ?? 'unchecked',
        ...(check?.pdq ? { pdq: check.pdq.hash, pdqQuality: check.pdq.quality } : {}),
        ...(check?.pdqCheck ? { pdqCheck: check.pdqCheck } : {}),
      });
      if (check?.status === 'verified' && check.versionId) verifiedVersions.set(artifact.sha256, check.versionId);
    }
  }
  return { referralId: id, artifacts: [...artifacts.values()], verifiedVersions };
};

export const registerEvidenceRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/evidence', limitBody(16 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/evidence');
    if (denied) return denied;
    const body = await readJsonBody(c, evidenceUploadRequest);
    if (!body.ok) return body.response;
    return c.json(await deps.evidence.createUploadTicket(body.data, c.get('principal').unit, deps.now()), 201);
  });

  app.post('/v1/evidence/tickets', limitBody(16 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/evidence/tickets');
    if (denied) return denied;
    const body = await readJsonBody(c, evidenceUploadsRequest);
    if (!body.ok) return body.response;
    const { submissionId, artifacts } = body.data;
    const unit = c.get('principal').unit;
    const now = deps.now();
    const tickets = await Promise.all(
      artifacts.map(async (artifact) => ({
        sha256: artifact.sha256,
        ...(await deps.evidence.createUploadTicket({ ...artifact, submissionId }, unit, now)),
      })),
    );
    return c.json<EvidenceUploadTickets>({ tickets }, 201);
  });

  app.get('/v1/referrals/:id/evidence', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}/evidence');
    if (denied) return denied;
    const cited = await citedArtifacts(c, deps, 'GET /v1/referrals/{id}/evidence');
    if ('response' in cited) return cited.response;
    return c.json<ReferralEvidence>({ referralId: cited.referralId, artifacts: cited.artifacts });
  });

  /**
   * One artifact's bytes, for someone who may see a referral that cites it. Only bytes that still
   * hash to their SHA-256 are served (a mismatch was flagged on the report), images inline, anything
   * else as a download, under a sandboxing CSP: the content is hostile.
   */
  app.get('/v1/referrals/:id/evidence/:sha256', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}/evidence/{sha256}');
    if (denied) return denied;
    const cited = await citedArtifacts(c, deps, 'GET /v1/referrals/{id}/evidence/{sha256}');
    if ('response' in cited) return cited.response;
    const sha256 = sha256Param.safeParse(c.req.param('sha256'));
    if (!sha256.success) return errorResponse(c, 400, 'invalid_query', 'sha256 must be 64 lowercase hex digits', [{ path: 'sha256', message: 'malformed' }]);
    const artifact = cited.artifacts.find((a) => a.sha256 === sha256.data);
    if (!artifact) return errorResponse(c, 404, 'not_found', 'no report of this referral captured an artifact with this SHA-256');
    // The stored object's own size decides, not the size the report declared.
    const versionId = cited.verifiedVersions.get(sha256.data);
    const stored = await deps.evidence.read(sha256.data, { maxBytes: maxStreamedEvidenceBytes, versionId });
    if (stored.status === 'missing') return errorResponse(c, 404, 'not_found', 'the artifact was never uploaded (the report\'s evidence check says missing)');
    if (stored.status === 'too_large') return errorResponse(c, 413, 'payload_too_large', `the artifact is ${stored.size} bytes; the API streams ${maxStreamedEvidenceBytes} at most`);
    const bytes = stored.bytes;
    if (sha256Of(bytes) !== sha256.data) return errorResponse(c, 409, 'conflict', 'the stored bytes do not match their SHA-256 (the report\'s evidence check says mismatch)');
    const principal = c.get('principal');
    await deps.stores.legalAudit.recordEvidenceRead({ referralId: cited.referralId, sha256: sha256.data, kind: artifact.kind, versionId: stored.versionId, actor: { kind: 'officer', id: principal.officerId, unit: principal.unit }, at: deps.now().toISOString() });
    const image = artifact.kind === 'screenshot' && displayableImages.has(artifact.mediaType);
    return c.body(bytes.slice().buffer, 200, {
      'content-type': image ? artifact.mediaType : 'application/octet-stream',
      'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${artifact.kind}-${sha256.data.slice(0, 16)}${image ? '' : '.mhtml'}"`,
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
  });

};
