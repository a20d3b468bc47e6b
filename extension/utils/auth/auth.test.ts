import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AuthError, cognitoConfigFromEnv, createAuth, pkceChallenge } from './auth';
import { authItem } from '../storage';

const config = cognitoConfigFromEnv({ WXT_COGNITO_DOMAIN: 'auth.example.invalid/', WXT_COGNITO_CLIENT_ID: 'client-1' });

const tokenAnswer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('auth', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('signs in with authorization code + PKCE and stores the tokens', async () => {
    let authorizeUrl: URL | undefined;
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      tokenAnswer({ access_token: 'access-1', refresh_token: 'refresh-1', expires_in: 3600, token_type: 'Bearer' }),
    );
    const auth = createAuth({
      fetch: fetch as unknown as typeof globalThis.fetch,
      now: () => 1_000,
      config,
      redirectUrl: () => 'https://ext-id.chromiumapp.org/',
      launchWebAuthFlow: async ({ url }) => {
        authorizeUrl = new URL(url);
        return `https://ext-id.chromiumapp.org/?code=the-code&state=${authorizeUrl.searchParams.get('state')}`;
      },
    });
    await auth.signIn();
    expect(authorizeUrl?.origin + authorizeUrl!.pathname).toBe('https://auth.example.invalid/oauth2/authorize');
    expect(authorizeUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://auth.example.invalid/oauth2/token');
    const form = new URLSearchParams(String(init?.body));
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('the-code');
    // The verifier sent to the token endpoint is the one behind the challenge sent to the browser.
    expect(await pkceChallenge(form.get('code_verifier')!)).toBe(authorizeUrl?.searchParams.get('code_challenge'));
    expect(await authItem.getValue()).toEqual({ kind: 'oauth', accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 3_601_000 });
    expect(await auth.token()).toBe('access-1');
  });

  it('refuses an answer whose state does not match', async () => {
    const auth = createAuth({
      fetch: vi.fn() as unknown as typeof fetch,
      now: () => 0,
      config,
      redirectUrl: () => 'https://ext-id.chromiumapp.org/',
      launchWebAuthFlow: async () => 'https://ext-id.chromiumapp.org/?code=x&state=forged',
    });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(await authItem.getValue()).toBeNull();
  });

  it('refreshes an access token close to expiry and keeps the refresh token', async () => {
    await authItem.setValue({ kind: 'oauth', accessToken: 'old', refreshToken: 'refresh-1', expiresAt: 30_000 });
    const fetch = vi.fn(async () => tokenAnswer({ access_token: 'new', expires_in: 3600, token_type: 'Bearer' }));
    const auth = createAuth({ fetch: fetch as unknown as typeof globalThis.fetch, now: () => 0, config, redirectUrl: () => '', launchWebAuthFlow: vi.fn() });
    expect(await auth.token()).toBe('new');
    expect(await authItem.getValue()).toEqual({ kind: 'oauth', accessToken: 'new', refreshToken: 'refresh-1', expiresAt: 3_600_000 });
  });

  it('uses a pasted dev token as is and reports status without the token', async () => {
    const auth = createAuth({ fetch: vi.fn() as unknown as typeof fetch, now: () => 0, config: undefined, redirectUrl: () => '', launchWebAuthFlow: vi.fn() });
    await auth.useDevToken('dev-token');
    expect(await auth.token()).toBe('dev-token');
    expect(await auth.status()).toEqual({ signedIn: true, method: 'dev', cognitoConfigured: false });
    await expect(auth.signIn()).rejects.toBeInstanceOf(AuthError);
    await auth.signOut();
    expect(await auth.token()).toBeUndefined();
  });
});
