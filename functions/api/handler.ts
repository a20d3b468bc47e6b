import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../adapters/runtime-config';
import { createApi } from './app';
import { createApiDependencies } from './dependencies';
import { loadCursorKey } from './cursor-key';
import { secretReader } from '../adapters/secrets';

type LambdaHandler = ReturnType<typeof handle>;
let ready: Promise<LambdaHandler> | undefined;

/** Once per cold start: the configuration, the cursor key from Secrets Manager, the adapters. */
const coldStart = async (): Promise<LambdaHandler> => {
  const config = readRuntimeConfig();
  const cursorKey = await loadCursorKey(config, secretReader(config));
  return handle(createApi(createApiDependencies(config, '', { cursorKey })));
};

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local stack serves. */
export const handler: LambdaHandler = async (event, context) => {
  // A failed cold start (the secret unreadable) is tried again by the next request.
  ready ??= coldStart().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
