import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from 'fauxqs';
import { startChildService } from './child-service';

/**
 * fauxqs's own `startFauxqs` always listens on 0.0.0.0. We build its app ourselves and
 * listen on 127.0.0.1 only, wiring the same SQLite persistence it would use. Its store
 * and persistence classes are not in the package's export map, so they are loaded from
 * the resolved package folder.
 */
interface Closable {
  close(): void;
}
interface PersistenceManagerLike extends Closable {
  load(sqs: unknown, sns: unknown, s3: unknown): void;
  db?: { exec(sql: string): void };
}
interface SqsStoreLike {
  persistence?: unknown;
  allQueues(): { persistence?: unknown }[];
}

// The export map has only an "import" condition, so require.resolve cannot find it:
// look for the package folder along Node's module search paths instead.
const fauxqsDist = (() => {
  const candidates = createRequire(import.meta.url).resolve.paths('fauxqs') ?? [];
  const found = candidates.map((dir) => join(dir, 'fauxqs', 'dist')).find((dist) => existsSync(join(dist, 'app.js')));
  if (!found) throw new Error('fauxqs is not installed (npm ci)');
  return found;
})();
const load = async <T>(relative: string): Promise<T> => (await import(pathToFileURL(join(fauxqsDist, relative)).href)) as T;

export interface LocalSqsServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** fauxqs in this process; sqs-child.ts runs it in its own process (startLocalSqs). */
export const serveLocalSqsInProcess = async (options: { dataDir: string; port?: number }): Promise<LocalSqsServer> => {
  const { SqsStore } = await load<{ SqsStore: new () => SqsStoreLike }>('sqs/sqsStore.js');
  const { SnsStore } = await load<{ SnsStore: new () => { persistence?: unknown } }>('sns/snsStore.js');
  const { S3Store } = await load<{ S3Store: new () => { persistence?: unknown } }>('s3/s3Store.js');
  const { PersistenceManager } = await load<{ PersistenceManager: new (dir: string) => PersistenceManagerLike }>('persistence.js');

  const sqsStore = new SqsStore();
  const snsStore = new SnsStore();
  const s3Store = new S3Store();
  const persistence = new PersistenceManager(options.dataDir);
  // fauxqs writes every send, receive and delete through to SQLite in WAL mode; the default
  // synchronous=FULL adds an fsync per write. NORMAL keeps every committed message across a
  // crash of this process (the WAL is written before the call returns) and only leaves the
  // last ones to an operating-system crash or power cut, which a laptop stack can accept.
  persistence.db?.exec('PRAGMA synchronous = NORMAL');
  // Load before attaching persistence, as fauxqs does, so loading does not write back.
  persistence.load(sqsStore, snsStore, s3Store);
  sqsStore.persistence = persistence;
  snsStore.persistence = persistence;
  s3Store.persistence = persistence;
  for (const queue of sqsStore.allQueues()) queue.persistence = persistence;

  const app = buildApp({
    logger: false,
    // buildApp's store types are internal to fauxqs; ours are the same classes.
    stores: { sqsStore, snsStore, s3Store } as unknown as NonNullable<Parameters<typeof buildApp>[0]>['stores'],
  });
  app.addHook('preClose', () => persistence.close());
  const address = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await app.close();
    },
  };
};

const childEntry = fileURLToPath(new URL('./sqs-child.ts', import.meta.url));

/**
 * fauxqs on 127.0.0.1 in a child process (SQLite persistence under the data folder), so
 * queue work runs beside, not inside, the event loop of the API and the handlers.
 */
export const startLocalSqs = (options: { dataDir: string; port?: number }): Promise<LocalSqsServer> =>
  startChildService('fauxqs', childEntry, { dataDir: options.dataDir, port: options.port ?? 0 }, ['--import', 'tsx']);
