// Child process that runs dynalite, so that LevelDB and DynamoDB request parsing use the
// machine's second core instead of the event loop that serves the API and runs the
// Lambda handlers. Started and stopped by dynamodb-server.ts over the IPC channel.
import dynalite from 'dynalite';
import process from 'node:process';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // dynalite's close waits for in-flight operations and closes LevelDB cleanly.
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
};

server.once('error', (error) => {
  process.send?.({ type: 'error', message: String(error?.message ?? error) });
  process.exit(1);
});
server.listen(options.port ?? 0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: server.address().port });
});
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
});
// The parent died without stopping us: do not linger holding the LevelDB lock.
process.on('disconnect', stop);
