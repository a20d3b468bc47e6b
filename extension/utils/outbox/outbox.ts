import { classifyFailure, type ApiClient, type ApiResult } from '../api-client';
import { evidenceUploadsRequest, type ReportV1 } from '../contract';
import type { CapturedArtifact } from '../reporting/evidence';
import { t } from '../i18n';
import { outboxItem, rejectedItem, type OutboxEntry, type RejectedEntry } from '../storage';

export const outboxAlarmName = 'outbox-retry';

/** Base and cap of the retry delay. Chrome fires alarms at most every 30 s anyway. */
export const backoffBaseMs = 30_000;
export const backoffCapMs = 60 * 60_000;

/**
 * "Full jitter" exponential backoff: a uniform delay between 0 and min(cap, base * 2^attempt),
 * so many officers' browsers coming back online do not retry in lockstep.
 */
export const fullJitterDelay = (attempt: number, random: () => number, base = backoffBaseMs, cap = backoffCapMs): number =>
  Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, attempt - 1)));

export interface OutboxDeps {
  api: ApiClient;
  alarms: {
    create(name: string, info: { when: number }): Promise<void> | void;
    clear(name: string): Promise<boolean> | Promise<void> | void;
  };
  badge: { setBadgeText(details: { text: string }): Promise<void>; setBadgeBackgroundColor(details: { color: string }): Promise<void> };
  artifacts: {
    store(captured: readonly CapturedArtifact[]): Promise<void>;
    load(sha256: string): Promise<Uint8Array | undefined>;
    remove(sha256: string): Promise<void>;
  };
  now: () => number;
  random: () => number;
}

export type SendOutcome =
  | { state: 'sent'; referralId?: string }
  | { state: 'queued'; reason: 'retry' | 'auth'; message: string }
  | { state: 'rejected'; status: number; message: string };

export interface OutboxStatus {
  waiting: number;
  rejected: RejectedEntry[];
  nextAttemptAt?: number;
}

/** Serializes async sections: two drains, or a drain and a new report, never interleave their writes. */
const createLock = () => {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(section: () => Promise<T>): Promise<T> => {
    const run = tail.then(section, section);
    tail = run.catch(() => undefined);
    return run;
  };
};

