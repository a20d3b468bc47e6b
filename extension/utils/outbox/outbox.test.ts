import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ApiClient, ApiResult } from '../api-client';
import type { EvidenceUploadsRequest, ReportV1 } from '../contract';
import { createOutbox, fullJitterDelay, outboxAlarmName, backoffBaseMs } from './outbox';
import { outboxItem, rejectedItem } from '../storage';

const report = (n: number): ReportV1 => ({
  submissionId: `0b7c1f0e-3a51-4f59-9a43-2f7d1b0c9e${String(n).padStart(2, '0')}`,
  url: `https://t.me/s/channel/${n}`,
  category: 'propaganda',
  subTags: [],
  urgent: false,
  legalRoute: 'referral',
});

const accepted = (r: ReportV1): ApiResult<{ submissionId: string; status: 'accepted' }> => ({
  kind: 'ok',
  status: 202,
  value: { submissionId: r.submissionId, status: 'accepted' },
});

const setup = (submit: (r: ReportV1) => Promise<ApiResult<never>> | Promise<ApiResult<unknown>>) => {
  const now = { value: 1_000_000 };
  const api = {
    submitReport: vi.fn(submit),
    lookup: vi.fn(),
    requestUploads: vi.fn(async (request: EvidenceUploadsRequest) => ({
      kind: 'ok' as const,
      status: 201,
      value: {
        tickets: request.artifacts.map((a) => ({ sha256: a.sha256, uploadUrl: `http://127.0.0.1:1/upload/${a.sha256}`, method: 'PUT' as const, headers: { 'x-amz-checksum-sha256': 'abc' }, expiresAt: '2030-01-01T00:00:00Z' })),
      },
    })),
    upload: vi.fn(async () => ({ kind: 'ok' as const, status: 200, value: null })),
  } as unknown as ApiClient & { submitReport: ReturnType<typeof vi.fn>; requestUploads: ReturnType<typeof vi.fn>; upload: ReturnType<typeof vi.fn> };
  const blobs = new Map<string, Uint8Array>();
  const outbox = createOutbox({
    api,
    alarms: fakeBrowser.alarms,
    badge: fakeBrowser.action,
    artifacts: {
      store: async (captured) => {
        for (const c of captured) blobs.set(c.artifact.sha256, c.bytes);
      },
      load: async (sha) => blobs.get(sha),
      remove: async (sha) => void blobs.delete(sha),
    },
    now: () => now.value,
    random: () => 0.5,
  });
  return { outbox, api, now, blobs };
};

describe('fullJitterDelay', () => {
  it('stays between 0 and the doubling cap', () => {
    expect(fullJitterDelay(1, () => 0)).toBe(0);
    expect(fullJitterDelay(1, () => 0.999999)).toBeLessThan(backoffBaseMs);
    expect(fullJitterDelay(3, () => 0.5)).toBe(2 * backoffBaseMs);
    expect(fullJitterDelay(40, () => 0.5)).toBe(30 * 60_000);
  });
});

