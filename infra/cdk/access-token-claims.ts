/**
 * Cognito pre token generation trigger (event version V2_0): copies `custom:unit` and
 * `custom:platforms` into the access token. The extension sends its access token to the API,
 * and Cognito puts custom attributes only into ID tokens by default, while the API authorizes
 * on them (functions/contract/principal.ts).
 */
export interface PreTokenGenerationV2Event {
  request: { userAttributes: Record<string, string | undefined> };
  response: Record<string, unknown>;
}

export const accessTokenClaims = (userAttributes: Record<string, string | undefined>): Record<string, string> => {
  const claims: Record<string, string> = {};
  for (const name of ['custom:unit', 'custom:platforms']) {
    const value = userAttributes[name];
    if (value !== undefined && value !== '') claims[name] = value;
  }
  return claims;
};

export const handler = async (event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: accessTokenClaims(event.request.userAttributes) },
    },
  };
  return event;
};
