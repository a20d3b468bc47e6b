import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableHandle } from '../../functions/adapters/table/operations';

type Send = DynamoDBDocumentClient['send'];

const through = (table: TableHandle, send: (command: unknown, real: (command: unknown) => Promise<unknown>) => Promise<unknown>): TableHandle => ({
  name: table.name,
  client: { send: ((command: unknown) => send(command, (c) => (table.client.send as (c: unknown) => Promise<unknown>)(c))) as Send } as DynamoDBDocumentClient,
});

/**
 * The real table behind a client that dies once, like a Lambda killed mid-message, when `dies`
 * picks a command: before it is sent (`before`) or right after it succeeded (`after`).
 */
export const crashingOnce = (table: TableHandle, when: 'before' | 'after', dies: (command: unknown) => boolean): TableHandle => {
  let crashed = false;
  return through(table, async (command, real) => {
    const fatal = !crashed && dies(command);
    if (fatal) crashed = true;
    if (fatal && when === 'before') throw new Error('process died');
    const result = await real(command);
    if (fatal) throw new Error('process died');
    return result;
  });
};

/**
 * The real table behind a client whose process dies for good when `dies` picks a command: that
 * command succeeds, and it and every later one fail, so no clean-up after it reaches the table
 * (a Lambda timed out or out of memory, rather than an error its code catches).
 */
export const dyingAfter = (table: TableHandle, dies: (command: unknown) => boolean): TableHandle => {
  let dead = false;
  return through(table, async (command, real) => {
    if (dead) throw new Error('process died');
    const result = await real(command);
    if (dies(command)) {
      dead = true;
      throw new Error('process died');
    }
    return result;
  });
};

/**
 * The real table behind a client that, after it read an item whose sort key starts with
 * `skPrefix`, waits for `go`: a second delivery of the same message, slow between its read and its writes.
 */
export const pausingAfterRead = (table: TableHandle, skPrefix: string, go: Promise<void>, read: () => void): TableHandle =>
  through(table, async (command, real) => {
    const result = await real(command);
    if (command instanceof GetCommand && String(command.input.Key?.['sk']).startsWith(skPrefix)) {
      read();
      await go;
    }
    return result;
  });
