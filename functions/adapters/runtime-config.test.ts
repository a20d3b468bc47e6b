import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from './runtime-config';

describe('readRuntimeConfig', () => {
  it('refuses a local evidence folder without the secret that signs its upload tickets', () => {
    // Tickets signed with an empty key could be forged by anyone.
    expect(() => readRuntimeConfig({ TABLE_NAME: 't', EVIDENCE_DIR: '/tmp/evidence' })).toThrow(/DEV_AUTH_SECRET/);
    expect(readRuntimeConfig({ TABLE_NAME: 't', EVIDENCE_DIR: '/tmp/evidence', DEV_AUTH_SECRET: 's'.repeat(32) }).EVIDENCE_DIR).toBe('/tmp/evidence');
    expect(readRuntimeConfig({ TABLE_NAME: 't' }).EVIDENCE_DIR).toBeUndefined();
  });
});
