import * as z from 'zod';
import { authItem, type AuthState } from '../storage';

/** Cognito hosted UI settings from the build environment; sign-in is off when they are missing. */
export interface CognitoConfig {
  domain: string;
  clientId: string;
  scopes: readonly string[];
}

export const cognitoConfigFromEnv = (env: Record<string, string | undefined>): CognitoConfig | undefined => {
  const domain = env.WXT_COGNITO_DOMAIN?.replace(/\/+$/, '');
  const clientId = env.WXT_COGNITO_CLIENT_ID;
  if (!domain || !clientId) return undefined;
  return { domain: domain.startsWith('http') ? domain : `https://${domain}`, clientId, scopes: ['openid', 'email', 'profile'] };
};

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** RFC 7636: a 43-character verifier from 32 random bytes and its S256 challenge. */
export const createPkcePair = async (): Promise<{ verifier: string; challenge: string }> => {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: await pkceChallenge(verifier) };
};

export const pkceChallenge = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
});

export class AuthError extends Error {
  constructor(
    readonly code: 'not_configured' | 'cancelled' | 'state_mismatch' | 'token_exchange_failed' | 'no_refresh_token',
    message: string,
  ) {
    super(message);
  }
}

export interface AuthDeps {
  fetch: typeof fetch;
  now: () => number;
  config: CognitoConfig | undefined;
  launchWebAuthFlow: (details: { url: string; interactive: boolean }) => Promise<string | undefined>;
  redirectUrl: () => string;
}

/** Refresh this long before expiry so a request never leaves with a token about to lapse. */
const expirySkewMs = 60_000;

export const createAuth = (deps: AuthDeps) => {
  const exchange = async (config: CognitoConfig, form: Record<string, string>): Promise<AuthState> => {
    const response = await deps.fetch(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: config.clientId, ...form }).toString(),
    });
    const parsed = tokenResponse.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      throw new AuthError('token_exchange_failed', `token endpoint answered HTTP ${response.status}`);
    }
    return {
      kind: 'oauth',
      accessToken: parsed.data.access_token,
      // Cognito does not rotate refresh tokens by default: keep the old one when none comes back.
      ...(parsed.data.refresh_token !== undefined ? { refreshToken: parsed.data.refresh_token } : form.refresh_token ? { refreshToken: form.refresh_token } : {}),
      expiresAt: deps.now() + parsed.data.expires_in * 1000,
    };
  };

  const refresh = async (state: Extract<AuthState, { kind: 'oauth' }>): Promise<AuthState | undefined> => {
    if (!deps.config || !state.refreshToken) return undefined;
    try {
      const next = await exchange(deps.config, { grant_type: 'refresh_token', refresh_token: state.refreshToken });
      await authItem.setValue(next);
      return next;
    } catch {
      return undefined;
    }
  };

  return {
    /** Authorization code + PKCE through the browser's own auth window; the verifier never leaves this closure. */
    async signIn(): Promise<void> {
      const config = deps.config;
      if (!config) throw new AuthError('not_configured', 'Cognito is not configured in this build (WXT_COGNITO_DOMAIN, WXT_COGNITO_CLIENT_ID)');
      const { verifier, challenge } = await createPkcePair();
      const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
      const redirectUri = deps.redirectUrl();
      const authorize = new URL(`${config.domain}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      const redirected = await deps.launchWebAuthFlow({ url: authorize.toString(), interactive: true });
      if (!redirected) throw new AuthError('cancelled', 'sign-in was cancelled');
      const params = new URL(redirected).searchParams;
      if (params.get('state') !== state) throw new AuthError('state_mismatch', 'sign-in answer does not match the request');
      const code = params.get('code');
      if (!code) throw new AuthError('cancelled', params.get('error_description') ?? params.get('error') ?? 'no authorization code');
      await authItem.setValue(
        await exchange(config, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
      );
    },

    async useDevToken(token: string | null): Promise<void> {
      await authItem.setValue(token === null ? null : { kind: 'dev', token });
    },

    signOut: (): Promise<void> => authItem.setValue(null),

    /** The bearer token for an API call, refreshing OAuth tokens near expiry or after a 401. */
    async token(options: { forceRefresh?: boolean } = {}): Promise<string | undefined> {
      const state = await authItem.getValue();
      if (state === null) return undefined;
      if (state.kind === 'dev') return state.token;
      if (options.forceRefresh === true || state.expiresAt - expirySkewMs <= deps.now()) {
        const next = await refresh(state);
        if (next?.kind === 'oauth') return next.accessToken;
        return options.forceRefresh === true ? state.accessToken : undefined;
      }
      return state.accessToken;
    },

    async status(): Promise<{ signedIn: boolean; method: 'dev' | 'oauth' | null; cognitoConfigured: boolean }> {
      const state = await authItem.getValue();
      return { signedIn: state !== null, method: state?.kind ?? null, cognitoConfigured: deps.config !== undefined };
    },
  };
};

export type Auth = ReturnType<typeof createAuth>;
