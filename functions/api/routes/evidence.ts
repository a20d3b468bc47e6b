import * as z from 'zod';
import { evidenceUploadRequest } from '../../contract/responses';
import { allow, limitBody, maxEvidenceBytes, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';

const sha256Param = z.string().regex(/^[0-9a-f]{64}$/);

/** Local stand-in for a pre-signed S3 PUT: registered before authentication, authorized by the ticket's signature. */
export const registerEvidenceUploadRoute = (app: ApiApp, deps: ApiDependencies): void => {
  app.put('/v1/evidence/:sha256', limitBody(maxEvidenceBytes), async (c) => {
    const store = deps.localEvidence;
    if (!store) return errorResponse(c, 404, 'not_found', 'evidence uploads go to the pre-signed S3 URL');
    const sha256 = sha256Param.safeParse(c.req.param('sha256'));
    const bytes = Number(c.req.query('bytes'));
    const expires = Number(c.req.query('expires'));
    const signature = c.req.query('signature') ?? '';
    if (!sha256.success || !/^[0-9a-f]{64}$/.test(signature) || !store.verifyTicket(sha256.data, bytes, expires, signature, deps.now())) {
      return errorResponse(c, 403, 'forbidden', 'upload ticket is invalid or expired');
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength !== bytes) return errorResponse(c, 400, 'invalid_body', `expected ${bytes} bytes, got ${body.byteLength}`);
    // Stored under the declared digest even if it does not match: the process stage
    // re-hashes and flags the mismatch on the report, so nothing is silently accepted.
    await store.write(sha256.data, body);
    return c.body(null, 200);
  });

};

export const registerEvidenceRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/evidence', limitBody(16 * 1024), async (c) => {
    const denied = allow(c, 'POST /v1/evidence');
    if (denied) return denied;
    const body = await readJsonBody(c, evidenceUploadRequest);
    if (!body.ok) return body.response;
    return c.json(await deps.evidence.createUploadTicket(body.data, deps.now()), 201);
  });

};
