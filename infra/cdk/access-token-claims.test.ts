import { describe, expect, it } from 'vitest';
import { handler } from './access-token-claims';

describe('access token claims trigger', () => {
  it('adds unit and platforms to the access token', async () => {
    const event = await handler({
      request: { userAttributes: { sub: 'u-1', 'custom:unit': 'eu-iru', 'custom:platforms': 'telegram,x', email: 'a@b.c' } },
      response: {},
    });
    expect(event.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { 'custom:unit': 'eu-iru', 'custom:platforms': 'telegram,x' } },
      },
    });
  });

  it('adds nothing an officer does not have', async () => {
    const event = await handler({ request: { userAttributes: { sub: 'u-2', 'custom:unit': 'fr-pharos' } }, response: {} });
    expect(JSON.stringify(event.response)).not.toContain('platforms');
  });
});
