import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPackageSigner, packageSignerFor, spkiPem } from './package-signer';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'package-signer-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('package signers', () => {
  it('keeps the local key across restarts, so yesterday\'s package verifies against today\'s public key', async () => {
    const file = join(directory, 'key.pem');
    const first = localPackageSigner(file);
    const signature = await first.sign(new TextEncoder().encode('SHA256SUMS'));
    const second = localPackageSigner(file);
    expect(await second.publicKeyPem()).toBe(await first.publicKeyPem());
    expect(verify('sha256', new TextEncoder().encode('SHA256SUMS'), await second.publicKeyPem(), signature)).toBe(true);
    expect(verify('sha256', new TextEncoder().encode('SHA256SUMS!'), await second.publicKeyPem(), signature)).toBe(false);
  });

  it('turns the DER public key KMS answers into the PEM openssl reads', async () => {
    const pem = await localPackageSigner(join(directory, 'key.pem')).publicKeyPem();
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(spkiPem(new Uint8Array(der))).toBe(pem);
  });

  it('picks the KMS key in the cloud, the key file on the local stack, and none without either', () => {
    expect(packageSignerFor({ PACKAGE_SIGNING_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/x', AWS_REGION: 'eu-west-1' })?.algorithm).toMatch(/KMS/);
    expect(packageSignerFor({ PACKAGE_SIGNING_KEY_FILE: join(directory, 'key.pem'), AWS_REGION: 'eu-west-1' })?.algorithm).toMatch(/local/);
    expect(packageSignerFor({ AWS_REGION: 'eu-west-1' })).toBeUndefined();
  });
});
