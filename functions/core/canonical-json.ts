/** A JSON value as zod-parsed records hold it (no undefined inside arrays). */
export type JsonValue = string | number | boolean | null | undefined | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values this desk hashes: keys sorted by UTF-16
 * code units at every level, no white space, absent (undefined) members left out, strings and
 * numbers as ECMAScript's JSON.stringify writes them, which is what RFC 8785 section 3.2.2 asks.
 */
export const canonicalJson = (value: JsonValue): string => {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};
