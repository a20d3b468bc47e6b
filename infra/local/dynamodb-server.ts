import { fileURLToPath } from 'node:url';
import { startChildService, type ChildService } from './child-service';

export type LocalDynamoServer = ChildService;

const childEntry = fileURLToPath(new URL('./dynalite-child.mjs', import.meta.url));

/**
 * dynalite on 127.0.0.1 in a child process, with LevelDB under the data folder so data
 * survives restarts. Its own process lets DynamoDB work run on the second core while
 * the API and the handlers keep the first.
 */
export const startLocalDynamo = (options: { dataDir: string; port?: number }): Promise<LocalDynamoServer> =>
  startChildService('dynalite', childEntry, { path: options.dataDir, port: options.port ?? 0 });
