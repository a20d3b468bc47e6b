import { describe, expect, it, vi } from 'vitest';
import { capturedVideoV1, maxVideoFrames } from '../contract';
import { hashVideoFrames, sampleTimes, type FrameSource } from './video-capture';

/** A frame whose left `split` columns are dark: different splits are different pictures to PDQ. */
const frame = (split: number) => ({ width: 64, height: 64, channels: 4 as const, pixels: new Uint8ClampedArray(64 * 64 * 4).map((_, i) => ((i >> 2) % 64 < split ? 15 : 240)) });

describe('video sampling', () => {
  it('samples one frame a second from 0 while inside the video, at most ten minutes of it', () => {
    expect(sampleTimes(3)).toEqual([0, 1, 2]);
    expect(sampleTimes(3.2)).toEqual([0, 1, 2, 3]);
    expect(sampleTimes(0.4)).toEqual([0]);
    expect(sampleTimes(3_600)).toHaveLength(600);
    expect(sampleTimes(3_600).at(-1)).toBe(599);
    // A duration the browser could not find (a live stream, a broken file) samples nothing.
    expect(sampleTimes(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(sampleTimes(Number.NaN)).toEqual([]);
    expect(sampleTimes(0)).toEqual([]);
  });

  it("hashes each sampled frame with the core's PDQ, with its time, and leaves out frames that cannot be drawn", async () => {
    const frameAt = vi.fn(async (seconds: number) => (seconds === 1 ? undefined : frame(8 + seconds * 10)));
    const source: FrameSource = { durationSeconds: 4, frameAt };
    const frames = await hashVideoFrames(source);
    expect(frameAt.mock.calls.map(([seconds]) => seconds)).toEqual([0, 1, 2, 3]);
    expect(frames.map((f) => f.timestamp)).toEqual([0, 2, 3]);
    for (const f of frames) {
      expect(f.pdq).toMatch(/^[0-9a-f]{64}$/);
      expect(f.quality).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(frames.map((f) => f.pdq)).size).toBe(3);
    // The same pixels hash the same: the server's PDQ, run in the extension.
    expect((await hashVideoFrames({ durationSeconds: 1, frameAt: async () => frame(28) }))[0]?.pdq).toBe(frames[1]?.pdq);
  });

  it('draws at most 600 frames of a video longer than ten minutes, none past 599 s, and the capture still fits the contract', async () => {
    expect(sampleTimes(600)).toHaveLength(maxVideoFrames);
    expect(sampleTimes(600.5)).toHaveLength(maxVideoFrames);
    const elevenMinutes = 11 * 60 + 0.5;
    const frameAt = vi.fn(async (seconds: number) => frame(seconds % 64));
    const frames = await hashVideoFrames({ durationSeconds: elevenMinutes, frameAt });
    expect(maxVideoFrames).toBe(600);
    expect(frameAt).toHaveBeenCalledTimes(600);
    expect(Math.max(...frameAt.mock.calls.map(([seconds]) => seconds))).toBe(599);
    expect(frames).toHaveLength(600);
    // What the report carries: the whole video's length, and the frames of its first ten minutes.
    const video = capturedVideoV1.safeParse({ url: 'https://video.example.org/long.mp4', sha256: 'a'.repeat(64), bytes: 1_000, mediaType: 'video/mp4', durationSeconds: elevenMinutes, frames });
    expect(video.success).toBe(true);
    // One frame more than the cap is refused at the boundary, so the cap is the contract's as well as the sampler's.
    expect(capturedVideoV1.safeParse({ ...video.data, frames: [...frames, { ...frames[0]!, timestamp: 600 }] }).success).toBe(false);
  });
});
