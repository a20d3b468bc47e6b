import type { CaptureManifestV1 } from '../../contract/report';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const canonical = (value: Json): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * The bytes a capture manifest is stamped over: its JSON with keys sorted at every level and no
 * white space (RFC 8785, JSON Canonicalization Scheme, for a manifest's strings and integers), so
 * anyone holding the manifest can rebuild them and check the token with `openssl ts -verify -data`.
 */
export const captureManifestBytes = (manifest: CaptureManifestV1): Uint8Array<ArrayBuffer> => new TextEncoder().encode(canonical(manifest as unknown as Json));