describe('outbox', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('writes the report to storage before the network call', async () => {
    let storedDuringCall: unknown;
    const { outbox } = setup(async (r) => {
      storedDuringCall = (await outboxItem.getValue()).map((e) => e.submissionId);
      return accepted(r);
    });
    const outcome = await outbox.submit(report(1), []);
    expect(storedDuringCall).toEqual([report(1).submissionId]);
    expect(outcome).toEqual({ state: 'sent' });
    expect(await outboxItem.getValue()).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('keeps a report on 5xx, schedules a jittered retry and resends the same submissionId', async () => {
    const answers: Array<ApiResult<unknown>> = [
      { kind: 'http_error', status: 503, message: 'unavailable' },
      { kind: 'network', message: 'Failed to fetch' },
    ];
    const { outbox, api, now } = setup(async (r) => answers.shift() ?? accepted(r));
    expect(await outbox.submit(report(2), [])).toMatchObject({ state: 'queued', reason: 'retry' });

    const [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ attempts: 1, nextAttemptAt: now.value + backoffBaseMs / 2, lastError: { status: 503 } });
    expect((await fakeBrowser.alarms.get(outboxAlarmName))?.scheduledTime).toBe(now.value + backoffBaseMs / 2);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');

    // Not due yet: an early wake-up sends nothing.
    await outbox.drain();
    expect(api.submitReport).toHaveBeenCalledTimes(1);

    now.value += backoffBaseMs;
    await outbox.drain();
    expect((await outboxItem.getValue())[0]).toMatchObject({ attempts: 2, lastError: { message: 'Failed to fetch' } });

    now.value += 10 * backoffBaseMs;
    await outbox.drain();
    expect(await outboxItem.getValue()).toEqual([]);
    expect(api.submitReport.mock.calls.map(([r]) => (r as ReportV1).submissionId)).toEqual(Array(3).fill(report(2).submissionId));
    expect(await fakeBrowser.alarms.get(outboxAlarmName)).toBeUndefined();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it.each([400, 403, 409, 413, 422])('moves a report the API refuses with %i to the rejected list', async (status) => {
    const { outbox } = setup(async () => ({ kind: 'http_error', status, code: 'invalid_body', message: 'url: scheme not allowed' }));
    expect(await outbox.submit(report(3), [])).toEqual({ state: 'rejected', status, message: 'url: scheme not allowed' });
    expect(await outboxItem.getValue()).toEqual([]);
    expect(await rejectedItem.getValue()).toEqual([
      expect.objectContaining({ submissionId: report(3).submissionId, status, message: 'url: scheme not allowed' }),
    ]);
    const status_ = await outbox.status();
    expect(status_.rejected).toHaveLength(1);
    await outbox.dismissRejected(report(3).submissionId);
    expect((await outbox.status()).rejected).toEqual([]);
  });

  it.each([401, 408, 429, 500])('keeps a report answered with %i for a later retry', async (status) => {
    const { outbox } = setup(async () => ({ kind: 'http_error', status, message: 'later' }));
    const outcome = await outbox.submit(report(4), []);
    expect(outcome).toMatchObject({ state: 'queued', reason: status === 401 ? 'auth' : 'retry' });
    expect(await outboxItem.getValue()).toHaveLength(1);
    expect(await rejectedItem.getValue()).toEqual([]);
  });

  it('survives a restart: a new outbox over the same storage sends what the old one queued', async () => {
    const first = setup(async () => ({ kind: 'network', message: 'offline' }));
    for (const n of [5, 6, 7]) await first.outbox.submit(report(n), []);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');

    // Same storage, fresh module state: what a browser restart or service-worker shutdown leaves.
    const second = setup(async (r) => accepted(r));
    await second.outbox.drain({ force: true });
    expect(second.api.submitReport.mock.calls.map(([r]) => (r as ReportV1).submissionId)).toEqual([5, 6, 7].map((n) => report(n).submissionId));
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('uploads evidence before the report, once, and forgets the bytes after acceptance', async () => {
    const answers: Array<ApiResult<unknown>> = [{ kind: 'http_error', status: 502, message: 'bad gateway' }];
    const { outbox, api, blobs, now } = setup(async (r) => answers.shift() ?? accepted(r));
    const artifact = { kind: 'screenshot' as const, sha256: 'a'.repeat(64), bytes: 3, mediaType: 'image/png' };
    await outbox.submit(report(8), [{ artifact, bytes: new Uint8Array([1, 2, 3]) }]);
    expect(api.requestUploads).toHaveBeenCalledWith({ submissionId: report(8).submissionId, artifacts: [{ sha256: artifact.sha256, bytes: 3, mediaType: 'image/png' }] });
    expect(api.upload).toHaveBeenCalledWith(expect.objectContaining({ method: 'PUT' }), new Uint8Array([1, 2, 3]));
    expect((await outboxItem.getValue())[0]?.artifacts[0]?.uploaded).toBe(true);
    expect(blobs.size).toBe(1);

    now.value += 60 * 60_000;
    await outbox.drain();
    expect(api.upload).toHaveBeenCalledTimes(1);
    expect(api.submitReport).toHaveBeenCalledTimes(2);
    expect(blobs.size).toBe(0);
  });

  it('asks for the upload tickets of all of a report\'s artifacts in one request', async () => {
    const { outbox, api } = setup(async (r) => accepted(r));
    const artifacts = ['b', 'c'].map((digit, i) => ({
      artifact: { kind: i === 0 ? ('screenshot' as const) : ('mhtml' as const), sha256: digit.repeat(64), bytes: 2, mediaType: i === 0 ? 'image/png' : 'multipart/related' },
      bytes: new Uint8Array([i, i]),
    }));
    await outbox.submit(report(9), artifacts);
    expect(api.requestUploads).toHaveBeenCalledTimes(1);
    expect(api.requestUploads.mock.calls[0]?.[0]).toMatchObject({ submissionId: report(9).submissionId, artifacts: [{ sha256: 'b'.repeat(64) }, { sha256: 'c'.repeat(64) }] });
    expect(api.upload.mock.calls.map(([ticket]) => (ticket as { uploadUrl: string }).uploadUrl)).toEqual([
      `http://127.0.0.1:1/upload/${'b'.repeat(64)}`,
      `http://127.0.0.1:1/upload/${'c'.repeat(64)}`,
    ]);
    expect(api.submitReport).toHaveBeenCalledTimes(1);
  });

  it('runs one drain at a time, so a report is never sent twice concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { outbox, api } = setup(async (r) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return accepted(r);
    });
    await outboxItem.setValue([5, 6].map((n) => ({ submissionId: report(n).submissionId, report: report(n), createdAt: '', attempts: 0, nextAttemptAt: 0, artifacts: [] })));
    await Promise.all([outbox.drain({ force: true }), outbox.drain({ force: true })]);
    expect(maxInFlight).toBe(1);
    expect(api.submitReport).toHaveBeenCalledTimes(2);
  });
});
