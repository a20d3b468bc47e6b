import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LocalDynamoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const childEntry = fileURLToPath(new URL('./dynalite-child.mjs', import.meta.url));

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * dynalite on 127.0.0.1 in a child process, with LevelDB under the data folder so data
 * survives restarts. Its own process lets DynamoDB work run on the second core while
 * the API and the handlers keep the first.
 */
export const startLocalDynamo = async (options: { dataDir: string; port?: number }): Promise<LocalDynamoServer> => {
  const child = fork(childEntry, [JSON.stringify({ path: options.dataDir, port: options.port ?? 0 })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: { type?: string; port?: number; message?: string }) => {
      if (message.type === 'listening' && typeof message.port === 'number') resolve(message.port);
      if (message.type === 'error') reject(new Error(`dynalite failed to start: ${message.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`dynalite exited before listening (code ${code})`)));
    child.once('error', reject);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timeout);
    },
  };
};
