import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../adapters/runtime-config';
import { createApi } from './app';
import { createApiDependencies } from './dependencies';

type LambdaHandler = ReturnType<typeof handle>;
let lambdaHandler: LambdaHandler | undefined;

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local stack serves. */
export const handler: LambdaHandler = (event, context) => {
  lambdaHandler ??= handle(createApi(createApiDependencies(readRuntimeConfig())));
  return lambdaHandler(event, context);
};
