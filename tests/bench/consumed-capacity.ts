import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { referralTable } from '../../infra/resources';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const require = createRequire(import.meta.url);
/** dynalite's item size (DynamoDB's rule: attribute names plus values), the size its capacity units come from. */
const { itemSize } = require('dynalite/db/index.js') as { itemSize: (item: Item) => number };

/** Capacity units DynamoDB would bill, summed over every request that went through the proxy. */
export interface ConsumedCapacity {
  /** Table write units, as dynalite reports them when asked with ReturnConsumedCapacity. */
  tableWriteUnits: number;
  /**
   * Write units of the global secondary indexes, computed here from the item before and after each
   * write (dynalite reports the table only): a put or delete of the index entry costs the entry's
   * size in KB, a changed index key both, an entry whose attributes changed the larger of the two.
   */
  indexWriteUnits: number;
  /**
   * Writes refused by their condition: DynamoDB bills them (the item's size in KB, at least one
   * unit); dynalite reports nothing for a refused write.
   */
  refusedWriteUnits: number;
  /** Read units as dynalite reports them (eventually consistent reads at half a unit per 4 KB). */
  readUnits: number;
  /** DynamoDB requests, by operation. */
  requests: Record<string, number>;
  /**
   * Write units by partition: the table's `pk`, or `<index>:<index pk>` for an index entry. A
   * partition takes at most 1,000 write units a second, whatever the table's capacity.
   */
  partitionWriteUnits: Record<string, number>;
}

export const writeUnitsOf = (capacity: ConsumedCapacity): number =>
  capacity.tableWriteUnits + capacity.indexWriteUnits + capacity.refusedWriteUnits;

export const capacityBetween = (before: ConsumedCapacity, after: ConsumedCapacity): ConsumedCapacity => ({
  tableWriteUnits: after.tableWriteUnits - before.tableWriteUnits,
  indexWriteUnits: after.indexWriteUnits - before.indexWriteUnits,
  refusedWriteUnits: after.refusedWriteUnits - before.refusedWriteUnits,
  readUnits: after.readUnits - before.readUnits,
  requests: Object.fromEntries(
    Object.entries(after.requests).map(([op, count]) => [op, count - (before.requests[op] ?? 0)]),
  ),
  partitionWriteUnits: Object.fromEntries(
    Object.entries(after.partitionWriteUnits)
      .map(([partition, units]) => [partition, units - (before.partitionWriteUnits[partition] ?? 0)] as const)
      .filter(([, units]) => units > 0),
  ),
});

const writeUnitsForSize = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

type IndexDescription = (typeof referralTable.globalIndexes)[number];

/**
 * The index entry of an item: the item itself for an index projecting ALL, else the table's and the
 * index's keys and the projected attributes the item has. DynamoDB bills an index write, and stores
 * the entry, by this size, not the item's.
 */
export const projectedEntry = (item: Item, index: IndexDescription): Item => {
  if (index.projection.type === 'ALL') return item;
  const names = [referralTable.partitionKey.name, referralTable.sortKey.name, index.partitionKey.name, index.sortKey.name, ...index.projection.nonKeyAttributes];
  return Object.fromEntries(names.filter((attribute) => item[attribute] !== undefined).map((attribute) => [attribute, item[attribute]!]));
};

const indexKey = (item: Item | undefined, index: IndexDescription): string | undefined => {
  const pk = item?.[index.partitionKey.name];
  const sk = item?.[index.sortKey.name];
  return pk && sk ? JSON.stringify([pk, sk]) : undefined;
};

const stringValue = (value: AttributeValue | undefined): string => String(value?.['S'] ?? value?.['N'] ?? '');

/**
 * What the indexes cost for one item changing from `before` to `after` (either may be absent), by
 * index partition: an index entry put or deleted costs its projected size in KB, a changed index
 * key both, an entry whose projected attributes changed the larger of the two; a write that changes
 * no projected attribute writes nothing to the index.
 */
export const indexWriteUnits = (before: Item | undefined, after: Item | undefined): Record<string, number> => {
  const units: Record<string, number> = {};
  const add = (index: string, item: Item, pkName: string, amount: number) => {
    const partition = `${index}:${stringValue(item[pkName])}`;
    units[partition] = (units[partition] ?? 0) + amount;
  };
  for (const index of referralTable.globalIndexes) {
    const was = indexKey(before, index);
    const is = indexKey(after, index);
    const pkName = index.partitionKey.name;
    const entry = (item: Item) => projectedEntry(item, index);
    const size = (item: Item) => writeUnitsForSize(itemSize(entry(item)));
    if (was && (!is || was !== is)) add(index.indexName, before!, pkName, size(before!));
    if (is && (!was || was !== is)) add(index.indexName, after!, pkName, size(after!));
    if (was && is && was === is && !sameEntry(entry(before!), entry(after!))) {
      add(index.indexName, after!, pkName, Math.max(size(before!), size(after!)));
    }
  }
  return units;
};

/** Attribute order differs between a put's item and dynalite's answer: compare attribute by attribute. */
const sameEntry = (a: Item, b: Item): boolean => {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => b[name] !== undefined && canonical(a[name]) === canonical(b[name]));
};

