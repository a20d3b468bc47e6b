import type { CaptureManifestV1 } from '../../contract/report';
import { canonicalJson, type JsonValue } from '../canonical-json';

/**
 * The bytes a capture manifest is stamped over: its canonical JSON (RFC 8785), so anyone holding
 * the manifest can rebuild them and check the token with `openssl ts -verify -data`.
 */
export const captureManifestBytes = (manifest: CaptureManifestV1): Uint8Array<ArrayBuffer> => new TextEncoder().encode(canonicalJson(manifest as JsonValue));
