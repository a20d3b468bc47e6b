import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from './runtime-config';

/** Reads a Secrets Manager secret's string value by ARN. */
export const secretReader = (config: Pick<RuntimeConfig, 'AWS_REGION'>) => {
  const client = new SecretsManagerClient({ region: config.AWS_REGION });
  return async (arn: string): Promise<string> => {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (secret.SecretString === undefined) throw new Error(`secret ${arn} has no string value`);
    return secret.SecretString;
  };
};
