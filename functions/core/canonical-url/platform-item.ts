/** One query parameter, unescaped; `value` is null for a bare `?key`. */
export interface QueryParam {
  key: string;
  value: string | null;
}

export interface ItemInput {
  /** Registry platform id (see platforms.ts). */
  platform: string;
  host: string;
  segments: readonly string[];
  params: readonly QueryParam[];
  /**
   * Raw fragment without '#', or null. Read only by the forms that name content there
   * (Telegram Web chats, MEGA keys, matrix.to, legacy hashbang links).
   */
  fragment: string | null;
}

export interface PlatformItem {
  /** The item key, or null when the URL names an item we cannot resolve offline (short links). */
  contentKey: string | null;
  rule: string;
  /** The platform's own URL for the item; omitted to keep the canonical URL built from the input. */
  canonicalUrl?: string;
  /** When the canonical URL is built from the input, only these query parameters stay. */
  keepParams?: readonly string[];
  /** Human-readable notes, e.g. a fragment that looked like a key but was malformed and dropped. */
  notes?: readonly string[];
}

export const param = (params: readonly QueryParam[], key: string): string | null => {
  for (const p of params) if (p.key === key) return p.value;
  return null;
};

/** A short or share link: only the platform can say what it points at, so it stays its own content. */
export const unresolvedShortLink = (platform: string): PlatformItem => ({ contentKey: null, rule: `platform:${platform}-short-link-unresolved` });
