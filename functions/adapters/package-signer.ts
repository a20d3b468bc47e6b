import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Signs an evidence package's SHA256SUMS with the deployment's key: ECDSA P-256 over SHA-256, a
 * DER signature that `openssl dgst -sha256 -verify <public key> -signature <sig>` checks.
 */
export interface PackageSigner {
  algorithm: string;
  publicKeyPem(): Promise<string>;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * The local stack's key, in a PEM file made on first use: the same key signs every package of
 * that stack, so a package exported yesterday still verifies against today's public key.
 */
export const localPackageSigner = (keyFile: string): PackageSigner => {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(keyFile));
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    algorithm: 'ECDSA P-256 with SHA-256 (local stack key)',
    publicKeyPem: async () => publicPem,
    sign: async (data) => new Uint8Array(sign('sha256', data, privateKey)),
  };
};
