import type { QueueItem } from '../../contract';
import { csvRows } from '../../shared-rules';

/** The referrals an officer ticked on the shown queue page, kept by id across the panel's redraws. */
export interface QueueSelection {
  has(referralId: string): boolean;
  set(referralId: string, selected: boolean): void;
  /** Keeps only these ids: a referral that left the shown page is no longer selected. */
  keepOnly(referralIds: readonly string[]): void;
  clear(): void;
  ids(): string[];
  /** Called after every change; returns what stops the calls. */
  subscribe(listener: () => void): () => void;
}

export const createQueueSelection = (): QueueSelection => {
  const selected = new Set<string>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  return {
    has: (id) => selected.has(id),
    set: (id, on) => {
      if (on === selected.has(id)) return;
      if (on) selected.add(id);
      else selected.delete(id);
      changed();
    },
    keepOnly: (ids) => {
      const kept = new Set(ids);
      const before = selected.size;
      for (const id of [...selected]) if (!kept.has(id)) selected.delete(id);
      if (selected.size !== before) changed();
    },
    clear: () => {
      if (selected.size === 0) return;
      selected.clear();
      changed();
    },
    ids: () => [...selected],
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};

export type BulkAction = 'claim' | 'send';

/** What one referral's action came to: done, or refused by the API with its reason. */
export interface BulkOutcome {
  referralId: string;
  title?: string;
  done: boolean;
  /** The API's refusal (a 409 when the referral changed since the page was read, a 403 off one's platforms). */
  refusal?: string;
}

/**
 * Runs one action on each selected referral, one after the other, each through the referral's
 * own route with the version the officer saw (expectedVersion): the API decides each alone, so
 * one refusal stops nothing else and nothing is done on a referral that changed meanwhile.
 */
export const runBulk = async (items: readonly QueueItem[], act: (item: QueueItem) => Promise<unknown>): Promise<BulkOutcome[]> => {
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    const named = { referralId: item.referralId, ...(item.title !== undefined ? { title: item.title } : {}) };
    try {
      await act(item);
      outcomes.push({ ...named, done: true });
    } catch (error) {
      outcomes.push({ ...named, done: false, refusal: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
};

export const selectedCsvColumns = ['referralId', 'platform', 'status', 'priority', 'category', 'legalRoute', 'url', 'title', 'reportCount', 'unitCount', 'firstReportedAt', 'deadlineAt', 'version'] as const;

/**
 * The selected referrals as the API listed them on the shown page, one CSV row each, through the
 * one CSV writer of every export (it defuses spreadsheet formulas in titles and URLs).
 */
export const selectedCsv = (items: readonly QueueItem[]): string => csvRows([selectedCsvColumns, ...items.map((item) => selectedCsvColumns.map((column) => item[column]))]);