/** A value with its sets sorted and its map keys ordered, so equal values print the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y));
    return `{${entries.map(([key, inner]) => `${key}:${['SS', 'NS', 'BS'].includes(key) && Array.isArray(inner) ? JSON.stringify([...inner].sort()) : canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const sumUnits = (consumed: unknown): number =>
  ([] as { CapacityUnits?: number }[])
    .concat((consumed ?? []) as { CapacityUnits?: number })
    .reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export interface ConsumedCapacityProxy {
  /** Points the proxy at dynalite and returns the endpoint the handlers should use instead. */
  forwardTo(dynaliteEndpoint: string): string;
  snapshot(): ConsumedCapacity;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of dynalite that asks every request for its consumed capacity
 * (ReturnConsumedCapacity) and adds up what DynamoDB would bill. The handlers' own requests and
 * answers are otherwise passed through unchanged.
 */
export const startConsumedCapacityProxy = async (): Promise<ConsumedCapacityProxy> => {
  let target = '';
  const totals: ConsumedCapacity = { tableWriteUnits: 0, indexWriteUnits: 0, refusedWriteUnits: 0, readUnits: 0, requests: {}, partitionWriteUnits: {} };
  const addToPartition = (partition: string, units: number) => {
    totals.partitionWriteUnits[partition] = (totals.partitionWriteUnits[partition] ?? 0) + units;
  };

  const call = async (headers: Record<string, string>, operation: string, body: unknown) =>
    fetch(target, {
      method: 'POST',
      headers: { ...headers, 'x-amz-target': `DynamoDB_20120810.${operation}` },
      body: JSON.stringify(body),
    });

  /** The item as it is now, read straight from dynalite (not counted: only the handlers' requests are). */
  const currentItem = async (headers: Record<string, string>, tableName: string, key: Item): Promise<Item | undefined> => {
    const response = await call(headers, 'GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
    return ((await response.json()) as { Item?: Item }).Item;
  };

  const keyOf = (item: Item): Item => ({
    [referralTable.partitionKey.name]: item[referralTable.partitionKey.name]!,
    [referralTable.sortKey.name]: item[referralTable.sortKey.name]!,
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
    }
    const measured = readOperations.has(operation) || writeOperations.has(operation);
    if (!measured) {
      const answer = await fetch(target, { method: 'POST', headers, body: new Uint8Array(raw) });
      return send(response, answer, Buffer.from(await answer.arrayBuffer()));
    }
    totals.requests[operation] = (totals.requests[operation] ?? 0) + 1;
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    body['ReturnConsumedCapacity'] = 'TOTAL';

    // Writes: the items before, so the indexes' share can be worked out once the write is done.
    const writes: { table: string; key: Item; after?: Item; before?: Item; reread: boolean }[] = [];
    if (operation === 'PutItem') {
      const item = body['Item'] as Item;
      writes.push({ table: String(body['TableName']), key: keyOf(item), after: item, reread: false });
    } else if (operation === 'UpdateItem' || operation === 'DeleteItem') {
      writes.push({ table: String(body['TableName']), key: body['Key'] as Item, reread: operation === 'UpdateItem' });
    } else if (operation === 'BatchWriteItem') {
      for (const [table, requests] of Object.entries(body['RequestItems'] as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>)) {
        for (const entry of requests) {
          if (entry['PutRequest']?.Item) writes.push({ table, key: keyOf(entry['PutRequest'].Item), after: entry['PutRequest'].Item, reread: false });
          if (entry['DeleteRequest']?.Key) writes.push({ table, key: entry['DeleteRequest'].Key, reread: false });
        }
      }
    }
    for (const write of writes) write.before = await currentItem(headers, write.table, write.key);

    const answer = await call(headers, operation, body);
    const answerBody = Buffer.from(await answer.arrayBuffer());
    const parsed = JSON.parse(answerBody.toString('utf8') || '{}') as Record<string, unknown>;
    const pkOf = (key: Item) => stringValue(key[referralTable.partitionKey.name]);
    if (answer.ok) {
      const units = sumUnits(parsed['ConsumedCapacity']);
      if (readOperations.has(operation)) totals.readUnits += units;
      else totals.tableWriteUnits += units;
      for (const write of writes) {
        const after = write.reread ? await currentItem(headers, write.table, write.key) : write.after;
        // A batch reports its units per table: each item's share is its own size.
        const sizes = [write.before, after].filter((item): item is Item => item !== undefined).map((item) => writeUnitsForSize(itemSize(item)));
        addToPartition(pkOf(write.key), writes.length === 1 ? units : Math.max(1, ...sizes));
        for (const [partition, indexUnits] of Object.entries(indexWriteUnits(write.before, after))) {
          totals.indexWriteUnits += indexUnits;
          addToPartition(partition, indexUnits);
        }
      }
    } else if (String(parsed['__type'] ?? '').endsWith('ConditionalCheckFailedException') && writes[0]) {
      const refused = writeUnitsForSize(writes[0].before ? itemSize(writes[0].before) : 0);
      totals.refusedWriteUnits += refused;
      addToPartition(pkOf(writes[0].key), refused);
    }
    return send(response, answer, answerBody);
  };

  const send = (response: ServerResponse, answer: Response, body: Buffer): void => {
    const headers: Record<string, string> = {};
    // The body is passed on unchanged, so dynalite's CRC32 header still matches it.
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
    });
    response.writeHead(answer.status, { ...headers, 'content-length': String(body.byteLength) });
    response.end(body);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    forwardTo: (dynaliteEndpoint) => {
      target = dynaliteEndpoint;
      return endpoint;
    },
    snapshot: () => ({ ...totals, requests: { ...totals.requests }, partitionWriteUnits: { ...totals.partitionWriteUnits } }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
