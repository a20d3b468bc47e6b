import { describe, expect, it } from 'vitest';
import { contentHashesOf, minimumMirrorTextLength } from './content-hashes';

// FIPS 180-2 / NIST SHA-256 example, two-block message (56 characters).
const nistMessage = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const nistDigest = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';

describe('contentHashesOf', () => {
  it('hashes the trimmed selected text (the published SHA-256 vector) and lists screenshots', () => {
    const hashes = contentHashesOf({
      selectedText: `  ${nistMessage}\n`,
      capture: { artifacts: [{ kind: 'screenshot', sha256: 'a'.repeat(64) }, { kind: 'mhtml', sha256: 'b'.repeat(64) }] },
    });
    expect(hashes).toEqual([
      { kind: 'text', sha256: nistDigest },
      { kind: 'screenshot', sha256: 'a'.repeat(64) },
    ]);
  });

  it('normalizes the text to NFC, so the same words typed two ways are one content', () => {
    const composed = `Caf\u00e9 ${'x'.repeat(minimumMirrorTextLength)}`;
    const decomposed = `Cafe\u0301 ${'x'.repeat(minimumMirrorTextLength)}`;
    expect(contentHashesOf({ selectedText: composed })).toEqual(contentHashesOf({ selectedText: decomposed }));
  });

  it('ignores selected text too short to identify a copy', () => {
    expect(contentHashesOf({ selectedText: 'x'.repeat(minimumMirrorTextLength - 1) })).toEqual([]);
    expect(contentHashesOf({})).toEqual([]);
  });
});
