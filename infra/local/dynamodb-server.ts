import type { Server } from 'node:http';
import dynalite from 'dynalite';

export interface LocalDynamoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** dynalite on 127.0.0.1, with LevelDB under the data folder so data survives restarts. */
export const startLocalDynamo = async (options: { dataDir: string; port?: number }): Promise<LocalDynamoServer> => {
  const server: Server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('dynalite did not bind a TCP port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
};
