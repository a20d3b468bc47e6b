import { createHash, randomUUID } from 'node:crypto';
import { evidenceUploadTickets } from '../../functions/contract/responses';
import { makeReport, postJson } from './factories';
import type { LocalStackHandle } from './local-stack';

export interface CapturedArtifact {
  kind: 'screenshot' | 'mhtml';
  mediaType: 'image/png' | 'multipart/related';
  bytes: Uint8Array;
}

/**
 * Files a report with a capture as the extension does: upload tickets for its artifacts in one
 * request, the uploads, then the report; waits until the pipeline processed it.
 */
export const fileCapturedReport = async (
  local: LocalStackHandle,
  token: string,
  input: { url: string; officer: string; unit: string; artifacts: CapturedArtifact[] },
): Promise<{ referralId: string; submissionId: string }> => {
  const submissionId = randomUUID();
  const artifacts = input.artifacts.map((a) => ({ ...a, sha256: createHash('sha256').update(a.bytes).digest('hex') }));
  const answer = await postJson(`${local.apiUrl}/v1/evidence/tickets`, token, {
    submissionId,
    artifacts: artifacts.map((a) => ({ sha256: a.sha256, bytes: a.bytes.byteLength, mediaType: a.mediaType })),
  });
  if (answer.status !== 201) throw new Error(`tickets refused: ${answer.status} ${await answer.text()}`);
  const { tickets } = evidenceUploadTickets.parse(await answer.json());
  for (const [i, a] of artifacts.entries()) {
    const ticket = tickets[i]!;
    const uploaded = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: Buffer.from(a.bytes) });
    if (uploaded.status !== 200) throw new Error(`upload refused: ${uploaded.status}`);
  }
  const report = makeReport({
    submissionId,
    url: input.url,
    capture: {
      capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      url: input.url,
      extensionVersion: '0.1.0',
      browser: 'Chromium 156',
      officer: input.officer,
      unit: input.unit,
      artifacts: artifacts.map((a) => ({ kind: a.kind, sha256: a.sha256, bytes: a.bytes.byteLength, mediaType: a.mediaType })),
    },
  });
  const filed = await postJson(`${local.apiUrl}/v1/reports`, token, report);
  if (filed.status !== 202) throw new Error(`report refused: ${filed.status} ${await filed.text()}`);
  const { referralId } = await local.waitForSubmission(submissionId);
  return { referralId, submissionId };
};
