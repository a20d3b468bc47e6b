import { describe, expect, it } from 'vitest';
import { unitNamespace, uuidV5 } from './stable-id';

describe('uuidV5', () => {
  it('matches the published version 5 vectors', () => {
    // RFC 9562 appendix A.4: the DNS namespace and www.example.com.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Python's uuid.uuid5(uuid.NAMESPACE_URL, 'http://www.ietf.org/rfc/rfc4122.txt').
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'http://www.ietf.org/rfc/rfc4122.txt')).toBe('d0690b3c-b29d-52e7-81b0-d573b503f2d4');
  });

  it('names each unit in its own namespace', () => {
    expect(unitNamespace('eu-iru')).not.toBe(unitNamespace('de-bka'));
    expect(unitNamespace('eu-iru')).toBe(unitNamespace('eu-iru'));
  });

  it('refuses a namespace that is no UUID', () => {
    expect(() => uuidV5('not-a-uuid', 'x')).toThrow();
  });
});
