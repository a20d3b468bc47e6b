import { sha256Hex } from '../bytes';
import { capturedVideoV1, maxVideoFrames, type CapturedVideoV1 } from '../contract';
import { pdqHashOf, pdqHex, type DecodedImage } from '../shared-rules';

/**
 * A flagged video as vPDQ hashes it: one frame a second (seek, draw, PDQ with the core's code, at
 * the frame's own resolution as ThreatExchange's vpdq does), over at most the first ten minutes.
 * The bytes are fetched whole and played from a blob: URL, so the frames are the extension's to
 * read (a cross-origin video would taint the canvas) and the SHA-256 names what was hashed.
 */

/** Larger videos are not fetched: the whole file is held in memory while its frames are drawn. */
export const maxFlaggedVideoBytes = 256 * 1024 * 1024;

/** A seek that never completes (a broken file) gives up rather than holding the report back. */
const seekTimeoutMs = 10_000;

export type FlaggedVideoResult = { ok: true; video: CapturedVideoV1 } | { ok: false; reason: string };

/** The seconds to sample: 0, 1, 2, ... while inside the video, at most `maxVideoFrames` of them. */
export const sampleTimes = (durationSeconds: number): number[] => {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return [];
  const count = Math.min(maxVideoFrames, Math.ceil(durationSeconds));
  return Array.from({ length: count }, (_, second) => second);
};

/** A video that can show the frame at a time: the DOM's <video> and canvas, or a test's frames. */
export interface FrameSource {
  durationSeconds: number;
  /** The frame shown at `seconds`, as pixels; undefined when it cannot be drawn. */
  frameAt(seconds: number): Promise<DecodedImage | undefined>;
}

/** PDQ of each sampled frame; a frame that cannot be drawn is left out, as vpdq skips undecodable frames. */
export const hashVideoFrames = async (source: FrameSource): Promise<CapturedVideoV1['frames']> => {
  const frames: CapturedVideoV1['frames'] = [];
  for (const timestamp of sampleTimes(source.durationSeconds)) {
    const image = await source.frameAt(timestamp);
    if (image === undefined) continue;
    const { hash, quality } = pdqHashOf(image);
    frames.push({ pdq: pdqHex(hash), quality, timestamp });
  }
  return frames;
};

/** Reads a response's body up to `limit` bytes; undefined when it is larger. */
const readAtMost = async (response: Response, limit: number): Promise<Uint8Array | undefined> => {
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (declared > limit) return undefined;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};

/** Resolves on `success`, rejects on `error` or after the timeout; listeners are removed either way. */
const waitForEvent = (target: HTMLVideoElement, success: string, ms = seekTimeoutMs): Promise<void> =>
  new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      target.removeEventListener(success, onSuccess);
      target.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onSuccess = () => done();
    const onError = () => done(new Error(target.error?.message || 'the browser could not decode the video'));
    const timer = setTimeout(() => done(new Error(`no ${success} within ${ms} ms`)), ms);
    target.addEventListener(success, onSuccess);
    target.addEventListener('error', onError);
  });

const seek = async (video: HTMLVideoElement, seconds: number): Promise<void> => {
  const seeked = waitForEvent(video, 'seeked');
  video.currentTime = seconds;
  await seeked;
};

/**
 * A recorded WebM (MediaRecorder's) declares no duration: the element reports Infinity until it
 * has seen the end, so seek far past it and read the duration it found.
 */
const durationOf = async (video: HTMLVideoElement): Promise<number> => {
  if (Number.isFinite(video.duration)) return video.duration;
  await seek(video, Number.MAX_SAFE_INTEGER);
  return Number.isFinite(video.duration) ? video.duration : 0;
};

/** The DOM's <video> and a canvas as a frame source (an offscreen document, or Firefox's background page). */
const domFrameSource = async (document: Document, src: string): Promise<FrameSource & { close(): void }> => {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  const loaded = waitForEvent(video, 'loadeddata');
  video.src = src;
  await loaded;
  const durationSeconds = await durationOf(video);
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    durationSeconds,
    async frameAt(seconds) {
      if (!context || canvas.width === 0 || canvas.height === 0) return undefined;
      await seek(video, seconds);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
      return { width, height, channels: 4, pixels: data };
    },
    close() {
      video.removeAttribute('src');
      video.load();
    },
  };
};

export interface VideoCaptureDeps {
  /** An extension page's fetch: it reaches the video with the extension's host permissions. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** A document with a DOM, to play the video in. */
  document: Document;
  createObjectURL: (blob: Blob) => string;
  revokeObjectURL: (url: string) => void;
}

/** Fetches, hashes and samples a flagged video; what cannot be fetched or decoded is a reason, never a throw. */
export const captureFlaggedVideo = async (deps: VideoCaptureDeps, url: string): Promise<FlaggedVideoResult> => {
  let response: Response;
  try {
    response = await deps.fetch(url, { redirect: 'follow', cache: 'force-cache' });
  } catch (error) {
    return { ok: false, reason: `fetch failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!response.ok) return { ok: false, reason: `the video answered HTTP ${response.status}` };
  const bytes = await readAtMost(response, maxFlaggedVideoBytes);
  if (bytes === undefined) return { ok: false, reason: `larger than ${maxFlaggedVideoBytes} bytes` };
  const mediaType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().slice(0, 100) || 'application/octet-stream';
  const blobUrl = deps.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType }));
  try {
    const source = await domFrameSource(deps.document, blobUrl);
    try {
      const frames = await hashVideoFrames(source);
      const video = capturedVideoV1.safeParse({ url, sha256: await sha256Hex(bytes), bytes: bytes.byteLength, mediaType, durationSeconds: source.durationSeconds, frames });
      return video.success ? { ok: true, video: video.data } : { ok: false, reason: `no frame could be hashed (${video.error.issues[0]?.message ?? 'invalid'})` };
    } finally {
      source.close();
    }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    deps.revokeObjectURL(blobUrl);
  }
};