export const createOutbox = (deps: OutboxDeps) => {
  const writeLock = createLock();
  const drainLock = createLock();

  const update = (change: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<OutboxEntry[]> =>
    writeLock(async () => {
      const next = change(await outboxItem.getValue());
      await outboxItem.setValue(next);
      return next;
    });

  const refreshBadge = async (entries?: OutboxEntry[]): Promise<void> => {
    const waiting = (entries ?? (await outboxItem.getValue())).length;
    await deps.badge.setBadgeBackgroundColor({ color: '#b45309' });
    await deps.badge.setBadgeText({ text: waiting === 0 ? '' : String(waiting) });
  };

  const schedule = async (entries: OutboxEntry[]): Promise<void> => {
    if (entries.length === 0) {
      await deps.alarms.clear(outboxAlarmName);
      return;
    }
    const when = Math.max(deps.now() + 1_000, Math.min(...entries.map((e) => e.nextAttemptAt)));
    await deps.alarms.create(outboxAlarmName, { when });
  };

  const failed = (entry: OutboxEntry, result: Exclude<ApiResult<unknown>, { kind: 'ok' }>): Promise<SendOutcome> => {
    const failureClass = classifyFailure(result);
    const status = result.kind === 'http_error' ? result.status : undefined;
    if (failureClass === 'permanent' && status !== undefined) {
      return writeLock(async () => {
        await outboxItem.setValue((await outboxItem.getValue()).filter((e) => e.submissionId !== entry.submissionId));
        const rejected: RejectedEntry = {
          submissionId: entry.submissionId,
          url: entry.report.url,
          category: entry.report.category,
          status,
          message: result.message,
          rejectedAt: new Date(deps.now()).toISOString(),
        };
        await rejectedItem.setValue([rejected, ...(await rejectedItem.getValue()).filter((r) => r.submissionId !== entry.submissionId)]);
        await Promise.all(entry.artifacts.map((a) => deps.artifacts.remove(a.sha256)));
        return { state: 'rejected', status, message: result.message } satisfies SendOutcome;
      });
    }
    const attempts = entry.attempts + 1;
    const nextAttemptAt = deps.now() + fullJitterDelay(attempts, deps.random);
    return update((entries) =>
      entries.map((e) =>
        e.submissionId === entry.submissionId
          ? { ...e, attempts, nextAttemptAt, lastError: { ...(status !== undefined ? { status } : {}), message: result.message } }
          : e,
      ),
    ).then(() => ({ state: 'queued', reason: failureClass === 'auth' ? 'auth' : 'retry', message: result.message }));
  };

  /** One attempt at one entry: upload evidence not yet uploaded, then the report. */
  const attempt = async (entry: OutboxEntry): Promise<SendOutcome> => {
    const pending = await Promise.all(
      entry.artifacts.filter((a) => !a.uploaded).map(async (artifact) => ({ artifact, bytes: await deps.artifacts.load(artifact.sha256) })),
    );
    // Bytes gone (storage cleared): the report still names the hash, the server marks it unverified.
    const withBytes = pending.filter((p): p is { artifact: OutboxEntry['artifacts'][number]; bytes: Uint8Array } => p.bytes !== undefined);
    // One ticket request for all of the report's artifacts: the API throttles per request.
    const tickets =
      withBytes.length === 0
        ? undefined
        : await deps.api.requestUploads(
            evidenceUploadsRequest.parse({
              submissionId: entry.submissionId,
              artifacts: withBytes.map(({ artifact }) => ({ sha256: artifact.sha256, bytes: artifact.bytes, mediaType: artifact.mediaType })),
            }),
          );
    if (tickets && tickets.kind !== 'ok') return failed(entry, tickets);
    for (const { artifact, bytes } of pending) {
      if (bytes !== undefined) {
        const ticket = tickets?.kind === 'ok' ? tickets.value.tickets.find((t) => t.sha256 === artifact.sha256) : undefined;
        if (!ticket) return failed(entry, { kind: 'http_error', status: 502, message: t('evidenceNoTicket', artifact.sha256) });
        const put = await deps.api.upload(ticket, bytes);
        if (put.kind !== 'ok') return failed(entry, put);
      }
      await update((entries) =>
        entries.map((e) =>
          e.submissionId === entry.submissionId
            ? { ...e, artifacts: e.artifacts.map((a) => (a.sha256 === artifact.sha256 ? { ...a, uploaded: true } : a)) }
            : e,
        ),
      );
    }
    const result = await deps.api.submitReport(entry.report);
    if (result.kind !== 'ok') return failed(entry, result);
    await update((entries) => entries.filter((e) => e.submissionId !== entry.submissionId));
    await Promise.all(entry.artifacts.map((a) => deps.artifacts.remove(a.sha256)));
    return { state: 'sent', ...(result.value.referralId !== undefined ? { referralId: result.value.referralId } : {}) };
  };

  const drainUnlocked = async (options: { force?: boolean; only?: string } = {}): Promise<Map<string, SendOutcome>> => {
    const outcomes = new Map<string, SendOutcome>();
    const due = (await outboxItem.getValue()).filter(
      (e) => (options.only === undefined || e.submissionId === options.only) && (options.force === true || e.nextAttemptAt <= deps.now()),
    );
    for (const entry of due) outcomes.set(entry.submissionId, await attempt(entry));
    const remaining = await outboxItem.getValue();
    await schedule(remaining);
    await refreshBadge(remaining);
    return outcomes;
  };

  return {
    /**
     * Writes the report to persistent storage before any network call, then tries once.
     * Whatever happens next (offline, browser closed), the same submissionId goes out again.
     */
    async submit(report: ReportV1, captured: readonly CapturedArtifact[]): Promise<SendOutcome> {
      await deps.artifacts.store(captured);
      const entry: OutboxEntry = {
        submissionId: report.submissionId,
        report,
        createdAt: new Date(deps.now()).toISOString(),
        attempts: 0,
        nextAttemptAt: deps.now(),
        artifacts: captured.map(({ artifact }) => ({ ...artifact, uploaded: false })),
      };
      const entries = await update((current) => [...current.filter((e) => e.submissionId !== entry.submissionId), entry]);
      await refreshBadge(entries);
      const outcomes = await drainLock(() => drainUnlocked({ force: true, only: entry.submissionId }));
      return outcomes.get(entry.submissionId) ?? { state: 'queued', reason: 'retry', message: t('outboxWaitingTurn') };
    },
    /** Sends what is due; `force` sends everything (browser start-up, officer pressed retry). */
    drain: (options: { force?: boolean } = {}) => drainLock(() => drainUnlocked(options)),
    refreshBadge: () => refreshBadge(),
    async status(): Promise<OutboxStatus> {
      const entries = await outboxItem.getValue();
      const next = entries.length === 0 ? undefined : Math.min(...entries.map((e) => e.nextAttemptAt));
      return { waiting: entries.length, rejected: await rejectedItem.getValue(), ...(next !== undefined ? { nextAttemptAt: next } : {}) };
    },
    async dismissRejected(submissionId: string): Promise<void> {
      await rejectedItem.setValue((await rejectedItem.getValue()).filter((r) => r.submissionId !== submissionId));
    },
  };
};

export type Outbox = ReturnType<typeof createOutbox>;
