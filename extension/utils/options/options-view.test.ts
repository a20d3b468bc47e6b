import { describe, expect, it } from 'vitest';
import { apiOriginPattern } from './options-view';

describe('apiOriginPattern', () => {
  it('asks for the host of an https API', () => {
    expect(apiOriginPattern('https://abc123.execute-api.eu-west-1.amazonaws.com/')).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/*');
    expect(apiOriginPattern('https://api.unit.example:8443/v1')).toBe('https://api.unit.example/*');
  });

  it('asks for nothing for the local http API or an unparseable value', () => {
    expect(apiOriginPattern('http://127.0.0.1:8787')).toBeUndefined();
    expect(apiOriginPattern('not a url')).toBeUndefined();
  });
});
