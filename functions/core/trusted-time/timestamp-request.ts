import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, MessageImprint, TimeStampReq } from 'pkijs';

/** id-sha256 (RFC 5754): the one hash this desk asks a TSA to stamp. */
export const sha256Oid = '2.16.840.1.101.3.4.2.1';

/** An RFC 3161 request, and the nonce its answer must repeat. */
export interface TimestampRequest {
  der: Uint8Array<ArrayBuffer>;
  /** Hex of the request's nonce (a positive INTEGER): a token that does not carry it answers another request. */
  nonce: string;
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Builds a TimeStampReq (RFC 3161 section 2.4.1) over a SHA-256 digest: a fresh 64-bit nonce,
 * and certReq so the TSA puts its certificate in the token and the token verifies on its own.
 */
export const buildTimestampRequest = (sha256Digest: Uint8Array, randomBytes: (length: number) => Uint8Array = (length) => crypto.getRandomValues(new Uint8Array(length))): TimestampRequest => {
  if (sha256Digest.byteLength !== 32) throw new RangeError('a SHA-256 digest is 32 bytes');
  const nonce = randomBytes(8);
  // A positive INTEGER without a leading zero byte: DER of a nonce whose first bit is set would need one.
  nonce[0] = (nonce[0]! & 0x7f) | 0x40;
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: sha256Oid, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256Digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return { der: new Uint8Array(request.toSchema().toBER()), nonce: toHex(nonce) };
};
