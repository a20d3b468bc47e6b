import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiError } from '../../functions/contract/api-error';

/**
 * Requests Node's HTTP parser refuses before the router sees them (a request line and headers
 * over 16 KB, a malformed request) get Node's bare status line by default: an empty 431 or 400
 * that a client cannot tell from a broken proxy. They get the API's JSON error instead.
 * (In the cloud, API Gateway refuses these itself, before the function.)
 */
export const answerClientErrorsAsJson = (server: Server): void => {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body: ApiError = tooLarge
      ? { error: { code: 'headers_too_large', message: 'request line and headers exceed 16 KB; send long values in a JSON body' } }
      : { error: { code: 'bad_request', message: 'malformed HTTP request' } };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Connection: close\r\n\r\n' +
        json,
    );
  });
};
