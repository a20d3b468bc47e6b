import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per function; correlation ids are appended per record. */
export const createLogger = (serviceName: string): Logger =>
  new Logger({ serviceName, logLevel: (process.env['POWERTOOLS_LOG_LEVEL'] as 'INFO' | undefined) ?? 'INFO' });
