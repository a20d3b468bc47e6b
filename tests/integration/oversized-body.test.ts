import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError } from '../../functions/contract/api-error';
import { maxBodyBytes } from '../../functions/api/api-env';
import { makeReport } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * A body refused before it is read (413) must not poison the client's pooled keep-alive
 * connection: Node's fetch reuses connections, and the next request on a half-read socket
 * ended in a connection error.
 */
let local: LocalStackHandle;
let token: string;

beforeAll(async () => {
  local = await startLocalStack();
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
});

afterAll(async () => {
  await local?.stop();
});

const oversized = JSON.stringify({ ...makeReport(), selectedText: 'A'.repeat(maxBodyBytes * 3) });

/** A body of unknown length (chunked), so the limit can only be found while reading it. */
const chunked = (text: string): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 16_384));
      offset += 16_384;
    },
  });
};

describe('a refused oversized body leaves the connection usable', () => {
  it.each([
    ['with a Content-Length', () => oversized],
    ['chunked', () => chunked(oversized)],
  ] as const)('413 %s, then the next requests over Node fetch all answer', async (_, body) => {
    const failures: string[] = [];
    for (let round = 0; round < 60; round += 1) {
      try {
        const refused = await fetch(`${local.apiUrl}/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body(), duplex: 'half' } as RequestInit);
        expect(refused.status).toBe(413);
        expect(apiError.parse(await refused.json()).error.code).toBe('payload_too_large');
      } catch (error) {
        failures.push(`413 request, round ${round}: ${String((error as Error).cause ?? error)}`);
      }
      try {
        const next = await fetch(`${local.apiUrl}/v1/health`);
        expect(next.status).toBe(200);
        await next.arrayBuffer();
      } catch (error) {
        failures.push(`next request, round ${round}: ${String((error as Error).cause ?? error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
