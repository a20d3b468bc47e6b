import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
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

/** A DER SubjectPublicKeyInfo as the PEM `openssl dgst -verify` reads. */
export const spkiPem = (der: Uint8Array): string => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();

/**
 * The cloud's key: a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) whose private half never
 * leaves KMS. KMS signs the SHA-256 digest (MessageType DIGEST, so SHA256SUMS may exceed the
 * 4 KB a RAW message allows) and answers a DER ECDSA signature, the form openssl checks.
 */
export const kmsPackageSigner = (client: KMSClient, keyId: string): PackageSigner => {
  let publicPem: Promise<string> | undefined;
  return {
    algorithm: 'ECDSA P-256 with SHA-256 (AWS KMS key of the deployment)',
    publicKeyPem: () =>
      (publicPem ??= client.send(new GetPublicKeyCommand({ KeyId: keyId })).then((answer) => {
        if (!answer.PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
        return spkiPem(answer.PublicKey);
      })),
    sign: async (data) => {
      const digest = createHash('sha256').update(data).digest();
      const answer = await client.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
      if (!answer.Signature) throw new Error(`KMS returned no signature for ${keyId}`);
      return answer.Signature;
    },
  };
};

/** The deployment's signer: the KMS key in the cloud, the local stack's key file; none otherwise. */
export const packageSignerFor = (config: { PACKAGE_SIGNING_KEY_ID?: string | undefined; PACKAGE_SIGNING_KEY_FILE?: string | undefined; AWS_REGION: string }): PackageSigner | undefined => {
  if (config.PACKAGE_SIGNING_KEY_ID) return kmsPackageSigner(new KMSClient({ region: config.AWS_REGION }), config.PACKAGE_SIGNING_KEY_ID);
  if (config.PACKAGE_SIGNING_KEY_FILE) return localPackageSigner(config.PACKAGE_SIGNING_KEY_FILE);
  return undefined;
};
