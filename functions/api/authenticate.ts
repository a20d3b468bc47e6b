import { jwtVerify, SignJWT } from 'jose';
import { accessClaims, principalFromClaims, type Principal, type Role } from '../contract/principal';

export type AuthFailure = { status: 401; message: string };
export type AuthResult = { ok: true; principal: Principal } | { ok: false; failure: AuthFailure };

/** Reads the caller from a request: its Authorization header and, in Lambda, the authorizer's claims. */
export type Authenticator = (request: { authorization: string | undefined; authorizerClaims: Record<string, unknown> | undefined }) => Promise<AuthResult>;

const devIssuer = 'referral-desk-local';
const devAudience = 'referral-desk';

const fail = (message: string): AuthResult => ({ ok: false, failure: { status: 401, message } });

/**
 * HTTP API's JWT authorizer passes array claims as strings like "[referrer analyst]";
 * both that form and a real array are accepted.
 */
const normalizeGroups = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
};

const principalFrom = (claims: Record<string, unknown>): AuthResult => {
  const parsed = accessClaims.safeParse({ ...claims, 'cognito:groups': normalizeGroups(claims['cognito:groups']) });
  if (!parsed.success) return fail(`token claims are incomplete: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return { ok: true, principal: principalFromClaims(parsed.data) };
};

/** In the cloud, API Gateway's JWT authorizer has verified the token; the claims are trusted. */
export const apiGatewayAuthenticator: Authenticator = async ({ authorizerClaims }) =>
  authorizerClaims ? principalFrom(authorizerClaims) : fail('no verified token claims');

/**
 * The local stack verifies its own dev tokens: HS256 only, so `alg: none` and tokens
 * signed with another key or algorithm are refused, as is anything expired.
 */
export const localAuthenticator = (secret: string): Authenticator => {
  const key = new TextEncoder().encode(secret);
  return async ({ authorization }) => {
    if (!authorization) return fail('missing bearer token');
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
    if (!match?.[1]) return fail('Authorization header must be "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(match[1], key, { algorithms: ['HS256'], issuer: devIssuer, audience: devAudience });
      return principalFrom(payload as Record<string, unknown>);
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'invalid token';
      return fail(`token rejected (${reason})`);
    }
  };
};

export interface DevTokenRequest {
  /** One role, or several: an officer may be in several Cognito groups (liaison and analyst, say). */
  role: Role | readonly Role[];
  unit: string;
  sub?: string;
  platforms?: string[];
  /** Lifetime in seconds; default 12 hours (a shift). */
  expiresInSeconds?: number;
}

/** Signs a dev token with the same claims the Cognito authorizer passes in the cloud. */
export const signDevToken = async (secret: string, request: DevTokenRequest, now = new Date()): Promise<string> => {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const groups: Role[] = typeof request.role === 'string' ? [request.role] : [...request.role];
  return new SignJWT({
    'cognito:groups': groups,
    'custom:unit': request.unit,
    ...(request.platforms && request.platforms.length > 0 ? { 'custom:platforms': request.platforms.join(',') } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub ?? `${groups.join('+')}@${request.unit}`)
    .setIssuer(devIssuer)
    .setAudience(devAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.expiresInSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(secret));
};
