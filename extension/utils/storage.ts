import { storage } from 'wxt/utils/storage';
import type { LookupResult, ReportV1, EvidenceArtifactV1 } from './contract';

/**
 * Every piece of extension storage, declared once. Tokens and the outbox live in `local`
 * (they must survive a browser restart); short-lived state lives in `session`.
 */

export const defaultApiUrl = 'http://127.0.0.1:8787';

export interface Settings {
  apiUrl: string;
  /** Check every page on navigation; off by default so browsing leaves no lookups behind. */
  autoLookup: boolean;
}

/** API base URL and behaviour switches the officer sets on the options page. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: { apiUrl: import.meta.env.WXT_API_URL || defaultApiUrl, autoLookup: false },
  version: 1,
});

export type AuthState =
  | { kind: 'dev'; token: string }
  | { kind: 'oauth'; accessToken: string; refreshToken?: string; expiresAt: number };

/**
 * Credentials. Only the background reads this item; pages ask the background for a
 * sign-in status and never see a token.
 */
export const authItem = storage.defineItem<AuthState | null>('local:auth', { fallback: null, version: 1 });

export interface OutboxArtifact extends EvidenceArtifactV1 {
  uploaded: boolean;
}

export interface OutboxEntry {
  submissionId: string;
  report: ReportV1;
  createdAt: string;
  attempts: number;
  /** Epoch ms; the alarm is set for the earliest of these. */
  nextAttemptAt: number;
  lastError?: { status?: number; message: string };
  artifacts: OutboxArtifact[];
}

/**
 * Reports not yet accepted by the API. Version 1 (pre-release builds) stored bare reports;
 * version 2 adds retry bookkeeping and the evidence upload state.
 */
export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', {
  fallback: [],
  version: 2,
  migrations: {
    2: (old: unknown): OutboxEntry[] =>
      (Array.isArray(old) ? (old as ReportV1[]) : []).map((report) => ({
        submissionId: report.submissionId,
        report,
        createdAt: new Date(0).toISOString(),
        attempts: 0,
        nextAttemptAt: 0,
        artifacts: (report.capture?.artifacts ?? []).map((artifact) => ({ ...artifact, uploaded: false })),
      })),
  },
});

export interface RejectedEntry {
  submissionId: string;
  url: string;
  category: string;
  status: number;
  message: string;
  rejectedAt: string;
}

/** Reports the API refused for good (4xx other than 401/408/429), kept so the officer sees why. */
export const rejectedItem = storage.defineItem<RejectedEntry[]>('local:rejected', { fallback: [], version: 1 });

/**
 * Bytes of one captured artifact, base64, keyed by its SHA-256 so a retry uploads exactly
 * what was hashed at capture time. Removed once the report is accepted.
 */
export const evidenceBlobItem = (sha256: string) => storage.defineItem<string>(`local:evidence:${sha256}`);

export interface CachedLookup {
  result: LookupResult;
  fetchedAt: number;
}

/** Deconfliction answers by page URL, about a minute old at most. */
export const lookupCacheItem = storage.defineItem<Record<string, CachedLookup>>('session:lookupCache', {
  fallback: {},
});

export interface ContextTag {
  pageUrl?: string;
  linkUrl?: string;
  srcUrl?: string;
  mediaType?: string;
  selectionText?: string;
  taggedAt: number;
}

/** What the officer right-clicked, per tab, for the popup to prefill from. */
export const contextTagsItem = storage.defineItem<Record<string, ContextTag>>('session:contextTags', {
  fallback: {},
});
