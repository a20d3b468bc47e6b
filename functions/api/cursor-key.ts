import type { RuntimeConfig } from '../adapters/runtime-config';

/** Reads a secret's string value by ARN (Secrets Manager in the cloud). */
export type SecretReader = (arn: string) => Promise<string>;

/**
 * The HMAC key of opaque queue cursors, read once per cold start. In the cloud it is a secret
 * the stateful stack generated: a key derived from the stage and table names (public to anyone
 * who sees a deployment) would let a caller forge cursors. The local stack uses its dev secret.
 */
export const loadCursorKey = async (config: Pick<RuntimeConfig, 'DEV_AUTH_SECRET' | 'CURSOR_KEY_SECRET_ARN' | 'STAGE' | 'TABLE_NAME'>, readSecret: SecretReader): Promise<string> => {
  if (config.DEV_AUTH_SECRET) return config.DEV_AUTH_SECRET;
  if (!config.CURSOR_KEY_SECRET_ARN) throw new Error('CURSOR_KEY_SECRET_ARN is required: the queue cursor key is a generated secret, never derived from names');
  const key = await readSecret(config.CURSOR_KEY_SECRET_ARN);
  if (key.length < 32) throw new Error('the queue cursor key secret must hold 32 characters or more');
  return key;
};
