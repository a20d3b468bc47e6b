import { serveLocalSqsInProcess } from './fauxqs-server';

/** Child process entry: fauxqs for the local stack, stopped over the IPC channel. */
const options = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; port?: number };

serveLocalSqsInProcess(options).then(
  (server) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // Closing the app closes the SQLite database, so every accepted message is on disk.
      void server.stop().then(() => process.exit(0));
    };
    process.on('message', (message: { type?: string }) => {
      if (message.type === 'stop') stop();
    });
    // The parent died without stopping us: close the database and go.
    process.on('disconnect', stop);
    process.send?.({ type: 'listening', port: server.port });
  },
  (error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
