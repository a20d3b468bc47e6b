import type { IncomingMessage } from 'node:http';

/**
 * The whole body of a request to one of the local sandboxes, as text. A body over `maxBytes`
 * destroys the request: the sandboxes stand in for a platform's or a pager's endpoint, which
 * would refuse it too, and must not buffer whatever a test or a misconfigured stage sends.
 */
export const readRequestBody = (request: IncomingMessage, maxBytes: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
