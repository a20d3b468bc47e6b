import { createHash } from 'node:crypto';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A name-based UUID (RFC 9562 section 5.5, version 5: SHA-1 of namespace and name). The same
 * thing exported twice gets the same id, so a partner's MISP or STIX store updates what it has
 * instead of filing a duplicate; STIX 2.1 requires exactly this for cyber-observable ids.
 */
export const uuidV5 = (namespace: string, name: string): string => {
  if (!uuidPattern.test(namespace)) throw new Error(`namespace ${namespace} is not a lower-case UUID`);
  const digest = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The namespace of every id this desk names (a fixed random UUID, never to change: ids built on it are shared). */
export const referralDeskNamespace = '6d1f3b5e-2a4c-4f0e-9b7d-8c1e5a2f3d90';

/** Each unit names its own objects: two units exporting the same wallet produce two producers' indicators. */
export const unitNamespace = (unit: string): string => uuidV5(referralDeskNamespace, `unit:${unit}`);
