import { describe, expect, it } from 'vitest';
import { TimeStampReq } from 'pkijs';
import { buildTimestampRequest, sha256Oid } from './timestamp-request';

const digest = new Uint8Array(32).fill(7);

describe('buildTimestampRequest', () => {
  it('asks for a SHA-256 imprint with the TSA certificate and a nonce the answer must repeat', () => {
    const request = buildTimestampRequest(digest, (length) => new Uint8Array(length).fill(0xff));
    const parsed = TimeStampReq.fromBER(request.der.buffer);
    expect(parsed.messageImprint.hashAlgorithm.algorithmId).toBe(sha256Oid);
    expect([...parsed.messageImprint.hashedMessage.valueBlock.valueHexView]).toEqual([...digest]);
    expect(parsed.certReq).toBe(true);
    // All-ones random bytes still give a positive INTEGER of eight bytes.
    expect(request.nonce).toBe('7fffffffffffffff');
    expect(Buffer.from(parsed.nonce!.valueBlock.valueHexView).toString('hex')).toBe(request.nonce);
  });

  it('uses a fresh nonce for every request', () => {
    expect(buildTimestampRequest(digest).nonce).not.toBe(buildTimestampRequest(digest).nonce);
  });

  it('refuses anything but a SHA-256 digest', () => {
    expect(() => buildTimestampRequest(new Uint8Array(20))).toThrow(RangeError);
  });
});
