import { deflateSync, inflateSync } from 'node:zlib';

/**
 * What pdf-lib asks of pako (zlib deflate and inflate), done by Node's own zlib. The bundler
 * puts this in pako's place, which keeps ~45 KB of JavaScript zlib out of the API's bundle
 * (the 1 MB budget of referral-desk.test.ts); the streams are the same zlib format.
 */
export const deflate = (data: Uint8Array, options?: { level?: number }): Uint8Array =>
  new Uint8Array(deflateSync(data, options?.level === undefined ? {} : { level: options.level }));

export const inflate = (data: Uint8Array): Uint8Array => new Uint8Array(inflateSync(data));

// eslint-disable-next-line no-restricted-syntax -- pdf-lib imports pako's default export, so the stand-in has one.
export default { deflate, inflate };
