import { captureManifestV1, type CapturedVideoV1, type CaptureManifestV1, type EvidenceArtifactV1 } from '../contract';
import { bytesToBase64, dataUrlToBytes, sha256Hex, base64ToBytes } from '../bytes';
import { t } from '../i18n';
import { evidenceBlobItem } from '../storage';

export interface CapturedArtifact {
  artifact: EvidenceArtifactV1;
  bytes: Uint8Array;
}

export interface CaptureDeps {
  captureVisibleTab: (windowId: number, options: { format: 'png' }) => Promise<string>;
  /** Absent where the browser has no pageCapture (Firefox). */
  saveAsMhtml?: (details: { tabId: number }) => Promise<Blob | undefined>;
  now: () => Date;
  extensionVersion: string;
  browser: string;
  /** The officer and unit of the signed-in token, for the custody record. */
  officer?: string;
  unit?: string;
}

export interface CaptureRequest {
  tabId: number;
  windowId: number;
  url: string;
  screenshot: boolean;
  mhtml: boolean;
  selectedText?: string;
  /** The flagged image, fetched and hashed already (media-capture.ts). */
  media?: readonly CapturedArtifact[];
  /** The flagged video's frame hashes (video-capture.ts); its bytes are not uploaded. */
  videos?: readonly CapturedVideoV1[];
}

const artifactOf = async (kind: EvidenceArtifactV1['kind'], mediaType: string, bytes: Uint8Array): Promise<CapturedArtifact> => ({
  artifact: { kind, sha256: await sha256Hex(bytes), bytes: bytes.length, mediaType },
  bytes,
});

/**
 * Chrome backs the MHTML blob with a temporary file that is sometimes gone before it can be
 * read (NotFoundError); a fresh snapshot usually reads fine, so try a few times before failing.
 */
const readMhtml = async (save: NonNullable<CaptureDeps['saveAsMhtml']>, tabId: number, attempts = 3): Promise<Uint8Array | undefined> => {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      const blob = await save({ tabId });
      return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
    } catch (error) {
      lastError = error;
    }
  }
  // The officer reads the sentence; the browser's own reason stays in the service worker's console for support.
  console.warn('[referral-desk] MHTML capture failed:', lastError);
  throw new Error(t('captureMhtmlFailed'));
};

/**
 * Captures the page as the officer sees it and hashes each artifact at the moment of capture,
 * as investigators' capture tools do, so the server can prove the upload is what was captured.
 */
/** The screenshot's bytes; a capture the browser answered with something else is named for the officer. */
const screenshotBytes = (dataUrl: string): { mediaType: string; bytes: Uint8Array } => {
  try {
    return dataUrlToBytes(dataUrl);
  } catch (error) {
    throw new Error(t('captureScreenshotUnreadable'), { cause: error });
  }
};

export const captureEvidence = async (
  deps: CaptureDeps,
  request: CaptureRequest,
): Promise<{ manifest: CaptureManifestV1; captured: CapturedArtifact[] }> => {
  const capturedAt = deps.now();
  const captured: CapturedArtifact[] = [];
  if (request.screenshot) {
    const { mediaType, bytes } = screenshotBytes(await deps.captureVisibleTab(request.windowId, { format: 'png' }));
    captured.push(await artifactOf('screenshot', mediaType, bytes));
  }
  if (request.mhtml && deps.saveAsMhtml) {
    const bytes = await readMhtml(deps.saveAsMhtml, request.tabId);
    if (bytes) captured.push(await artifactOf('mhtml', 'multipart/related', bytes));
  }
  if (request.selectedText !== undefined && request.selectedText !== '') {
    captured.push(await artifactOf('selection', 'text/plain', new TextEncoder().encode(request.selectedText)));
  }
  captured.push(...(request.media ?? []));
  const manifest = captureManifestV1.parse({
    // UTC with a Z suffix: the contract refuses local offsets so every capture time compares directly.
    capturedAt: capturedAt.toISOString(),
    url: request.url,
    extensionVersion: deps.extensionVersion,
    browser: deps.browser,
    ...(deps.officer !== undefined ? { officer: deps.officer } : {}),
    ...(deps.unit !== undefined ? { unit: deps.unit } : {}),
    artifacts: captured.map((c) => c.artifact),
    ...(request.videos !== undefined && request.videos.length > 0 ? { videos: request.videos } : {}),
  });
  return { manifest, captured };
};

/** Keeps captured bytes until their report is accepted, so retries upload the hashed bytes. */
export const storeArtifacts = async (captured: readonly CapturedArtifact[]): Promise<void> => {
  for (const { artifact, bytes } of captured) await evidenceBlobItem(artifact.sha256).setValue(bytesToBase64(bytes));
};

export const loadArtifact = async (sha256: string): Promise<Uint8Array | undefined> => {
  const base64 = await evidenceBlobItem(sha256).getValue();
  return base64 === null ? undefined : base64ToBytes(base64);
};

export const removeArtifact = (sha256: string): Promise<void> => evidenceBlobItem(sha256).removeValue();
