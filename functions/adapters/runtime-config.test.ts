import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isPlatformId, platformById, useDefaultPlatformRegistry } from '../core/platforms/platforms';
import { readRuntimeConfig } from './runtime-config';

describe('readRuntimeConfig', () => {
  it('refuses a local evidence folder without the secret that signs its upload tickets', () => {
    // Tickets signed with an empty key could be forged by anyone.
    expect(() => readRuntimeConfig({ TABLE_NAME: 't', EVIDENCE_DIR: '/tmp/evidence' })).toThrow(/DEV_AUTH_SECRET/);
    expect(readRuntimeConfig({ TABLE_NAME: 't', EVIDENCE_DIR: '/tmp/evidence', DEV_AUTH_SECRET: 's'.repeat(32) }).EVIDENCE_DIR).toBe('/tmp/evidence');
    expect(readRuntimeConfig({ TABLE_NAME: 't' }).EVIDENCE_DIR).toBeUndefined();
  });

  it('refuses a TSA without the trust anchor its tokens are verified against; without a TSA none is asked', () => {
    expect(() => readRuntimeConfig({ TABLE_NAME: 't', TSA_URL: 'https://tsa.example/tsr' })).toThrow(/TSA_TRUST_ANCHOR_FILE/);
    expect(() => readRuntimeConfig({ TABLE_NAME: 't', TSA_URL: 'ftp://tsa.example/tsr', TSA_TRUST_ANCHOR_FILE: '/etc/tsa-ca.pem' })).toThrow(/TSA_URL/);
    expect(readRuntimeConfig({ TABLE_NAME: 't', TSA_URL: 'https://tsa.example/tsr', TSA_TRUST_ANCHOR_FILE: '/etc/tsa-ca.pem' }).TSA_URL).toBe('https://tsa.example/tsr');
    expect(readRuntimeConfig({ TABLE_NAME: 't' }).TSA_URL).toBeUndefined();
  });

  describe('PLATFORM_REGISTRY_FILE', () => {
    const folder = mkdtempSync(join(tmpdir(), 'platform-registry-'));
    afterEach(() => useDefaultPlatformRegistry());
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const write = (name: string, text: string): string => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return path;
    };

    it('reads a deployment registry at start, over the default', () => {
      const path = write('ok.json', JSON.stringify({ platforms: [{ id: 'example-files', name: 'Example Files', domains: ['files.example'], channel: 'manual', referralDeadlineHours: 48, tco: { establishment: null, contactPoint: null, legalRepresentative: { entity: 'Example Rep BV', memberState: 'NL', source: 'files.example/legal' } } }] }));
      readRuntimeConfig({ TABLE_NAME: 't', PLATFORM_REGISTRY_FILE: path });
      expect(isPlatformId('example-files')).toBe(true);
      expect(platformById('example-files').tco.legalRepresentative?.memberState).toBe('NL');
      expect(isPlatformId('telegram')).toBe(true);
    });

    it('stops the function at start on a file that is not JSON or not a valid registry, naming the problem', () => {
      expect(() => readRuntimeConfig({ TABLE_NAME: 't', PLATFORM_REGISTRY_FILE: write('bad.json', '{') })).toThrow(/could not be read as JSON/);
      expect(() => readRuntimeConfig({ TABLE_NAME: 't', PLATFORM_REGISTRY_FILE: write('invalid.json', JSON.stringify({ platforms: [{ id: 'X!' }] })) })).toThrow(/is invalid: platforms\.0\.id/);
      expect(() => readRuntimeConfig({ TABLE_NAME: 't', PLATFORM_REGISTRY_FILE: join(folder, 'missing.json') })).toThrow(/could not be read/);
      expect(isPlatformId('example-files')).toBe(false);
    });
  });
});
