import { fork, type ChildProcess } from 'node:child_process';

/** A service of the local stack running in its own process, listening on 127.0.0.1. */
export interface ChildService {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * Forks `entry`, which answers `{ type: 'listening', port }` (or `{ type: 'error' }`) over
 * IPC and stops cleanly on `{ type: 'stop' }` or when this process goes away. A child that
 * does not stop within 10 s is killed.
 */
export const startChildService = async (name: string, entry: string, options: unknown, execArgv: string[] = []): Promise<ChildService> => {
  const child = fork(entry, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type?: string; port?: number; message?: string }) => {
      if (message.type === 'listening' && typeof message.port === 'number') resolve(message.port);
      if (message.type === 'error') reject(new Error(`${name} failed to start: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited before listening (code ${code})`)));
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
